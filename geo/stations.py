"""Seismic stations as points, and which areas contain them (spatial join)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.catalog import Catalog
from geo.crs import WGS84
from geo.joins import ids_by_area


def stations_from_catalog(catalog: Catalog) -> gpd.GeoDataFrame:
    """Return every station row with a point where its location is known.

    Parameters
    ----------
    catalog
        The validated data tables.

    Returns
    -------
    geopandas.GeoDataFrame
        All stations, indexed by id; ``geometry`` is the seat of its town, or None
        where the location is unpublished. Column ``mapped`` says which.
    """
    stations = catalog.stations
    towns = catalog.towns
    points = [
        shapely.Point(towns.loc[c, "lon"], towns.loc[c, "lat"]) if c and pd.notna(towns.loc[c, "lon"]) else None
        for c in stations["town"]
    ]
    gdf = gpd.GeoDataFrame(stations.copy(), geometry=points, crs=WGS84)
    gdf["mapped"] = gdf.geometry.notna()
    return gdf


def stations_by_area(stations: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> dict[str, tuple[str, ...]]:
    """Assign mapped stations to every area polygon that contains them.

    Parameters
    ----------
    stations
        From :func:`stations_from_catalog`.
    areas
        Area polygons in EPSG:4326, indexed by id.

    Returns
    -------
    dict
        Area id -> station ids inside it (areas without stations are absent).
    """
    return ids_by_area(stations.geometry[stations["mapped"]], areas)
