"""The map view (centre and zoom) that fits a bounding box, and the box of what the map is about."""

from __future__ import annotations

import math

import geopandas as gpd
import shapely

from geo.state import ZOOM_RANGE

TILE_PX = 256
MARGIN = 0.85  # leave some room around the box


def _mercator_y(lat: float) -> float:
    rad = math.radians(max(min(lat, 85.0), -85.0))
    return math.log(math.tan(math.pi / 4 + rad / 2)) / (2 * math.pi)


def fit_view(
    bounds: tuple[float, float, float, float], width_px: int = 700, height_px: int = 480
) -> tuple[tuple[float, float], int]:
    """Return the centre and the largest whole zoom at which a box fits a web-Mercator map.

    Parameters
    ----------
    bounds
        ``(min_lon, min_lat, max_lon, max_lat)`` in WGS-84 degrees.
    width_px, height_px
        The map's size in pixels.

    Returns
    -------
    tuple
        ``((lat, lon), zoom)``, the zoom clamped to the app's zoom range.
    """
    min_lon, min_lat, max_lon, max_lat = bounds
    center = (round((min_lat + max_lat) / 2, 5), round((min_lon + max_lon) / 2, 5))
    span_x = max(max_lon - min_lon, 1e-6) / 360.0
    span_y = max(abs(_mercator_y(max_lat) - _mercator_y(min_lat)), 1e-6)
    zoom_x = math.log2(width_px * MARGIN / (TILE_PX * span_x))
    zoom_y = math.log2(height_px * MARGIN / (TILE_PX * span_y))
    zoom = math.floor(min(zoom_x, zoom_y))
    return center, max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], zoom))


def layers_extent(
    areas: gpd.GeoDataFrame, layers: tuple[str, ...], points: gpd.GeoSeries | None = None
) -> tuple[float, float, float, float]:
    """Return the bounding box of the areas of some layers (and of extra points), WGS-84.

    Parameters
    ----------
    areas
        Areas with a ``layer`` column.
    layers
        The layers whose areas count (e.g. the zones, parks and circles, not the districts).
    points
        Further points to include (e.g. the mapped stations).

    Returns
    -------
    tuple
        ``(min_lon, min_lat, max_lon, max_lat)``.
    """
    geoms = list(areas.geometry[areas["layer"].isin(layers)])
    if points is not None:
        geoms += list(points.dropna())
    return tuple(float(v) for v in shapely.total_bounds(geoms))  # type: ignore[return-value]
