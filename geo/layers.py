"""Layer geometry: build every area from its recipe (see :mod:`geo.recipes`), measure it, simplify it for display."""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from geo.boundaries import load_district_boundaries
from geo.catalog import SHAPES_FILE, Catalog
from geo.crs import METRIC_CRS, WGS84, geometry_to_gcj02
from geo.errors import GeometryError
from geo.recipes import Recipe, parse_recipe, recipe_dependencies

DISPLAY_TOLERANCE_DEG = 0.002  # ~200 m: invisible at city zoom, 5x smaller payload
DISPLAY_DECIMALS = 4  # ~11 m, well inside the 200 m simplification

_TO_METRIC = Transformer.from_crs(WGS84, METRIC_CRS, always_xy=True)
_TO_WGS84 = Transformer.from_crs(METRIC_CRS, WGS84, always_xy=True)


@dataclass(frozen=True)
class LayerSpec:
    """One toggleable map layer: which area kinds (or the stations) it draws, and its colour."""

    id: str
    kinds: tuple[str, ...]
    color: str
    default_on: bool = True
    points: bool = False


LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec("districts", ("district",), "#4a5568"),
    LayerSpec("science_city", ("science_city", "science_city_part", "high_tech_zone", "demo_zone"), "#2b6cb0"),
    LayerSpec("liangjiang", ("new_area", "zone"), "#c05621"),
    LayerSpec("parks", ("park",), "#2f855a"),
    LayerSpec("circles", ("circle",), "#6b46c1"),
    LayerSpec("stations", (), "#e53e3e", points=True),
    LayerSpec("enterprises", (), "#3182ce", points=True),
)
LAYER_IDS = tuple(spec.id for spec in LAYERS)
AREA_LAYERS = tuple(spec for spec in LAYERS if not spec.points)


def layer_of_kind(kind: str) -> str | None:
    """Return the id of the layer that draws areas of ``kind``."""
    return next((spec.id for spec in AREA_LAYERS if kind in spec.kinds), None)


def to_metric(geometry: shapely.Geometry) -> shapely.Geometry:
    """Project WGS-84 geometry to :data:`~geo.crs.METRIC_CRS`."""
    return shapely.transform(geometry, lambda xy: np.column_stack(_TO_METRIC.transform(xy[:, 0], xy[:, 1])))


def to_wgs84(geometry: shapely.Geometry) -> shapely.Geometry:
    """Project metric geometry back to WGS-84."""
    return shapely.transform(geometry, lambda xy: np.column_stack(_TO_WGS84.transform(xy[:, 0], xy[:, 1])))


def _place_points(refs: tuple[str, ...], places: pd.DataFrame) -> shapely.Geometry:
    rows = places.loc[list(refs)]
    return shapely.multipoints(np.column_stack([rows["lon"].to_numpy(float), rows["lat"].to_numpy(float)]))


def _build_one(recipe: Recipe, built: dict[str, shapely.Geometry], catalog: Catalog) -> shapely.Geometry:
    if recipe.method == "shape":
        return catalog.shapes[recipe.refs[0]]
    places = catalog.places
    if recipe.method == "union":
        return shapely.union_all([built[r] for r in recipe.refs])
    points = to_metric(_place_points(recipe.refs, places))
    if recipe.method == "hull":
        shape = shapely.convex_hull(points).buffer(recipe.params["buffer_km"] * 1000.0, quad_segs=16)
    else:  # buffer
        shape = shapely.centroid(points).buffer(recipe.params["radius_km"] * 1000.0, quad_segs=32)
    shape = to_wgs84(shape)
    if recipe.clip:
        shape = shapely.intersection(shape, shapely.union_all([built[c] for c in recipe.clip]))
    return shapely.make_valid(shape)


