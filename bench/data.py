"""The benchmark's data: a copy of ``data/`` that holds N synthetic enterprises with coordinates.

The app has no switch for fake points: the benchmark, the load test and the
browser tests import a list of synthetic enterprises into a private copy of
the data folder, exactly as staff import theirs (:func:`geo.ingest.ingest`),
and start the servers on it with ``CQ_DASH_DATA_DIR``. Every app then draws
the same points: the ones in that copy's ``enterprises.csv``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray

DATA_ENV = "CQ_DASH_DATA_DIR"
SEED = 7
DECIMALS = 5  # about 1 m, as an imported list would give them
LIST_NAME = "synthetic-enterprises.csv"


def synthetic_points(n: int, seed: int = SEED, region: shapely.Geometry | None = None) -> tuple[NDArray, NDArray]:
    """Return ``n`` reproducible random points spread uniformly over a region.

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


def synthetic_list(n: int, areas: gpd.GeoDataFrame, seed: int = SEED) -> bytes:
    """Return a plain enterprise list (UTF-8 CSV: 企业名称, 经度, 纬度) of ``n`` points inside the mapped areas.

    Points are rounded as a list would give them; one that rounding puts on an
    edge (in no area's interior, so an import would refuse it) is replaced.
    """

    from geo.crs import WGS84
    from geo.joins import assign_points_to_areas

    region = shapely.union_all(areas[areas["kind"] == "district"].geometry.values)
    lon, lat = synthetic_points(n + n // 100 + 16, seed, region)
    lon, lat = np.round(lon, DECIMALS), np.round(lat, DECIMALS)
    placed = assign_points_to_areas(gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=WGS84), areas)
    keep = placed.notna().to_numpy()
    lon, lat = lon[keep][:n], lat[keep][:n]
    if lon.size < n:
        raise RuntimeError(f"only {lon.size} of {n} synthetic points lie inside a mapped area")
    lines = ["企业名称,经度,纬度"]
    for i, (x, y) in enumerate(zip(lon, lat, strict=True), 1):
        lines.append(f"合成企业{i:06d},{x:.{DECIMALS}f},{y:.{DECIMALS}f}")
    return ("\n".join(lines) + "\n").encode()


def write_data_dir(folder: Path, n: int, seed: int = SEED) -> Path:
    """Copy ``data/`` into ``folder/data`` and import ``n`` synthetic enterprises into it; return that folder.

    Parameters
    ----------
    folder
        An empty (or new) scratch folder, e.g. a temporary directory.
    n
        Number of synthetic enterprises (0: a plain copy).
    seed
        Random seed of the points.
    """
    from geo.areas import areas_from_catalog
    from geo.catalog import DATA_DIR, load_catalog
    from geo.ingest import ingest

    data = Path(folder) / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("history"))
    if n:
        areas = areas_from_catalog(load_catalog(data))
        ingest("enterprises", synthetic_list(n, areas, seed), LIST_NAME, data, imported_by="bench", areas=areas)
        shutil.rmtree(data / "history", ignore_errors=True)  # the copy's previous enterprises.csv
    return data
