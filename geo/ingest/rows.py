"""The rows of one import while they are checked: columns mapped, areas resolved or placed by point, ids derived.

:class:`Batch` collects every problem (file, row or feature, column) instead of
stopping at the first; ``run.ingest`` raises them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo.catalog import LIST_SEPARATOR, Catalog, ref_targets
from geo.crs import WGS84
from geo.ingest.checks import check_polygon, coordinate_problem
from geo.ingest.columns import map_header
from geo.ingest.problems import Problem
from geo.ingest.readers import RawTable
from geo.ingest.sources import FileSource
from geo.joins import assign_points_to_areas

SHAPE_DECIMALS = 6  # ~0.1 m
AMBIGUOUS = "?"  # in an area lookup: a township name several units share


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
    shared = names.duplicated(keep=False)
    for code, name in names[~shared].items():
        lookup.setdefault(name.lower(), str(code))
    for name in set(names[shared]):
        lookup.setdefault(name.lower(), AMBIGUOUS)
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


class Batch:
    """The rows of one import while they are checked; collects every problem.

    Parameters
    ----------
    kind
        ``enterprises``, ``indicators`` or ``areas``.
    table
        The file as read.
    catalog
        The current data.
    fields
        The table's field specs (``schema.toml``).
    origin
        The file as a source, cited by enterprise rows that give none.
    areas
        Returns the mapped areas and cells to place points in (called only when a row has a point).
    """

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
        self.problems: list[Problem | str] = []  # str: a schema check's own located message
        self.warnings: list[str] = []
        self.shapes: dict[str, Any] = {}
        self.written: dict[str, str] = {}  # schema field -> the file's column
        self.where = table.where
        self.placed: list[tuple[int, str, str, str]] = []  # (line, enterprise, area id, area name) by its point
        self.citing = 0  # rows that cite the file itself

    def problem(self, message: str, line: int | None = None, column: str | None = None) -> None:
        """Note a problem of this file, at a row (or feature) and column where given."""
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
                items = value.split(LIST_SEPARATOR) if spec.get("type") == "list" else [value]
                for item in filter(None, items):
                    if item not in known:
                        sample = ", ".join(sorted(known)[:4])
                        message = f"{item!r} is not a known {spec['ref']} (e.g. {sample})"
                        self.problem(message, line, self.written.get(col))

    def _resolve_areas(self, row: dict[str, str], line: int, lookup: dict[str, str], col: str) -> None:
        value = row.get(col, "")
        if col not in self.fields or not value:
            return
        area_id = lookup.get(value.strip().lower())
        if area_id is None:
            message = f"unknown area {value!r}: use an id from areas.csv or an area's name (e.g. 江津区)"
            self.problem(message, line, self.written.get(col))
        elif area_id == AMBIGUOUS:
            message = f"{value!r} names units in more than one district: write the district first (e.g. 江津区{value})"
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
