"""Read and validate the declarative data files in ``data/``.

The schema lives beside the data in ``data/schema.toml``. :func:`load_catalog`
checks every row of every file against it, then the references between files,
and raises one :class:`~geo.errors.DataError` that lists every problem with its
file, row and field.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import shapely

from geo.errors import DataError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LIST_SEPARATOR = "|"
SHAPES_FILE = "shapes.geojson"  # polygons of areas whose recipe is shape:<id> (imported from GIS files)


@dataclass(frozen=True)
class Catalog:
    """The validated data tables, one DataFrame each, indexed by ``id``."""

    sources: pd.DataFrame
    areas: pd.DataFrame
    indicators: pd.DataFrame
    enterprises: pd.DataFrame
    towns: pd.DataFrame
    seat_fallbacks: pd.DataFrame
    stations: pd.DataFrame
    shapes: Mapping[str, shapely.Geometry] = field(default_factory=dict)
    version: str = ""  # the data folder's version it was read from (:func:`data_version`)
    digests: Mapping[str, str] = field(default_factory=dict)  # table name (and "shapes") -> digest of its file

    def digest_of(self, names: Iterable[str]) -> str:
        """Return one digest of the files some tables were read from: it changes when any of them changes.

        A table without a recorded digest (a catalog not made by :func:`load_catalog`)
        counts as changed with every version.
        """
        parts = "|".join(f"{name}={self.digests.get(name) or 'version:' + self.version}" for name in names)
        return hashlib.sha256(parts.encode()).hexdigest()[:16]

    def table(self, name: str) -> pd.DataFrame:
        """Return a table by its schema name."""
        return getattr(self, name)

    def area_row(self, area_id: str) -> pd.Series:
        """Return the row of an area, or of a township unit when ``area_id`` is a unit's code (it has a cell)."""
        return self.areas.loc[area_id] if area_id in self.areas.index else self.towns.loc[area_id]


def data_fingerprint(data_dir: Path = DATA_DIR) -> tuple[tuple[str, int, int], ...]:
    """Return name, modification time and size of every data file: it changes when an import writes."""
    files = sorted(p for p in data_dir.iterdir() if p.is_file() and p.suffix in (".csv", ".toml", ".geojson"))
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def data_version(data_dir: Path = DATA_DIR) -> str:
    """Return a short name of the data folder's current version: a hash of its :func:`data_fingerprint`."""
    return hashlib.sha256(repr(data_fingerprint(data_dir)).encode()).hexdigest()[:16]


DataSource = Path | Mapping[str, bytes]  # a data folder, or its files' contents by name (a stored version)


def _file(source: DataSource, name: str) -> bytes | None:
    """Return one data file's bytes from a folder or a mapping (None when it is not there)."""
    if isinstance(source, Path):
        path = source / name
        return path.read_bytes() if path.is_file() else None
    return source.get(name)


def contents_version(files: Mapping[str, bytes]) -> str:
    """Return a short name of a set of data files' contents (16 hex digits of a SHA-256)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(f"{name}\0{len(files[name])}\0".encode())
        digest.update(files[name])
    return digest.hexdigest()[:16]


def load_schema(data_dir: DataSource = DATA_DIR) -> dict:
    """Return the parsed ``schema.toml`` of a data folder (or of a mapping of its files)."""
    blob = _file(data_dir, "schema.toml")
    if blob is None:
        raise FileNotFoundError(f"schema.toml is missing from {data_dir if isinstance(data_dir, Path) else 'the data'}")
    return tomllib.loads(blob.decode("utf-8"))["tables"]


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Return a data CSV's header and its rows as dicts of stripped strings."""
    return rows_from_bytes(path.read_bytes())


