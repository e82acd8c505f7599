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
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo.catalog import (
    DATA_DIR,
    SHAPES_FILE,
    Catalog,
    load_catalog,
    load_schema,
    read_rows,
    ref_targets,
    rows_to_csv,
    validate_rows,
)
from geo.crs import WGS84
from geo.errors import DataError, GeometryError
from geo.ingest.checks import check_polygon, coordinate_problem
from geo.ingest.columns import map_header
from geo.ingest.problems import IngestError, Problem
from geo.ingest.readers import RawTable, read_upload
from geo.ingest.sources import FileSource
from geo.ingest.store import HISTORY, data_lock, kept_files, replace_files, restore_files
from geo.joins import assign_points_to_areas

KINDS = ("enterprises", "indicators", "areas")
MAX_BYTES = 20 * 1024 * 1024
SHAPE_DECIMALS = 6  # ~0.1 m


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
    history: Path | None = None
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


def _area_lookup(catalog: Catalog, towns: bool = False) -> dict[str, str]:
    """Return id, Chinese and English name of every area -> its id.

    With ``towns``, also every township unit's code, its name where no other
    unit shares it, and its name after its district's (``江津区双福街道``) -> its code.
    """
    lookup: dict[str, str] = {}
    for area_id, row in catalog.areas.iterrows():
        for key in (area_id, row["name_zh"], row["name_en"]):
            if key:
                lookup.setdefault(str(key).strip().lower(), area_id)
    if not towns:
        return lookup
    units = catalog.towns
    district_names = dict(zip(catalog.areas["adcode"], catalog.areas["name_zh"], strict=True))
    names = pd.concat([units["name_zh"], units["name_2026"][units["name_2026"] != ""]])
    unique = names[~names.duplicated(keep=False)]
    for code, name in unique.items():
        lookup.setdefault(name.lower(), str(code))
    for code, unit in units.iterrows():
        lookup.setdefault(str(code), str(code))
        for year in ("district_2023", "district_2026"):
            lookup.setdefault(f"{district_names.get(unit[year], '')}{unit['name_zh']}".lower(), str(code))
    return lookup


def _slug(text: str) -> str:
    from pypinyin import lazy_pinyin

    words = lazy_pinyin(text)
    return re.sub(r"[^a-z0-9]+", "_", "_".join(words).lower()).strip("_")[:48]


def _make_id(kind: str, row: dict[str, str]) -> str:
    """Derive a stable id from the Chinese name (pinyin), prefixed by the area for enterprises and indicators."""
    base = _slug(row.get("name_zh", ""))
    if kind != "areas" and row.get("area"):
        base = f"{row['area']}_{base}"
    return base


