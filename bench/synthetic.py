"""Synthetic enterprise points: the app's generator when it exists, else an identical-contract local copy.

The app's contract is ``geo.synthetic.synthetic_points(n, seed=7) -> (lon, lat)``
(WGS-84 numpy arrays). Both the app (through ``CQ_DASH_SYNTHETIC_ENTERPRISES``)
and the baseline must draw the *same* points, so the benchmark always asks
:func:`points_source` which implementation is in use and records it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import shapely

Generator = Callable[..., tuple[np.ndarray, np.ndarray]]
DEFAULT_SEED = 7
_BATCH_MIN = 1024


@cache
def _districts() -> shapely.Geometry:
    """Return the union of Chongqing's 38 district polygons (full resolution, WGS-84), prepared."""
    from geo.catalog import load_catalog
    from geo.layers import areas_from_catalog

    areas = areas_from_catalog(load_catalog())
    union = shapely.union_all(areas.loc[areas["kind"] == "district"].geometry.to_numpy())
    shapely.prepare(union)
    return union


def fallback_synthetic_points(n: int, seed: int = DEFAULT_SEED) -> tuple[np.ndarray, np.ndarray]:
    """Return ``n`` points spread uniformly over the districts by rejection sampling (fixed seed).

    Parameters
    ----------
    n
        Number of points.
    seed
        Seed of ``numpy.random.default_rng``; the same seed gives the same points.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lon, lat)`` in WGS-84 degrees, each of length ``n``.
    """
    if n <= 0:
        return np.empty(0), np.empty(0)
    region = _districts()
    xmin, ymin, xmax, ymax = shapely.bounds(region)
    rng = np.random.default_rng(seed)
    lons: list[np.ndarray] = []
    lats: list[np.ndarray] = []
    have = 0
    while have < n:
        size = max(_BATCH_MIN, 2 * (n - have))
        x = rng.uniform(xmin, xmax, size)
        y = rng.uniform(ymin, ymax, size)
        inside = shapely.contains_xy(region, x, y)
        lons.append(x[inside])
        lats.append(y[inside])
        have += int(inside.sum())
    return np.concatenate(lons)[:n], np.concatenate(lats)[:n]


def points_source() -> tuple[str, Generator]:
    """Return ``(name, function)`` of the generator to use: the app's ``geo.synthetic`` if present."""
    try:
        from geo.synthetic import synthetic_points
    except ImportError:
        return "bench.synthetic.fallback_synthetic_points (geo.synthetic not found)", fallback_synthetic_points
    return "geo.synthetic.synthetic_points", synthetic_points


def synthetic_points(n: int, seed: int = DEFAULT_SEED) -> tuple[np.ndarray, np.ndarray]:
    """Return the benchmark's ``n`` enterprise points from :func:`points_source`'s generator."""
    _, generate = points_source()
    return generate(n, seed=seed)
