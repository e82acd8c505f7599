"""What the browser receives: display geometry in the basemap's datum, as TopoJSON or GeoJSON.

Polygons and lines travel as one TopoJSON topology per file (built with the
``topojson`` package, decoded in the browser by ``topojson-client``): borders
that districts, township cells and zones share are stored once, as arcs of
integer coordinates quantised to about 5 m. Points (a handful of seats and
stations) travel as plain GeoJSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import topojson

from geo.basemaps import GCJ02
from geo.crs import geometry_to_gcj02
from geo.display import Datum

DISPLAY_TOLERANCE_DEG = 0.002  # ~200 m: invisible at city zoom, 5x smaller payload
DISPLAY_DECIMALS = 4  # ~11 m, for GeoJSON points and label positions
QUANTIZE = 100_000  # TopoJSON grid: 1e5 steps over Chongqing's ~5 degrees, about 5 m
LABEL_PRECISION_DEG = 0.001


def for_display_datum(gdf: gpd.GeoDataFrame, datum: Datum, decimals: int = DISPLAY_DECIMALS) -> gpd.GeoDataFrame:
    """Return display geometry in the datum of the basemap: unchanged, or shifted to GCJ-02.

    Stored data stay WGS-84; only the copy sent to an Amap-tiled map is
    shifted, then rounded again (rounding adds at most ~7 m at 4 decimals).

    Parameters
    ----------
    gdf
        Display geometry in WGS-84.
    datum
        The datum of the basemap's tiles (``"wgs84"`` or ``"gcj02"``).
    decimals
        Decimal places kept after the shift.

    Returns
    -------
    geopandas.GeoDataFrame
        ``gdf`` itself when no shift is needed, else a shifted copy (its CRS
        label stays EPSG:4326: GCJ-02 has no EPSG code and is never stored).
    """
    if datum != GCJ02:
        return gdf
    out = gdf.copy()
    shifted = geometry_to_gcj02(np.asarray(out.geometry.values))
    out.geometry = shapely.set_precision(shifted, 10.0**-decimals, mode="pointwise")
    return out


def label_points(geometries: gpd.GeoSeries) -> list[list[float] | None]:
    """Return where to write each polygon's name: its pole of inaccessibility, ``[lon, lat]`` at 4 decimals."""
    out: list[list[float] | None] = []
    for geometry in geometries:
        if geometry is None or geometry.is_empty:
            out.append(None)
            continue
        if geometry.geom_type == "MultiPolygon":  # label the largest part
            geometry = max(shapely.get_parts(geometry), key=lambda g: g.area)
        if geometry.geom_type == "Polygon":
            point = shapely.ops.polylabel(geometry, tolerance=LABEL_PRECISION_DEG)
        else:
            point = shapely.point_on_surface(geometry)
        out.append([round(point.x, DISPLAY_DECIMALS), round(point.y, DISPLAY_DECIMALS)])
    return out


def _properties(gdf: gpd.GeoDataFrame, properties: list[str]) -> pd.DataFrame:
    props = pd.DataFrame(gdf[properties]).astype(object)
    return props.where(pd.notna(props), None)


def topology_from_frames(frames: Mapping[str, gpd.GeoDataFrame], properties: list[str]) -> dict:
    """Return one TopoJSON topology holding each frame as a named object (polygons and lines only).

    Parameters
    ----------
    frames
        Object name -> frame; every frame has the ``properties`` columns. Empty
        frames give empty objects.
    properties
        The columns kept as feature properties (plus the feature ``id``).

    Raises
    ------
    ValueError
        For a point geometry (points go out as GeoJSON: see :func:`geojson_from_frame`).
    """
    names, data = [], []
    for name, gdf in frames.items():
        if gdf.geom_type.isin(["Point", "MultiPoint"]).any():
            raise ValueError(f"object {name!r} has points; send them as GeoJSON")
        part = gpd.GeoDataFrame(_properties(gdf, properties), geometry=list(gdf.geometry), crs=gdf.crs)
        part.index = gdf.index.astype(str)
        names.append(name)
        data.append(part)
    topology = topojson.Topology(data, object_name=names, prequantize=QUANTIZE, topology=True)
    out = json.loads(str(topology.to_json()))  # to_json returns the text when given no file
    for name, part in zip(names, data, strict=True):
        for geometry, feature_id in zip(out["objects"][name]["geometries"], part.index, strict=True):
            geometry["id"] = feature_id
    return out


def geojson_from_frame(gdf: gpd.GeoDataFrame, properties: list[str]) -> dict:
    """Return a compact GeoJSON FeatureCollection with the given properties only (ids from the index)."""
    props = _properties(gdf, properties)
    features = [
        {"type": "Feature", "id": str(idx), "properties": row, "geometry": json.loads(shapely.to_geojson(geom))}
        for idx, row, geom in zip(gdf.index, props.to_dict("records"), gdf.geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}