class _Batch:
    """The rows of one import while they are checked; collects every problem."""

    def __init__(
        self,
        kind: str,
        table: RawTable,
        catalog: Catalog,
        fields: dict[str, dict],
        origin: FileSource,
        areas: Callable[[], gpd.GeoDataFrame],
    ) -> None:
        self.kind = kind
        self.table = table
        self.catalog = catalog
        self.fields = fields
        self.origin = origin
        self.areas = areas
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.shapes: dict[str, Any] = {}
        self.written: dict[str, str] = {}  # schema field -> the file's column
        self.where = table.where
        self.placed: list[tuple[int, str, str, str]] = []  # (line, enterprise, area id, area name) by its point
        self.citing = 0  # rows that cite the file itself

    def problem(self, message: str, line: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(self.table.name, message, line, column, self.where))

    def rows(self) -> list[dict[str, str]]:
        """Map columns, resolve area names, derive missing ids, check places and geometry."""
        mapping, found = map_header(self.table.header, self.kind, self.fields, self.table.name)
        self.problems += found
        self.written = {f: c for c, f in mapping.items()}
        self._check_required_columns()
        rows = [{mapping[c]: v for c, v in raw.items() if c in mapping} for raw in self.table.rows]
        lookup = _area_lookup(self.catalog, towns=self.kind == "enterprises")
        for row, line in zip(rows, self.table.lines, strict=True):
            self._resolve_areas(row, line, lookup, "area")
            if not row.get("id") and row.get("name_zh"):
                row["id"] = _make_id(self.kind, row)
        if self.kind == "areas":  # a parent may be another area of the same file
            lookup = _area_lookup(self.catalog)
            for row in rows:
                for key in filter(None, (row.get("id"), row.get("name_zh"), row.get("name_en"))):
                    lookup.setdefault(key.strip().lower(), row.get("id", ""))
        geometries = self.table.geometries or [None] * len(rows)
        for row, line, geom in zip(rows, self.table.lines, geometries, strict=True):
            self._resolve_areas(row, line, lookup, "parent")
            if self.kind == "enterprises":
                self._enterprise_place(row, line, geom)
            elif self.kind == "areas":
                self._area_shape(row, line, geom)
        if self.kind == "enterprises":
            self._place_by_points(rows)
            self._cite_file(rows)
        self._check_refs(rows)
        return rows

    def _check_required_columns(self) -> None:
        has_points = self.table.geometries is not None or {"lon", "lat"} <= set(self.written)
        for name, spec in self.fields.items():
            supplied = name in self.written or (name == "id" and "name_zh" in self.written)
            # a GIS file's own geometry becomes a stored shape, drawn schematic unless it says otherwise
            supplied |= name in ("geometry", "accuracy") and self.table.geometries is not None
            if self.kind == "enterprises":
                supplied |= name in ("source", "section")  # the file itself is the source
                supplied |= name == "area" and has_points  # the point's area
            if spec.get("required") and not supplied:
                if self.kind == "enterprises" and name == "area":
                    self.problem("missing column 'area' (所属区域), or longitude and latitude (经度, 纬度)")
                else:
                    self.problem(f"missing column {name!r} (required)")

    def _points(self, rows: list[dict[str, str]]) -> dict[int, shapely.Point]:
        """Return each row's point inside Chongqing by its line; note rows with neither area nor point."""
        points: dict[int, shapely.Point] = {}
        for row, line in zip(rows, self.table.lines, strict=True):
            try:
                point = shapely.Point(float(row["lon"]), float(row["lat"])) if row.get("lon") else None
            except ValueError:
                point = None  # the schema check names the column
            if point is not None and coordinate_problem(point.x, point.y) is None:
                points[line] = point
            elif not row.get("area") and not row.get("lon"):
                self.problem("no area (所属区域) and no coordinates (经度, 纬度): give one of them", line)
        return points

    def _place_by_points(self, rows: list[dict[str, str]]) -> None:
        """Give each row without an area the smallest mapped area containing its point; check written ones."""
        points = self._points(rows)
        if not points:
            return
        areas = self.areas()
        located = gpd.GeoDataFrame(geometry=list(points.values()), index=list(points), crs=WGS84)
        found = assign_points_to_areas(located, areas)
        for row, line in zip(rows, self.table.lines, strict=True):
            point, inside = points.get(line), found.get(line)
            if point is None:
                continue
            if row.get("area"):
                if row["area"] in areas.index and not areas.loc[row["area"], "geometry"].covers(point):
                    where = f"in {inside}" if inside else "outside every mapped area"
                    message = f"the point lies {where}, not in the written area {row['area']!r} (kept)"
                    column = self.written.get("area")
                    self.warnings.append(str(Problem(self.table.name, message, line, column, self.where)))
            elif inside is None:
                message = f"({point.x:g}, {point.y:g}) lies in no mapped area of Chongqing"
                self.problem(message, line, self.written.get("lon"))
            else:
                row["area"] = inside
                self.placed.append((line, row.get("name_zh", ""), inside, str(areas.loc[inside, "name_zh"])))
                if not row.get("id") and row.get("name_zh"):
                    row["id"] = _make_id(self.kind, row)

    def _cite_file(self, rows: list[dict[str, str]]) -> None:
        """Make rows without a source cite the imported file, at their own row."""
        for row, line in zip(rows, self.table.lines, strict=True):
            if not row.get("source"):
                row["source"] = self.origin.id
                row["section"] = row.get("section") or self.origin.section(line, self.where)
                self.citing += 1

    def _check_refs(self, rows: list[dict[str, str]]) -> None:
        """Check references to other tables (sources, areas) against the current data and this file."""
        for col, spec in self.fields.items():
            if "ref" not in spec or col in ("area", "parent"):
                continue  # areas were resolved (names or ids) in _resolve_areas
            known = {self.origin.id} if spec["ref"] == "sources.id" else set()
            for table, ref_col in ref_targets(spec):
                known |= set(self.catalog.table(table)[ref_col])
                if table == self.kind:
                    known |= {r.get(ref_col, "") for r in rows}
            for row, line in zip(rows, self.table.lines, strict=True):
                value = row.get(col, "")
                if value and value not in known:
                    sample = ", ".join(sorted(known)[:4])
                    self.problem(f"{value!r} is not a known {spec['ref']} (e.g. {sample})", line, self.written.get(col))

    def _resolve_areas(self, row: dict[str, str], line: int, lookup: dict[str, str], col: str) -> None:
        value = row.get(col, "")
        if col not in self.fields or not value:
            return
        area_id = lookup.get(value.strip().lower())
        if area_id is None:
            message = f"unknown area {value!r}: use an id from areas.csv or an area's name (e.g. 江津区)"
            self.problem(message, line, self.written.get(col))
        else:
            row[col] = area_id

    def _enterprise_place(self, row: dict[str, str], line: int, geom: Any) -> None:
        written = self.written
        if self.table.geometries is not None and geom is None:
            self.problem("the geometry is empty: an enterprise needs a point", line)
            return
        if geom is not None:
            if geom.is_empty or geom.geom_type != "Point":
                self.problem(f"an enterprise needs a point, not {'nothing' if geom.is_empty else geom.geom_type}", line)
                return
            row["lon"], row["lat"] = f"{geom.x:.6f}", f"{geom.y:.6f}"
        lon, lat = row.get("lon", ""), row.get("lat", "")
        if bool(lon) != bool(lat):
            self.problem("longitude and latitude go together: one is empty", line, written.get("lon" if lon else "lat"))
            return
        if not lon:
            return
        try:
            x, y = float(lon), float(lat)
        except ValueError:
            return  # the schema check names the column that is not a number
        why = coordinate_problem(x, y)
        if why:
            self.problem(why, line, written.get("lon"))

    def _area_shape(self, row: dict[str, str], line: int, geom: Any) -> None:
        if geom is None:
            if self.table.geometries is not None:
                self.problem("the geometry is empty", line)
            return
        shape, error, warning = check_polygon(geom)
        if error:
            self.problem(error, line)
            return
        if warning:
            self.warnings.append(str(Problem(self.table.name, warning, line, None, self.where)))
        area_id = row.get("id", "")
        self.shapes[area_id] = shapely.set_precision(shape, 10.0**-SHAPE_DECIMALS)
        row["geometry"] = f"shape:{area_id}"
        if not row.get("accuracy"):
            row["accuracy"] = "schematic"  # drawn dashed and labelled, unless the file says "boundary"


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


