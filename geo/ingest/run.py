"""One import from start to finish: read, map columns, check everything, then write or refuse.

Nothing in ``data/`` changes unless every check passes: the new table is first
written into a scratch copy of the data folder and loaded there with the same
validation the app runs at start-up (schema, references between files, area
geometry). Rows are merged by ``id``: an existing id is updated in place, a new
one is added, nothing is deleted (``replace=True`` swaps the whole table).

An enterprise list needs only a name and, per row, an area or coordinates:

- a row with coordinates and no area gets the smallest mapped area containing
  its point (township cells and districts included), listed in the report so
  that the user sees it; a written area always wins;
- rows without ``source``/``section`` cite the file itself: the import adds a
  ``sources.csv`` entry (file name, SHA-256, time, row count, who imported it)
  and each row's section is its row in that file.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from geo.catalog import (
    DATA_DIR,
    SHAPES_FILE,
    Catalog,
    load_catalog,
    load_schema,
    read_rows,
    rows_to_csv,
    validate_rows,
)
from geo.errors import DataError, GeometryError
from geo.ingest.problems import IngestError, Problem
from geo.ingest.readers import RawTable, read_upload
from geo.ingest.rows import Batch
from geo.ingest.sources import FileSource
from geo.ingest.store import STAMP_LENGTH, LockTimeoutError
from geo.storage.base import Storage, StoreUnavailableError, Writer

LOG = logging.getLogger(__name__)
KINDS = ("enterprises", "indicators", "areas")
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class IngestReport:
    """What an import did (or, with ``dry_run``, would do)."""

    kind: str
    file: str
    fmt: str
    rows: int
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False
    history: Path | str | None = None  # where the previous version is kept (a folder, or a database version)
    placed: list[tuple[int, str, str, str]] = field(default_factory=list)  # (line, name, area id, area name)
    source: str | None = None

    def summary(self) -> str:
        """Return a one-paragraph account for the command line or the admin page."""
        verb = "imported" if self.written else "checked (dry run, nothing written)"
        text = (
            f"{self.file}: {self.rows} row(s) {verb} into {self.kind}: "
            f"{len(self.added)} new, {len(self.updated)} updated."
        )
        if self.placed:
            text += f" {len(self.placed)} placed by their coordinates."
        if self.source is not None:
            text += f" Rows without a source cite the file as {self.source!r}."
        if self.history is not None:
            text += f" Previous version kept in {self.history}."
        return text


def _merge(current: list[dict[str, str]], incoming: list[dict[str, str]], replace: bool) -> tuple[list, list, list]:
    """Return the merged rows, the ids added and the ids updated."""
    if replace:
        old = {r["id"] for r in current}
        return (
            incoming,
            [r["id"] for r in incoming if r["id"] not in old],
            [r["id"] for r in incoming if r["id"] in old],
        )
    position = {r["id"]: i for i, r in enumerate(current)}
    merged = [dict(r) for r in current]
    added, updated = [], []
    for row in incoming:
        if row["id"] in position:
            merged[position[row["id"]]] = row
            updated.append(row["id"])
        else:
            merged.append(row)
            added.append(row["id"])
    return merged, added, updated


def _shapes_blob(data_dir: Path, new: dict[str, Any], replace: bool) -> bytes:
    path = data_dir / SHAPES_FILE
    features = [] if replace or not path.is_file() else json.loads(path.read_text(encoding="utf-8"))["features"]
    features = [f for f in features if f.get("id") not in new]
    for shape_id, geom in new.items():
        geometry = json.loads(shapely.to_geojson(geom))
        features.append({"type": "Feature", "id": shape_id, "properties": {}, "geometry": geometry})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


def _store(target: Path | Storage) -> Storage:
    """Return the store to import into: a data folder is the files backend."""
    from geo.storage.files import FilesStorage  # it builds on geo.ingest.store: imported once both exist

    return FilesStorage(target) if isinstance(target, Path) else target


def _write(writer: Writer, files: dict[str, bytes], label: str, name: str, imported_by: str) -> Path | str:
    """Write the files of an import, all or none; a failure (a full disk) becomes a problem of the file."""
    try:
        return writer.write(files, label, imported_by)
    except StoreUnavailableError:
        raise
    except OSError as exc:
        raise IngestError([Problem(name, f"cannot write the data ({exc}); nothing was changed")]) from exc


def _areas(catalog: Catalog) -> gpd.GeoDataFrame:
    from geo.areas import areas_from_catalog  # builds cells from the packages: only when a point needs placing

    return areas_from_catalog(catalog)


def _sources_blob(path: Path, origin: FileSource, citing: int) -> bytes:
    """Return ``sources.csv`` with the imported file's entry added (or refreshed when it came in before)."""
    header, current = read_rows(path)
    entry = origin.row(citing)
    header += [f for f in entry if f not in header]
    merged = [r for r in current if r.get("id") != origin.id] + [entry]
    return rows_to_csv(header, merged)


