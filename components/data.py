"""Cached access to the data and the geometry built from it, shared by every session.

``st.cache_resource`` hands out one shared object without pickling it: callers
must treat the returned frames and indexes as read-only. GeoJSON for the
browser is cached with ``st.cache_data`` as plain dicts.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from components.i18n import name_of, t
from geo.catalog import Catalog, load_catalog
from geo.escape import escape_text
from geo.layers import LAYER_IDS, LAYERS, areas_from_catalog, simplify_for_display, to_geojson
from geo.select import AreaIndex
from geo.state import Vocabulary
from geo.stations import stations_by_area, stations_from_catalog

EMPTY = {"type": "FeatureCollection", "features": []}


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


@st.cache_resource(show_spinner=False)
def get_stations() -> gpd.GeoDataFrame:
    """Return every station, with a point where the location is known (read-only)."""
    return stations_from_catalog(get_catalog())


@st.cache_resource(show_spinner=False)
def get_stations_by_area() -> dict[str, tuple[str, ...]]:
    """Return, for each area, the mapped stations inside it (spatial join)."""
    return stations_by_area(get_stations(), get_areas())


def get_vocabulary() -> Vocabulary:
    """Return the values the URL state may take."""
    default_layers = tuple(spec.id for spec in LAYERS if spec.default_on)
    return Vocabulary(
        areas=frozenset(get_catalog().areas.index),
        layers=LAYER_IDS,
        basemaps=("none",),
        default_layers=default_layers,
    )


def area_label(row: object, lang: str) -> str:
    """Return an area's map label: its name, marked when the extent is schematic."""
    name = name_of(row, lang)
    return t("label_schematic", lang, name=name) if row["accuracy"] == "schematic" else name


@st.cache_data(show_spinner=False)
def layer_geojson(layer_id: str, lang: str) -> dict:
    """Return a layer's simplified GeoJSON with escaped, translated labels."""
    if layer_id == "stations":
        return stations_geojson(lang)
    gdf = get_display_areas()
    part = gdf[gdf["layer"] == layer_id].copy()
    if part.empty:
        return EMPTY
    part["label"] = [escape_text(area_label(row, lang)) for _, row in part.iterrows()]
    part["schematic"] = part["accuracy"] == "schematic"
    return to_geojson(part, ["id", "label", "schematic"])


@st.cache_data(show_spinner=False)
def stations_geojson(lang: str) -> dict:
    """Return the mapped stations as GeoJSON points with type, status and location accuracy."""
    stations = get_stations()
    mapped = stations[stations["mapped"]].copy()
    if mapped.empty:
        return EMPTY
    mapped["label"] = [
        escape_text(f"{name_of(row, lang)} · {t('station_type_' + row['type_zh'], lang)}")
        for _, row in mapped.iterrows()
    ]
    mapped["type"] = mapped["type_zh"].map(escape_text)
    mapped["unverified"] = mapped["location_accuracy"] == "unverified_geocode"
    return to_geojson(mapped, ["id", "label", "type", "status", "unverified"])


@st.cache_data(show_spinner=False)
def area_geojson(area_id: str) -> dict:
    """Return one area's simplified GeoJSON (for the selection highlight)."""
    gdf = get_display_areas()
    if area_id not in gdf.index:
        return EMPTY
    return to_geojson(gdf.loc[[area_id]], ["id"])