def _write(data_dir: Path, files: dict[str, bytes], kind: str, name: str) -> Path:
    """Write the files of an import, all or none; a failure (a full disk) becomes a problem of the file."""
    try:
        return replace_files(data_dir, files, kind)
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


def restore(data_dir: Path, version: str | Path, *, lock_timeout_s: float = 60.0) -> list[str]:
    """Put back the files of a kept version, or refuse when the data would no longer load.

    The current files are kept in turn, so a restore can itself be undone.
    Tables changed since that version stay as they are, so the result is
    loaded in a scratch folder first (e.g. enterprises imported later may
    name an area the old ``areas.csv`` lacks).

    Parameters
    ----------
    data_dir
        The data folder.
    version
        A kept version's name (see :func:`geo.ingest.versions`) or folder.
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
    folder = data_dir / HISTORY / Path(version).name
    with data_lock(data_dir, lock_timeout_s):
        if not folder.is_dir():
            raise IngestError([Problem(Path(version).name, "no such kept version")])
        files = kept_files(folder)
        problems = _trial_load(data_dir, files, "areas", step="restore")
        if problems:
            raise IngestError([Problem(folder.name, p) for p in problems])
        try:
            restore_files(data_dir, folder, files)
        except OSError as exc:
            raise IngestError([Problem(folder.name, f"cannot write the data ({exc}); nothing was changed")]) from exc
    return sorted(files)


def ingest(
    kind: str,
    raw: bytes,
    name: str,
    data_dir: Path = DATA_DIR,
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
        The data folder to update.
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
    if len(raw) > MAX_BYTES:
        raise IngestError([Problem(name, f"{len(raw) / 1e6:.1f} MB is more than the {MAX_BYTES // 2**20} MB limit")])
    table = read_upload(raw, name)
    if kind == "indicators" and table.geometries is not None:
        raise IngestError([Problem(name, "indicators have no geometry: import them from CSV or XLSX")])
    origin = FileSource.of(raw, name, imported_by)
    with data_lock(data_dir, lock_timeout_s):
        schema = load_schema(data_dir)
        fields = schema[kind]["fields"]
        catalog = load_catalog(data_dir)
        batch = _Batch(kind, table, catalog, fields, origin, lambda: areas if areas is not None else _areas(catalog))
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
            report.history = _write(data_dir, files, kind, name)
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
