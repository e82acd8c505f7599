"""Cached access to the data and the geometry built from it, shared by every session.

``st.cache_resource`` hands out one shared object without pickling it: callers
must treat the returned frames, indexes and GeoJSON dicts as read-only. (With
``st.cache_data`` every rerun would unpickle a fresh copy of each layer's
hundreds of kilobytes of GeoJSON.)
"""

from __future__ import annotations

import hashlib
import json

import geopandas as gpd
import numpy as np
import streamlit as st

from components.assets import bundle_scripts, publish_generated
from components.i18n import name_of, t
from geo.basemaps import Basemap, available_basemaps
from geo.catalog import Catalog, data_fingerprint, load_catalog
from geo.crs import wgs84_to_gcj02
from geo.escape import escape_text
from geo.layers import (
    LAYER_IDS,
    LAYERS,
    areas_from_catalog,
    for_display_datum,
    pack_geojson,
    simplify_for_display,
    to_geojson,
)
from geo.points import content_name, encode_points
from geo.select import AreaIndex
from geo.state import Vocabulary
from geo.stations import stations_by_area, stations_from_catalog
from geo.synthetic import synthetic_points
from settings import Settings, host_reachable, load_settings

EMPTY = {"type": "FeatureCollection", "features": []}


@st.cache_resource(show_spinner=False)
def get_catalog() -> Catalog:
    """Return the validated data tables (read-only)."""
    return load_catalog(get_settings().data_dir)


@st.cache_resource(show_spinner=False)
def _data_seen() -> dict[str, object]:
    """Return the holder of the data folder's fingerprint when the caches were filled (one per process)."""
    return {}


def refresh_if_data_changed() -> bool:
    """Empty every cache when an import (CLI or admin page) changed the data files; return True if it did.

    Costs a few ``stat`` calls per run; the next call of each getter reloads.
    """
    stamp = data_fingerprint(get_settings().data_dir)
    seen = _data_seen()
    if seen.setdefault("stamp", stamp) == stamp:
        return False
    st.cache_data.clear()
    st.cache_resource.clear()
    _data_seen()["stamp"] = stamp
    return True


@st.cache_resource(show_spinner=False)
def get_areas() -> gpd.GeoDataFrame:
    """Return every mappable area with full-resolution WGS-84 geometry (read-only)."""
    return areas_from_catalog(get_catalog())


@st.cache_resource(show_spinner=False)
def get_display_areas(gcj02: bool = False) -> gpd.GeoDataFrame:
    """Return the areas simplified for the browser, in WGS-84 or shifted to GCJ-02 (read-only)."""
    if gcj02:
        return for_display_datum(get_display_areas(False), gcj02=True)
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


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml: Streamlit raises its own not-found error
        return {}


@st.cache_resource(show_spinner=False)
def script_bundle(urls: tuple[str, ...]) -> str:
    """Return the URL of one file holding the map's scripts (see :func:`components.assets.bundle_scripts`)."""
    return bundle_scripts(urls)


def warm_caches() -> None:
    """Load the data every session shares (catalog, areas, display geometry, indices) into the caches."""
    get_catalog()
    get_display_areas(False)
    get_area_index()
    get_stations_by_area()
    get_vocabulary()


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    """Return the deployment settings (secrets first, then the environment)."""
    return load_settings(secrets=_secrets())


@st.cache_resource(show_spinner=False)
def get_basemaps() -> dict[str, Basemap]:
    """Return the basemaps this deployment offers, by id, in menu order."""
    cfg = get_settings()
    maps = available_basemaps(cfg.tianditu_key, cfg.tile_url, cfg.tile_datum, cfg.tile_attribution)
    return {b.id: b for b in maps}


@st.cache_resource(show_spinner=False)
def get_default_basemap() -> str:
    """Return the default basemap: the setting, or for ``auto`` Amap when its tiles answer, else ``none``.

    Checked once per server process, so an offline meeting room gets the
    boundaries-only map without waiting on tiles that never come.
    """
    wanted = get_settings().default_basemap
    basemaps = get_basemaps()
    if wanted in basemaps:
        return wanted
    amap = basemaps["amap"].tiles[0].url
    return "amap" if wanted == "auto" and host_reachable(amap) else "none"