def _check_refs(recipes: dict[str, Recipe], catalog: Catalog) -> list[str]:
    problems = []
    for area_id, recipe in recipes.items():
        if recipe.method in ("hull", "buffer"):
            problems += [f"area {area_id!r}: unknown place {p!r}" for p in recipe.refs if p not in catalog.places.index]
        if recipe.method == "shape":
            problems += [
                f"area {area_id!r}: no shape {p!r} in {SHAPES_FILE}" for p in recipe.refs if p not in catalog.shapes
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


def areas_from_catalog(catalog: Catalog) -> gpd.GeoDataFrame:
    """Build the geometry of every mappable area from its recipe.

    Parameters
    ----------
    catalog
        The validated data tables.

    Returns
    -------
    geopandas.GeoDataFrame
        Index ``id``; columns ``id``, ``name_zh``, ``name_en``, ``kind``,
        ``layer``, ``accuracy``, ``area_km2`` (computed in the metric CRS) and
        geometry in EPSG:4326. Areas whose recipe is ``none`` are left out.

    Raises
    ------
    GeometryError
        Listing every recipe that is malformed or refers to something missing.
    """
    areas = catalog.areas
    recipes: dict[str, Recipe] = {}
    problems: list[str] = []
    for area_id, text in areas["geometry"].items():
        try:
            recipes[area_id] = parse_recipe(text)
        except ValueError as exc:
            problems.append(f"area {area_id!r}: {exc}")
    problems += _check_refs(recipes, catalog)
    if problems:
        raise GeometryError("; ".join(problems))
    cnmaps = [i for i, r in recipes.items() if r.method == "cnmaps"]
    codes = [areas.loc[i, "geometry"].split(":", 1)[1] for i in cnmaps]
    built = dict(zip(cnmaps, load_district_boundaries(codes).geometry, strict=True))
    for area_id in _build_order(recipes):
        recipe = recipes[area_id]
        if recipe.method not in ("cnmaps", "none"):
            built[area_id] = _build_one(recipe, built, catalog)
    mapped = [i for i in areas.index if i in built and not built[i].is_empty]
    frame = areas.loc[mapped, ["id", "name_zh", "name_en", "kind", "accuracy"]].copy()
    gdf = gpd.GeoDataFrame(frame, geometry=[built[i] for i in mapped], crs=WGS84)
    gdf["layer"] = [layer_of_kind(k) for k in gdf["kind"]]
    gdf["area_km2"] = gdf.to_crs(METRIC_CRS).area.to_numpy() / 1e6
    return gdf


def simplify_for_display(
    gdf: gpd.GeoDataFrame, tolerance: float = DISPLAY_TOLERANCE_DEG, decimals: int = DISPLAY_DECIMALS
) -> gpd.GeoDataFrame:
    """Simplify polygons for the browser without opening gaps between neighbours.

    Polygons are simplified as one coverage (``shapely.coverage_simplify``), so
    shared borders stay shared, then rounded to ``decimals`` places.

    Parameters
    ----------
    gdf
        Areas in EPSG:4326.
    tolerance
        Simplification tolerance in degrees.
    decimals
        Decimal places kept in coordinates.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with simplified geometry.
    """
    out = gdf.copy()
    geoms = np.asarray(out.geometry.values)
    polygonal = np.array([g.geom_type in ("Polygon", "MultiPolygon") for g in geoms], dtype=bool)
    if polygonal.any():
        geoms[polygonal] = shapely.coverage_simplify(geoms[polygonal], tolerance)
    grid = 10.0**-decimals
    out.geometry = shapely.make_valid(shapely.set_precision(geoms, grid, mode="pointwise"))
    return out


def for_display_datum(gdf: gpd.GeoDataFrame, gcj02: bool, decimals: int = DISPLAY_DECIMALS) -> gpd.GeoDataFrame:
    """Return display geometry in the datum of the basemap: unchanged, or shifted to GCJ-02.

    Stored data stay WGS-84; only the copy sent to an Amap-tiled map is
    shifted, then rounded again (rounding adds at most ~7 m at 4 decimals).

    Parameters
    ----------
    gdf
        Display geometry in WGS-84.
    gcj02
        True when the basemap's tiles are GCJ-02.
    decimals
        Decimal places kept after the shift.

    Returns
    -------
    geopandas.GeoDataFrame
        ``gdf`` itself when no shift is needed, else a shifted copy (its CRS
        label stays EPSG:4326: GCJ-02 has no EPSG code and is never stored).
    """
    if not gcj02:
        return gdf
    out = gdf.copy()
    shifted = geometry_to_gcj02(np.asarray(out.geometry.values))
    out.geometry = shapely.set_precision(shifted, 10.0**-decimals, mode="pointwise")
    return out


def to_geojson(gdf: gpd.GeoDataFrame, properties: list[str]) -> dict:
    """Return a compact GeoJSON FeatureCollection with the given properties only."""
    props = pd.DataFrame(gdf[properties]).astype(object).where(pd.notna(gdf[properties]), None)
    features = [
        {"type": "Feature", "id": str(idx), "properties": row, "geometry": json.loads(shapely.to_geojson(geom))}
        for idx, row, geom in zip(gdf.index, props.to_dict("records"), gdf.geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


_NESTING = {"Point": 0, "MultiPoint": 1, "LineString": 1, "Polygon": 2, "MultiLineString": 2, "MultiPolygon": 3}


def _pack(coords: list, depth: int, scale: float) -> list:
    """Pack one geometry's coordinates: integers, each run of positions delta-encoded."""
    if depth == 0:
        return [round(coords[0] * scale), round(coords[1] * scale)]
    if depth > 1:
        return [_pack(part, depth - 1, scale) for part in coords]
    flat: list[int] = []
    last_x = last_y = 0
    for x, y, *_ in coords:
        ix, iy = round(x * scale), round(y * scale)
        flat += [ix - last_x, iy - last_y]
        last_x, last_y = ix, iy
    return flat


def pack_geojson(collection: dict, decimals: int = DISPLAY_DECIMALS) -> dict:
    """Return a FeatureCollection with integer, delta-encoded coordinates for the browser.

    Each run of positions (a ring or a line) becomes one flat list
    ``[x0, y0, dx1, dy1, ...]`` in units of ``10**-decimals`` degrees; a point
    becomes ``[x, y]``. The top-level ``cq_scale`` tells ``static/js/layers.js``
    to decode. Borders simplified to 200 m need no more than 4 decimals, and
    the district layer shrinks to under half its GeoJSON size, gzipped.

    Parameters
    ----------
    collection
        A GeoJSON FeatureCollection as built by :func:`to_geojson`.
    decimals
        Decimal places kept (the display geometry is already rounded to them).

    Raises
    ------
    GeometryError
        For a geometry type without a fixed nesting (``GeometryCollection``).
    """
    scale = 10.0**decimals
    features = []
    for feature in collection["features"]:
        geometry = feature.get("geometry")
        if geometry is not None:
            kind = geometry["type"]
            if kind not in _NESTING:
                raise GeometryError(f"cannot pack a {kind} (feature {feature.get('id')!r})")
            geometry = {"type": kind, "coordinates": _pack(geometry["coordinates"], _NESTING[kind], scale)}
        features.append({**feature, "geometry": geometry})
    return {"type": "FeatureCollection", "cq_scale": int(scale), "features": features}