def _trial_load(data_dir: Path, files: dict[str, bytes], kind: str, step: str = "import") -> list[str]:
    """Load the data as they would be after the ``step``, in a scratch folder; return the problems."""
    with tempfile.TemporaryDirectory(prefix="cq-ingest-trial-") as tmp:
        trial = Path(tmp)
        for path in data_dir.iterdir():
            if path.is_file():
                shutil.copy2(path, trial / path.name)
        for name, blob in files.items():
            (trial / name).write_bytes(blob)
        try:
            catalog = load_catalog(trial)
            if kind == "areas":
                from geo.areas import areas_from_catalog

                areas_from_catalog(catalog)
        except DataError as exc:
            return [f"after the {step}: {p}" for p in exc.problems]
        except GeometryError as exc:
            return [f"after the {step}: {exc}"]
    return []


@contextmanager
def _as_problems(name: str) -> Iterator[None]:
    """Turn an error no check foresaw into a problem of the file (its traceback goes to the log)."""
    try:
        yield
    except (IngestError, LockTimeoutError):
        raise
    except StoreUnavailableError as exc:  # the database went away: the transaction wrote nothing
        raise IngestError([Problem(name, f"{exc}; nothing was changed")]) from exc
    except Exception as exc:  # a bug or a library's surprise must reach the user as a problem, not a traceback
        LOG.exception("import of %r failed unexpectedly", name)
        message = f"cannot be imported: unexpected {type(exc).__name__} ({str(exc)[:200]}); nothing was changed"
        raise IngestError([Problem(name, message)]) from exc


def restore(data_dir: Path | Storage, version: str | Path, *, lock_timeout_s: float = 60.0) -> list[str]:
    """Put back the files of a kept version, or refuse when the data would no longer load.

    The current files are kept in turn, so a restore can itself be undone.
    Tables changed since that version stay as they are, so the result is
    loaded in a scratch folder first (e.g. enterprises imported later may
    name an area the old ``areas.csv`` lacks).

    Parameters
    ----------
    data_dir
        The data folder, or a store (:mod:`geo.storage`).
    version
        A kept version's name (see :meth:`geo.storage.Storage.versions`) or folder.
    lock_timeout_s
        How long to wait for an import to finish.

    Returns
    -------
    list of str
        The names of the files put back.

    Raises
    ------
    IngestError
        When there is no such version, or listing every problem the restored
        data would have; ``data_dir`` is unchanged.
    """
    storage, name = _store(data_dir), Path(version).name
    with _as_problems(name), storage.writing(lock_timeout_s) as writer:
        try:
            files = storage.kept_files(name)
        except KeyError:
            raise IngestError([Problem(name, "no such kept version")]) from None
        problems = _trial_load(writer.folder, files, "areas", step="restore")
        if problems:
            raise IngestError([Problem(name, p) for p in problems])
        # named after the restored version's time stamp only, so restoring a restore does not grow the name
        _write(writer, files, f"restore-of-{name[:STAMP_LENGTH]}", name, "restore")
    return sorted(files)


