"""Station coverage: circles around stations, the share of each area they cover, nearest-station distances.

Everything is measured in :data:`~geo.crs.METRIC_CRS` (equal-area, scale error
< 0.1 % in Chongqing), so a point is covered exactly when its distance to the
nearest station is at most the radius. Also the spatial join that assigns
points to the smallest area containing them.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.catalog import Catalog
from geo.crs import METRIC_CRS, WGS84

CIRCLE_SEGMENTS = 32  # per quarter circle: the polygon's area is within 0.05 % of the true circle's


@dataclass(frozen=True)
class Nearest:
    """The station nearest to a point.

    Attributes
    ----------
    station
        The station's id.
    distance_km
        Straight-line distance in the metric CRS, in kilometres.
    """

    station: str
    distance_km: float


def _metric(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    return gdf.geometry.to_crs(METRIC_CRS)


def _mapped(points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return points[points.geometry.notna() & ~points.geometry.is_empty]


def coverage_union(stations: gpd.GeoDataFrame, radius_km: float) -> shapely.Geometry:
    """Return the union of the circles of ``radius_km`` around every mapped station, in the metric CRS.

    Parameters
    ----------
    stations
        Points in EPSG:4326; rows without geometry are skipped.
    radius_km
        Circle radius in kilometres.

    Returns
    -------
    shapely.Geometry
        A (multi)polygon in :data:`~geo.crs.METRIC_CRS`; empty when there is no station.
    """
    mapped = _mapped(stations)
    if mapped.empty or radius_km <= 0:
        return shapely.Polygon()
    circles = _metric(mapped).buffer(radius_km * 1000.0, quad_segs=CIRCLE_SEGMENTS)
    return shapely.union_all(np.asarray(circles.values))


def coverage_circles(stations: gpd.GeoDataFrame, radius_km: float) -> gpd.GeoDataFrame:
    """Return the covered region (union of circles) as one WGS-84 feature, for drawing.

    Parameters
    ----------
    stations
        Points in EPSG:4326.
    radius_km
        Circle radius in kilometres.

    Returns
    -------
    geopandas.GeoDataFrame
        One row (none when nothing is covered) with ``radius_km`` and ``area_km2``.
    """
    union = coverage_union(stations, radius_km)
    if union.is_empty:
        return gpd.GeoDataFrame({"radius_km": [], "area_km2": []}, geometry=[], crs=WGS84)
    metric = gpd.GeoDataFrame({"radius_km": [radius_km], "area_km2": [union.area / 1e6]}, geometry=[union])
    return metric.set_crs(METRIC_CRS).to_crs(WGS84)


def covered_share(areas: gpd.GeoDataFrame, stations: gpd.GeoDataFrame, radius_km: float) -> pd.DataFrame:
    """Return, for each area, how much of it lies within ``radius_km`` of a mapped station.

    Parameters
    ----------
    areas
        Polygons in EPSG:4326, indexed by id.
    stations
        Points in EPSG:4326.
    radius_km
        Circle radius in kilometres.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``areas``; ``area_km2``, ``covered_km2`` (area ∩ union of
        circles) and ``share`` (covered / area, 0-1), all in the metric CRS.
    """
    union = coverage_union(stations, radius_km)
    metric = _metric(areas)
    area = metric.area.to_numpy()
    if union.is_empty:
        covered = np.zeros(len(areas))
    else:
        shapely.prepare(union)
        covered = shapely.area(shapely.intersection(np.asarray(metric.values), union))
    share = np.divide(covered, area, out=np.zeros(len(areas)), where=area > 0)
    return pd.DataFrame({"area_km2": area / 1e6, "covered_km2": covered / 1e6, "share": share}, index=areas.index)


def nearest_stations(points: gpd.GeoDataFrame, stations: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return the nearest mapped station of every point and its distance.

    Parameters
    ----------
    points
        Points in EPSG:4326.
    stations
        Station points in EPSG:4326, indexed by id; rows without geometry are skipped.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``points``; ``station`` (id, None when there is no
        station) and ``distance_km`` (NaN then), measured in the metric CRS.
    """
    mapped = _mapped(stations)
    if mapped.empty or points.empty:
        return pd.DataFrame({"station": [None] * len(points), "distance_km": np.nan}, index=points.index)
    targets = np.asarray(_metric(mapped).values)
    tree = shapely.STRtree(targets)
    (src, dst), dist = tree.query_nearest(np.asarray(_metric(points).values), return_distance=True, all_matches=False)
    station = np.full(len(points), None, dtype=object)
    distance = np.full(len(points), np.nan)
    station[src] = mapped.index.to_numpy()[dst]
    distance[src] = dist / 1000.0
    return pd.DataFrame({"station": station, "distance_km": distance}, index=points.index)


def nearest_station(lon: float, lat: float, stations: gpd.GeoDataFrame) -> Nearest | None:
    """Return the mapped station nearest to a WGS-84 point.

    Parameters
    ----------
    lon, lat
        The point in degrees.
    stations
        Station points in EPSG:4326, indexed by id.

    Returns
    -------
    Nearest or None
        None when no station is mapped.
    """
    point = gpd.GeoDataFrame(geometry=[shapely.Point(lon, lat)], crs=WGS84)
    found = nearest_stations(point, stations).iloc[0]
    if found["station"] is None:
        return None
    return Nearest(str(found["station"]), float(found["distance_km"]))


def points_covered(points: gpd.GeoDataFrame, stations: gpd.GeoDataFrame, radius_km: float) -> pd.DataFrame:
    """Say whether each point lies within ``radius_km`` of a mapped station.

    Parameters
    ----------
    points
        Points in EPSG:4326.
    stations
        Station points in EPSG:4326.
    radius_km
        Circle radius in kilometres.

    Returns
    -------
    pandas.DataFrame
        :func:`nearest_stations` plus a boolean ``covered`` column.
    """
    nearest = nearest_stations(points, stations)
    return nearest.assign(covered=nearest["distance_km"].le(radius_km).to_numpy())


def town_seats(catalog: Catalog, adcode: str) -> gpd.GeoDataFrame:
    """Return the seats of one district's township units (those that have one) as points.

    Parameters
    ----------
    catalog
        The validated data tables.
    adcode
        The district's code (``district_2023`` of the gazetteer; the 江津 of the
        seismic plan was not redrawn).

    Returns
    -------
    geopandas.GeoDataFrame
        The seated units of that district, in EPSG:4326, indexed by code.
    """
    towns = catalog.towns
    seats = towns[(towns["district_2023"] == adcode) & towns["lon"].notna() & towns["lat"].notna()]
    return gpd.GeoDataFrame(seats.copy(), geometry=gpd.points_from_xy(seats["lon"], seats["lat"]), crs=WGS84)