def rows_from_bytes(blob: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """Return a data CSV's (UTF-8) header and its rows as dicts of stripped strings."""
    reader = csv.DictReader(io.StringIO(blob.decode("utf-8"), newline=""))
    rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    return list(reader.fieldnames or []), rows


def rows_to_csv(fields: list[str], rows: list[dict[str, str]]) -> bytes:
    """Return rows as the data folder's CSV: UTF-8 without BOM, newline line ends, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _check_value(value: str, spec: dict) -> str | None:
    """Return why ``value`` breaks ``spec``, or None when it is fine."""
    kind = spec.get("type", "str")
    items = value.split(LIST_SEPARATOR) if kind == "list" else [value]
    for item in items:
        if kind in ("int", "year") and not re.fullmatch(r"-?\d+", item):
            return f"{item!r} is not a whole number"
        if kind == "year" and not 1900 <= int(item) <= 2100:
            return f"{item!r} is not a plausible year"
        if kind == "float":
            try:
                float(item)
            except ValueError:
                return f"{item!r} is not a number"
        if kind == "date" and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", item):
            return f"{item!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        if "choices" in spec and item not in spec["choices"]:
            return f"{item!r} is not one of {', '.join(spec['choices'])}"
        if "pattern" in spec and not re.fullmatch(spec["pattern"], item):
            return f"{item!r} does not match {spec['pattern']}"
    return None


def validate_rows(
    fname: str,
    header: list[str],
    rows: list[dict[str, str]],
    fields: dict[str, dict],
    lines: list[int] | None = None,
) -> list[str]:
    """Check rows of strings against field specs; return every problem (file, row and field named).

    Parameters
    ----------
    fname
        The file name used in messages.
    header
        The columns the file has.
    rows
        One dict of column -> text per row.
    fields
        Field name -> spec, from ``schema.toml``. A field with ``optional_column``
        may be absent from the header (its cells read as empty).
    lines
        The line (spreadsheet row) number of each row; by default 2, 3, … under a header row.
    """
    problems = [
        f"{fname}: missing column {col!r}"
        for col, spec in fields.items()
        if col not in header and not spec.get("optional_column")
    ]
    problems += [f"{fname}: unknown column {col!r}" for col in header if col not in fields]
    seen: dict[str, dict[str, int]] = {col: {} for col, spec in fields.items() if spec.get("unique")}
    for line, row in zip(lines or range(2, len(rows) + 2), rows, strict=True):
        for col, spec in fields.items():
            value = row.get(col, "")
            if not value:
                if spec.get("required") and col in header:
                    problems.append(f"{fname} row {line} field {col!r}: required but empty")
                continue
            why = _check_value(value, spec)
            if why:
                problems.append(f"{fname} row {line} field {col!r}: {why}")
            if col in seen:
                if value in seen[col]:
                    problems.append(
                        f"{fname} row {line} field {col!r}: {value!r} already used on row {seen[col][value]}"
                    )
                seen[col].setdefault(value, line)
        problems += _alignment_problems(fname, line, row, fields)
    return problems


def _alignment_problems(fname: str, line: int, row: dict[str, str], fields: dict[str, dict]) -> list[str]:
    """Return a problem for every ``aligned_with`` list whose item count differs from its partner's."""
    problems = []
    for col, spec in fields.items():
        partner = spec.get("aligned_with")
        if not partner:
            continue
        mine, theirs = (len(list(filter(None, row.get(c, "").split(LIST_SEPARATOR)))) for c in (col, partner))
        if mine != theirs:
            problems.append(
                f"{fname} row {line} field {col!r}: {mine} item(s), but {partner!r} has {theirs}: give one per item"
            )
    return problems


def validate_table(name: str, path: Path, fields: dict[str, dict]) -> tuple[list[dict], list[str]]:
    """Validate one file against its field specs.

    Parameters
    ----------
    name
        The table's schema name, used in messages.
    path
        The CSV file.
    fields
        Field name -> spec, from ``schema.toml``.

    Returns
    -------
    tuple
        The rows (as dicts of strings) and the list of problems found.
    """
    return _validate_blob(name, path.name, path.read_bytes() if path.is_file() else None, fields)


def _validate_blob(name: str, fname: str, blob: bytes | None, fields: dict[str, dict]) -> tuple[list[dict], list[str]]:
    if blob is None:
        return [], [f"{fname}: file missing (table {name})"]
    header, rows = rows_from_bytes(blob)
    return rows, validate_rows(fname, header, rows, fields)


def ref_targets(spec: dict) -> list[tuple[str, str]]:
    """Return the ``(table, field)`` pairs a field's ``ref`` names (``"areas.id|towns.id"``: either)."""
    pairs = [target.split(".", 1) for target in spec["ref"].split("|")]
    return [(table, column) for table, column in pairs]


def _check_refs(schema: dict, rows: dict[str, list[dict]]) -> list[str]:
    problems = []
    for name, table in schema.items():
        for col, spec in table["fields"].items():
            if "ref" not in spec:
                continue
            known = {r.get(ref_col, "") for ref_table, ref_col in ref_targets(spec) for r in rows.get(ref_table, [])}
            for line, row in enumerate(rows.get(name, []), start=2):
                value = row.get(col, "")
                items = value.split(LIST_SEPARATOR) if spec.get("type") == "list" else [value]
                for item in filter(None, items):
                    if item not in known:
                        problems.append(
                            f"{table['file']} row {line} field {col!r}: {item!r} is not a known {spec['ref']}"
                        )
    return problems


def _to_frame(rows: list[dict], fields: dict[str, dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(fields), dtype=object).fillna("")
    for col, spec in fields.items():
        kind = spec.get("type", "str")
        if kind == "float":
            frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce").astype(float)
        elif kind in ("int", "year"):
            frame[col] = pd.to_numeric(frame[col].replace("", None), errors="coerce").astype("Int64")
        elif kind == "list":
            frame[col] = [tuple(filter(None, v.split(LIST_SEPARATOR))) for v in frame[col]]
    return frame.set_index("id", drop=False) if "id" in frame else frame


def load_catalog(data_dir: DataSource = DATA_DIR, version: str | None = None) -> Catalog:
    """Load, validate and cross-check every data file.

    Parameters
    ----------
    data_dir
        Folder holding ``schema.toml`` and the CSV files, or those files'
        contents by name (a version read from a store): validated the same way.
    version
        The version's name for the catalog; by default the folder's
        :func:`data_version`, or the mapping's :func:`contents_version`.

    Returns
    -------
    Catalog
        One DataFrame per table, indexed by ``id``, with typed columns, and the
        folder's :func:`data_version` taken before reading (a file written while
        it reads makes the folder's version differ, so a reader reloads).

    Raises
    ------
    DataError
        Listing every problem of every file.
    """
    if version is None:
        version = data_version(data_dir) if isinstance(data_dir, Path) else contents_version(data_dir)
    schema = load_schema(data_dir)
    blobs = {name: _file(data_dir, table["file"]) for name, table in schema.items()} | {
        "shapes": _file(data_dir, SHAPES_FILE)
    }
    rows, problems = {}, []
    for name, table in schema.items():
        rows[name], found = _validate_blob(name, table["file"], blobs[name], table["fields"])
        problems += found
    problems += _check_refs(schema, rows)
    shapes, found = shapes_from_bytes(SHAPES_FILE, blobs["shapes"])
    problems += found
    if problems:
        raise DataError(problems)
    frames = {name: _to_frame(rows[name], table["fields"]) for name, table in schema.items()}
    digests = {name: hashlib.sha256(blob or b"").hexdigest()[:16] for name, blob in blobs.items()}
    return Catalog(**frames, shapes=shapes, version=version, digests=digests)


def load_shapes(path: Path) -> tuple[dict[str, shapely.Geometry], list[str]]:
    """Read the stored area polygons (a GeoJSON FeatureCollection keyed by feature ``id``, WGS-84).

    Returns
    -------
    tuple
        ``{id: polygon}`` (empty when the file does not exist) and the problems found.
    """
    return shapes_from_bytes(path.name, path.read_bytes() if path.is_file() else None)


def shapes_from_bytes(fname: str, blob: bytes | None) -> tuple[dict[str, shapely.Geometry], list[str]]:
    """Read stored area polygons from a GeoJSON file's bytes (None: no file, no shapes); see :func:`load_shapes`."""
    if blob is None:
        return {}, []
    try:
        features = json.loads(blob.decode("utf-8"))["features"]
    except (ValueError, KeyError, TypeError) as exc:
        return {}, [f"{fname}: not a GeoJSON FeatureCollection ({exc})"]
    shapes, problems = {}, []
    for i, feature in enumerate(features, start=1):
        shape_id = feature.get("id")
        try:
            geom = shapely.from_geojson(json.dumps(feature.get("geometry")))
        except shapely.errors.GEOSException as exc:
            problems.append(f"{fname} feature {i} ({shape_id!r}): {exc}")
            continue
        if not shape_id or shape_id in shapes:
            problems.append(f"{fname} feature {i}: missing or repeated id {shape_id!r}")
        elif geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid:
            problems.append(f"{fname} feature {i} ({shape_id!r}): not a valid, non-empty polygon")
        else:
            shapes[shape_id] = geom
    return shapes, problems
