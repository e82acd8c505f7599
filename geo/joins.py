"""Spatial joins of points to area polygons: which areas hold a point, the smallest one, and who belongs where."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.crs import METRIC_CRS, WGS84

POLYGONAL = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class AreaContents:
    """What an area's panel lists: the stations and enterprises inside it, and the other areas under the click.

    Attributes
    ----------
    stations
        Mapped stations inside the area (:func:`ids_by_area`).
    enterprises
        Enterprises that name the area or whose point lies inside it (:func:`members_by_area`).
    also_here
        Other areas under the last click, smallest first.
    """

    stations: tuple[str, ...] = ()
    enterprises: tuple[str, ...] = ()
    also_here: tuple[str, ...] = ()


def ids_by_area(points: gpd.GeoSeries, areas: gpd.GeoDataFrame) -> dict[str, tuple[str, ...]]:
    """Assign points to every area polygon that contains them.

    Parameters
    ----------
    points
        Points in EPSG:4326 indexed by id; missing or empty ones are skipped.
    areas
        Areas in EPSG:4326, indexed by id.

    Returns
    -------
    dict
        Area id -> ids of the points inside it, in the points' order (areas holding none are absent).
    """
    points = points[points.notna() & ~points.is_empty]
    polygons = areas[areas.geom_type.isin(POLYGONAL)]  # a point area (a town's seat) holds nothing
    if points.empty or polygons.empty:
        return {}
    frame = gpd.GeoDataFrame(geometry=points.rename("geometry"))
    joined = gpd.sjoin(frame, polygons[["geometry"]].rename_axis("area_id"), predicate="within", how="inner")
    result: dict[str, list[str]] = {}
    for point_id, area_id in zip(joined.index, joined["area_id"], strict=True):
        result.setdefault(area_id, []).append(point_id)
    return {area_id: tuple(ids) for area_id, ids in result.items()}


def members_by_area(rows: pd.DataFrame, areas: gpd.GeoDataFrame) -> dict[str, tuple[str, ...]]:
    """Return, for each area, the rows that name it (``area``) or whose point lies inside it.

    A district thereby lists an enterprise placed in one of its township cells,
    and a zone one whose point lies in it, whatever area the row names.

    Parameters
    ----------
    rows
        A table indexed by id with an ``area`` column and optional ``lon``/``lat``.
    areas
        Areas in EPSG:4326, indexed by id.

    Returns
    -------
    dict
        Area id -> row ids in the table's order (areas with none are absent).
    """
    members: dict[str, set[str]] = {}
    for row_id, area_id in zip(rows.index, rows["area"], strict=True):
        members.setdefault(area_id, set()).add(row_id)
    for area_id, ids in ids_by_area(located_points(rows).geometry, areas).items():
        members.setdefault(area_id, set()).update(ids)
    order = {row_id: i for i, row_id in enumerate(rows.index)}
    return {area_id: tuple(sorted(ids, key=order.__getitem__)) for area_id, ids in members.items()}


def located_points(rows: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return the rows that carry coordinates (``lon`` and ``lat`` both given) as WGS-84 points.

    Parameters
    ----------
    rows
        Any table; without ``lon``/``lat`` columns nothing is located.

    Returns
    -------
    geopandas.GeoDataFrame
        The located rows, same index, in EPSG:4326.
    """
    if not {"lon", "lat"} <= set(rows.columns):
        return gpd.GeoDataFrame(rows.iloc[0:0].copy(), geometry=[], crs=WGS84)
    lon = pd.to_numeric(rows["lon"], errors="coerce")
    lat = pd.to_numeric(rows["lat"], errors="coerce")
    keep = lon.notna() & lat.notna()
    return gpd.GeoDataFrame(rows[keep].copy(), geometry=gpd.points_from_xy(lon[keep], lat[keep]), crs=WGS84)


def assign_points_to_areas(points_gdf: gpd.GeoDataFrame, areas_gdf: gpd.GeoDataFrame) -> pd.Series:
    """Assign each point to the smallest area polygon containing it (spatial join).

    Parameters
    ----------
    points_gdf
        Points, indexed by id.
    areas_gdf
        Areas, indexed by id, in any CRS (reprojected to the points' CRS); only polygons count.
        Sizes are compared in the metric CRS.

    Returns
    -------
    pandas.Series
        Indexed like ``points_gdf``: the id of the smallest containing area, or
        None for points outside every area (and points without geometry).
    """
    result = pd.Series([None] * len(points_gdf), index=points_gdf.index, dtype=object, name="area")
    points = points_gdf[points_gdf.geometry.notna() & ~points_gdf.geometry.is_empty]
    areas_gdf = areas_gdf[areas_gdf.geom_type.isin(POLYGONAL)]  # a point area holds nothing
    if points.empty or areas_gdf.empty:
        return result
    areas = areas_gdf[["geometry"]].to_crs(points.crs)
    sizes = areas_gdf.geometry.to_crs(METRIC_CRS).area.to_numpy()
    areas = areas.assign(_size=sizes).rename_axis("_area_id").reset_index()
    joined = gpd.sjoin(points[["geometry"]], areas, predicate="within", how="inner")
    if joined.empty:
        return result
    joined = joined.assign(_point=joined.index).sort_values(["_point", "_size", "_area_id"], kind="stable")
    smallest = joined.drop_duplicates("_point").set_index("_point")["_area_id"]
    result.loc[smallest.index] = smallest.to_numpy()
    return result
