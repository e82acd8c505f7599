"""Cached access to the data and the geometry built from it, shared by every session.

``st.cache_resource`` hands out one shared object without pickling it: callers
must treat the returned frames and indexes as read-only.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from components.i18n import name_of
from geo.catalog import Catalog, load_catalog
from geo.escape import escape_text
from geo.layers import LAYER_IDS, LAYERS, areas_from_catalog, simplify_for_display, to_geojson
from geo.select import AreaIndex
from geo.state import Vocabulary


@st.cache_resource(show_spinner=False)
def get_catalog() -> Catalog:
    """Return the validated data tables (read-only)."""
    return load_catalog()


@st.cache_resource(show_spinner=False)
def get_areas() -> gpd.GeoDataFrame:
    """Return every mappable area with full-resolution WGS-84 geometry (read-only)."""
    return areas_from_catalog(get_catalog())


@st.cache_resource(show_spinner=False)
def get_display_areas() -> gpd.GeoDataFrame:
    """Return the areas simplified for the browser (read-only)."""
    return simplify_for_display(get_areas())


@st.cache_resource(show_spinner=False)
def get_area_index() -> AreaIndex:
    """Return the spatial index used to hit-test clicks (full-resolution geometry)."""
    return AreaIndex.from_areas(get_areas())


def get_vocabulary() -> Vocabulary:
    """Return the values the URL state may take."""
    default_layers = tuple(spec.id for spec in LAYERS if spec.default_on)
    return Vocabulary(
        areas=frozenset(get_catalog().areas.index),
        layers=LAYER_IDS,
        basemaps=("none",),
        default_layers=default_layers,
    )


@st.cache_data(show_spinner=False)
def layer_geojson(layer_id: str, lang: str) -> dict:
    """Return a layer's simplified GeoJSON with escaped, translated labels."""
    gdf = get_display_areas()
    part = gdf[gdf["layer"] == layer_id].copy()
    part["label"] = [escape_text(name_of(row, lang)) for _, row in part.iterrows()]
    return to_geojson(part, ["id", "label"])


@st.cache_data(show_spinner=False)
def area_geojson(area_id: str) -> dict:
    """Return one area's simplified GeoJSON (for the selection highlight)."""
    gdf = get_display_areas()
    if area_id not in gdf.index:
        return {"type": "FeatureCollection", "features": []}
    return to_geojson(gdf.loc[[area_id]], ["id"])
