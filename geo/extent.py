"""The map view (centre and zoom) that fits a bounding box, for maps that open on a chosen extent."""

from __future__ import annotations

import math

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
