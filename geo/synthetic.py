"""Synthetic enterprise points for the benchmark and load tests (never shown as data)."""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray


def synthetic_points(
    n: int, seed: int = 7, region: shapely.Geometry | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return ``n`` reproducible random points spread uniformly over a region.

    Used by the benchmark and by ``CQ_DASH_SYNTHETIC_ENTERPRISES``; they are
    not data and are never shown as such.

    Parameters
    ----------
    n
        Number of points.
    seed
        Random seed; the same seed gives the same points.
    region
        Polygon(s) in WGS-84; the union of Chongqing's 38 districts by default.

    Returns
    -------
    tuple of arrays
        Longitudes and latitudes.
    """
    if region is None:
        from geo.boundaries import chongqing_district_index, load_district_boundaries

        region = shapely.union_all(load_district_boundaries(list(chongqing_district_index())).geometry.values)
    shapely.prepare(region)
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = region.bounds
    lon_out, lat_out, have = [], [], 0
    while have < n:
        lon = rng.uniform(x0, x1, size=max(1024, 3 * (n - have)))
        lat = rng.uniform(y0, y1, size=lon.size)
        keep = shapely.contains_xy(region, lon, lat)
        lon_out.append(lon[keep])
        lat_out.append(lat[keep])
        have += int(keep.sum())
    return np.concatenate(lon_out)[:n], np.concatenate(lat_out)[:n]