def ingest(
    kind: str,
    raw: bytes,
    name: str,
    data_dir: Path | Storage = DATA_DIR,
    *,
    dry_run: bool = False,
    replace: bool = False,
    lock_timeout_s: float = 60.0,
    imported_by: str = "command line",
    areas: gpd.GeoDataFrame | None = None,
) -> IngestReport:
    """Import one file into a data table, or refuse it with every reason.

    Parameters
    ----------
    kind
        ``enterprises``, ``indicators`` or ``areas``.
    raw, name
        The file's bytes and its name (for messages).
    data_dir
        The data folder to update, or a store (:mod:`geo.storage`).
    dry_run
        Check only; write nothing.
    replace
        Replace the whole table instead of merging rows by ``id``.
    lock_timeout_s
        How long to wait for another import to finish.
    imported_by
        Who imports, for the sources entry of the file (``admin page (address)``).
    areas
        The mapped areas and township cells of the latest year
        (:func:`geo.areas.areas_from_catalog`), to place enterprises by their
        point; built from the data when needed and not given.

    Raises
    ------
    IngestError
        Listing every problem; ``data_dir`` is unchanged.
    ValueError
        For an unknown ``kind``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    with _as_problems(name):
        return _ingest(kind, raw, name, _store(data_dir), dry_run, replace, lock_timeout_s, imported_by, areas)


def _ingest(
    kind: str,
    raw: bytes,
    name: str,
    storage: Storage,
    dry_run: bool,
    replace: bool,
    lock_timeout_s: float,
    imported_by: str,
    areas: gpd.GeoDataFrame | None,
) -> IngestReport:
    if len(raw) > MAX_BYTES:
        raise IngestError([Problem(name, f"{len(raw) / 1e6:.1f} MB is more than the {MAX_BYTES // 2**20} MB limit")])
    table = read_upload(raw, name)
    if kind == "indicators" and table.geometries is not None:
        raise IngestError([Problem(name, "indicators have no geometry: import them from CSV or XLSX")])
    origin = FileSource.of(raw, name, imported_by)
    with storage.writing(lock_timeout_s) as writer:
        data_dir = writer.folder  # the current files, as they are while we hold the store
        schema = load_schema(data_dir)
        fields = schema[kind]["fields"]
        catalog = load_catalog(data_dir)
        batch = Batch(kind, table, catalog, fields, origin, lambda: areas if areas is not None else _areas(catalog))
        rows = batch.rows()
        header = [f for f in fields if any(f in r for r in rows)] or list(fields)
        batch.problems += _schema_problems(table, rows, fields, header, batch.written)
        if batch.problems:
            raise IngestError(batch.problems)
        filename = schema[kind]["file"]
        _, current = read_rows(data_dir / filename)
        full = [{f: r.get(f, "") for f in fields} for r in rows]
        merged, added, updated = _merge(current, full, replace)
        files = {filename: rows_to_csv(list(fields), merged)}
        if batch.shapes or (kind == "areas" and replace):
            files[SHAPES_FILE] = _shapes_blob(data_dir, batch.shapes, replace)
        if batch.citing:
            files[schema["sources"]["file"]] = _sources_blob(data_dir / schema["sources"]["file"], origin, batch.citing)
        later = _trial_load(data_dir, files, kind)
        if later:
            raise IngestError(later)
        report = IngestReport(kind, name, table.fmt, len(rows), added, updated, batch.warnings, table.notes)
        report.placed = batch.placed
        report.source = origin.id if batch.citing else None
        if not dry_run:
            report.history = _write(writer, files, kind, name, imported_by)
            report.written = True
    return report


def _schema_problems(
    table: RawTable, rows: list[dict], fields: dict[str, dict], header: list[str], written: dict[str, str]
) -> list[str]:
    """Check the mapped rows against the schema, naming the file's rows (or features) and its own column names."""
    found = validate_rows(table.name, header, rows, fields, table.lines)
    found = [p for p in found if "missing column" not in p]  # reported, with the aliases, by _Batch.rows
    out = []
    for problem in found:
        if table.where == "feature":
            problem = problem.replace(" row ", " feature ", 1)
        for name, col in written.items():
            if col != name:
                problem = problem.replace(f"field {name!r}", f"column {col!r} ({name})")
        out.append(problem.replace(" field ", " column ", 1))
    return out
