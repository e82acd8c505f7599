"""Baseline: the dashboard's layers drawn the plain way (run from the repo root with ``streamlit run``).

The same data through the project's geo functions (full-resolution district and
zone polygons, the mapped seismic stations, the enterprises with coordinates of
the data folder ``CQ_DASH_DATA_DIR`` names: the benchmark's copy holds its
synthetic ones, see ``bench.data``), drawn as a plain
developer would: ``folium.GeoJson`` of the raw GeoDataFrames with tooltips, one
``folium.Marker`` per enterprise in a ``MarkerCluster``, and ``st_folium`` with
its default arguments. A click shows the clicked feature's properties.

The only departures from a textbook script are the ones needed to run at all
offline: folium's CDN asset URLs are pointed at local copies (``bench.vendor``),
on the instances, and ``maxZoom`` is set (MarkerCluster refuses a map without it).
Data loading is cached, as the Streamlit docs recommend, so the comparison is
about drawing, not about re-reading files.
"""

from __future__ import annotations

import os
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import streamlit as st
from folium.plugins import MarkerCluster
from streamlit_folium import st_folium

from bench.vendor import localize
from geo.areas import areas_from_catalog
from geo.catalog import DATA_DIR, load_catalog
from geo.state import DEFAULT_CENTER, DEFAULT_ZOOM
from geo.stations import stations_from_catalog

DATA = Path(os.environ.get("CQ_DASH_DATA_DIR") or DATA_DIR)


@st.cache_resource
def load_layers() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return the full-resolution area polygons the app draws at its first view, and the mapped stations."""
    catalog = load_catalog(DATA)
    stations = stations_from_catalog(catalog)
    areas = areas_from_catalog(catalog)
    polygons = areas[(areas["layer"] != "towns") & (areas.geom_type != "Point")].drop(columns="approximate_edges")
    return polygons, stations[stations["mapped"]]


@st.cache_data
def load_points() -> tuple[np.ndarray, np.ndarray]:
    """Return the longitudes and latitudes of the enterprises that have coordinates."""
    ents = load_catalog(DATA).enterprises
    located = ents[ents["lon"].notna() & ents["lat"].notna()]
    return located["lon"].to_numpy(float), located["lat"].to_numpy(float)


def build_map(areas: gpd.GeoDataFrame, stations: gpd.GeoDataFrame, lon: np.ndarray, lat: np.ndarray) -> folium.Map:
    """Draw every layer the plain way."""
    m = folium.Map(location=list(DEFAULT_CENTER), zoom_start=DEFAULT_ZOOM, tiles=None, maxZoom=18)
    localize(m)
    folium.GeoJson(areas, name="areas", tooltip=folium.GeoJsonTooltip(fields=["name_zh", "kind"])).add_to(m)
    folium.GeoJson(
        stations,
        name="stations",
        marker=folium.CircleMarker(radius=6, color="#e53e3e", fill=True),
        tooltip=folium.GeoJsonTooltip(fields=["name_zh", "type_zh"]),
    ).add_to(m)
    if len(lon):
        cluster = MarkerCluster(name="enterprises")
        localize(cluster)
        cluster.add_to(m)
        for x, y in zip(lon, lat, strict=True):
            folium.Marker([float(y), float(x)]).add_to(cluster)
    return m


st.set_page_config(page_title="baseline", layout="wide")
areas, stations = load_layers()
lon, lat = load_points()
map_col, panel_col = st.columns([5, 4])
with map_col:
    out = st_folium(build_map(areas, stations, lon, lat))
with panel_col:
    clicked = (out or {}).get("last_active_drawing")
    if clicked:
        st.subheader(clicked["properties"].get("name_zh", ""))
        st.write(clicked["properties"])
    else:
        st.write("Click an area on the map.")