@st.cache_resource(show_spinner=False)
def enterprise_points(gcj02: bool = False) -> tuple[str | None, int]:
    """Publish the enterprise points (those with coordinates, plus synthetic ones if configured).

    Returns
    -------
    tuple
        The iframe URL of the binary point file (None when there are no points)
        and the number of points.
    """
    ents = get_catalog().enterprises
    located = ents[ents["lon"].notna() & ents["lat"].notna()]
    lon, lat = located["lon"].to_numpy(float), located["lat"].to_numpy(float)
    n_synthetic = get_settings().synthetic_enterprises
    if n_synthetic:
        s_lon, s_lat = synthetic_points(n_synthetic)
        lon, lat = np.concatenate([lon, s_lon]), np.concatenate([lat, s_lat])
    if lon.size == 0:
        return None, 0
    if gcj02:
        lon, lat = wgs84_to_gcj02(lon, lat)
    blob = encode_points(lon, lat)
    return publish_generated(content_name(blob), blob), int(lon.size)


def get_vocabulary() -> Vocabulary:
    """Return the values the URL state may take."""
    default_layers = tuple(spec.id for spec in LAYERS if spec.default_on)
    return Vocabulary(
        areas=frozenset(get_catalog().areas.index),
        layers=LAYER_IDS,
        basemaps=tuple(get_basemaps()),
        default_layers=default_layers,
        default_basemap=get_default_basemap(),
    )


def area_label(row: object, lang: str) -> str:
    """Return an area's map label: its name, marked when the extent is schematic."""
    name = name_of(row, lang)
    return t("label_schematic", lang, name=name) if row["accuracy"] == "schematic" else name


@st.cache_resource(show_spinner=False)
def layer_geojson(layer_id: str, lang: str, gcj02: bool = False) -> dict:
    """Return a layer's simplified GeoJSON with escaped, translated labels, in the basemap's datum."""
    if layer_id == "stations":
        return stations_geojson(lang, gcj02)
    gdf = get_display_areas(gcj02)
    part = gdf[gdf["layer"] == layer_id].copy()
    if part.empty:
        return EMPTY
    part["label"] = [escape_text(area_label(row, lang)) for _, row in part.iterrows()]
    part["schematic"] = part["accuracy"] == "schematic"
    return to_geojson(part, ["id", "label", "schematic"])


@st.cache_resource(show_spinner=False)
def layer_geojson_url(layer_id: str, lang: str, gcj02: bool = False) -> str:
    """Publish a layer's GeoJSON as a content-addressed static file; return its URL as seen from the map.

    The map script then only names the file: reruns resend a few hundred bytes
    instead of the geometry, and the browser fetches each file once.
    """
    packed = pack_geojson(layer_geojson(layer_id, lang, gcj02))
    blob = json.dumps(packed, ensure_ascii=False, separators=(",", ":")).encode()
    return publish_generated(f"{layer_id}-{hashlib.sha256(blob).hexdigest()[:16]}.geojson", blob)


@st.cache_resource(show_spinner=False)
def stations_geojson(lang: str, gcj02: bool = False) -> dict:
    """Return the mapped stations as GeoJSON points with type, status and location accuracy."""
    stations = get_stations()
    mapped = for_display_datum(stations[stations["mapped"]], gcj02).copy()
    if mapped.empty:
        return EMPTY
    mapped["label"] = [
        escape_text(f"{name_of(row, lang)} · {t('station_type_' + row['type_zh'], lang)}")
        for _, row in mapped.iterrows()
    ]
    mapped["type"] = mapped["type_zh"].map(escape_text)
    mapped["unverified"] = mapped["location_accuracy"] == "unverified_geocode"
    return to_geojson(mapped, ["id", "label", "type", "status", "unverified"])


@st.cache_resource(show_spinner=False)
def area_geojson(area_id: str, gcj02: bool = False) -> dict:
    """Return one area's simplified GeoJSON (for the selection highlight) in the basemap's datum."""
    gdf = get_display_areas(gcj02)
    if area_id not in gdf.index:
        return EMPTY
    return to_geojson(gdf.loc[[area_id]], ["id"])
