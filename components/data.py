"""Cached access to the data and the geometry built from it, shared by every session.

``st.cache_resource`` hands out one shared object without pickling it: callers
must treat the returned frames, indexes and GeoJSON dicts as read-only. (With
``st.cache_data`` every rerun would unpickle a fresh copy of each layer's
hundreds of kilobytes of GeoJSON.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
import threading
import time
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from components.assets import bundle_scripts, publish_generated
from components.i18n import name_of, t
from geo.areas import LATEST_YEAR, Base, areas_from_catalog, base_from_catalog, simplified_base
from geo.basemaps import GCJ02, WGS84, Basemap, available_basemaps
from geo.catalog import Catalog
from geo.crs import wgs84_to_gcj02
from geo.display import Datum, DisplayContext
from geo.encoding import (
    DISPLAY_TOLERANCE_DEG,
    for_display_datum,
    geojson_from_frame,
    label_points,
    topology_from_frames,
)
from geo.escape import escape_text
from geo.extent import fit_view, layers_extent
from geo.joins import AreaContents, members_by_area
from geo.layers import AREA_LAYERS, LAYER_IDS, LAYERS
from geo.monitoring import assessments_from_indicators
from geo.select import AreaIndex
from geo.state import ViewState, Vocabulary
from geo.stations import stations_by_area, stations_from_catalog
from geo.storage import Storage, StoreUnavailableError, open_storage
from geo.storage.watch import StoreWatcher
from settings import Settings, host_reachable, load_settings
from web.heap import unfreeze

EMPTY = {"type": "FeatureCollection", "features": []}
POINT_DECIMALS = 5  # enterprise points: about 1 m


BY_DATA_VERSION: dict[str | type[Any], Callable[[Any], Any]] = {
    Catalog: operator.attrgetter("version")
}  # hash_funcs: a catalog argument keys by its version
_refresh_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def get_storage() -> Storage:
    """Return the data store of this process: the data folder, or PostGIS with ``CQ_DASH_DATABASE_URL``."""
    settings = get_settings()
    return open_storage(settings.data_dir, settings.database_url)


@st.cache_resource(show_spinner=False, max_entries=1)
def catalog_of_version(version: str) -> Catalog:
    """Return the validated data tables of one version of the data (read-only).

    ``version`` (:meth:`geo.storage.Storage.current_version`) is the cache
    key. A folder is read as it is now, an import that was killed half-way
    undone first; a database is read at exactly that version.
    """
    return get_storage().load(version)


def get_catalog() -> Catalog:
    """Return the validated data tables (read-only) of the version the caches hold (:func:`current_data_version`)."""
    return catalog_of_version(current_data_version())


@st.cache_resource(show_spinner=False)
def _data_seen() -> dict[str, Any]:
    """Return the holder of the data's version the caches hold (one per process).

    Keys: ``version``; ``checked`` (monotonic time of the last question to
    the store); ``offline`` (why the store could not be asked, while it cannot).
    """
    return {}


def current_data_version() -> str:
    """Return the data's version the caches hold: the one :func:`refresh_if_data_changed` last saw."""
    seen = _data_seen()
    if "version" not in seen:
        seen.setdefault("version", get_storage().current_version())
    return str(seen["version"])


def data_offline() -> str | None:
    """Return why the data store could not be reached at the last check (None while it answers)."""
    return _data_seen().get("offline")


def _ask_store(seen: dict[str, Any], *, now: bool = False) -> str | None:
    """Return the store's current version, or None when it was asked too recently or cannot be reached.

    A folder is asked on every run (a few ``stat`` calls). A database is
    asked by this process's watcher (``now``: on every announcement, and at
    least every :attr:`~geo.storage.Storage.check_interval_s`, 2 s), so runs
    do not ask too; only if the watcher has died does a run ask, at most
    every 2 s per process. A lost database is noted (:func:`data_offline`)
    and the data loaded before stay in use, read-only.
    """
    storage = get_storage()
    if not now and _watched():
        return None
    checked = time.monotonic()
    if not now and storage.check_interval_s and checked - seen.get("checked", -1e9) < storage.check_interval_s:
        return None
    seen["checked"] = checked
    try:
        version = storage.current_version()
    except StoreUnavailableError as exc:
        seen["offline"] = str(exc)
        return None
    seen.pop("offline", None)
    return version


def refresh_if_data_changed(*, now: bool = False) -> bool:
    """When an import (CLI or admin page) changed the data, empty the data caches; return True if it did.

    Costs a few ``stat`` calls per run (a folder), or nothing in a run with a
    database, whose watcher asks instead (see :func:`_ask_store`). Only the caches filled from the data
    are emptied (:func:`components.caches.data_caches`), and the geometry
    caches whose own tables the import changed
    (:func:`components.caches.clear_changed_geometry`): settings, basemaps,
    script bundles and, after an enterprise list, the map's geometry stay.
    The heap is unfrozen too, so that the end of this run collects the
    earlier version and freezes the new one (:func:`web.heap.freeze_once`):
    without that every later run's garbage collection would walk all of the
    new data again.
    """
    from components.caches import clear_changed_geometry, clear_data_caches

    seen = _data_seen()
    version = _ask_store(seen, now=now)
    if version is None or seen.setdefault("version", version) == version:
        return False
    with _refresh_lock:
        if seen["version"] == version:  # another session's run got here first
            return False
        before = get_catalog()  # the version the caches hold (loaded already)
        seen["version"] = version
        clear_data_caches()
        clear_changed_geometry(before, get_catalog())
        unfreeze()
    return True


def follow_store() -> None:
    """Act on a store's announcement: when the version changed, empty the data caches and fill them again at once.

    Runs in the watcher's thread (:func:`watch_store`), so that the first
    page anyone opens after an import elsewhere is served warm.
    """
    if refresh_if_data_changed(now=True):
        warm_caches()


def _stop_watching(watcher: StoreWatcher | None) -> None:
    if watcher is not None:
        watcher.stop()


def _watched() -> bool:
    """Return whether a live watcher follows the store for this process (started here on the first run)."""
    watcher = watch_store()
    return watcher is not None and watcher.running


@st.cache_resource(show_spinner=False, on_release=_stop_watching)
def watch_store() -> StoreWatcher | None:
    """Start this process's store watcher once, when the store announces new versions (a database); else None.

    Emptying this cache (``st.cache_resource.clear()``) stops the watcher.
    """
    storage = get_storage()
    return StoreWatcher(storage, follow_store).start() if storage.announces else None


BASE_TABLES = ("towns",)  # the township cells are cut from the township seats alone
AREA_TABLES = ("towns", "areas", "shapes")  # every area's geometry and label come from these


def get_base() -> Base:
    """Return the 2023 district polygons and the township cells cut from them (read-only, built once)."""
    return _base(get_catalog().digest_of(BASE_TABLES))


def get_display_base() -> Base:
    """Return the base simplified for the browser as one coverage (read-only)."""
    return _display_base(get_catalog().digest_of(BASE_TABLES))


def get_areas(year: int = LATEST_YEAR, circle_km: float | None = None) -> gpd.GeoDataFrame:
    """Return every mappable area and township cell of ``year`` at full resolution, WGS-84 (read-only)."""
    return _areas(get_catalog().digest_of(AREA_TABLES), year, circle_km)


def get_display_areas(
    year: int = LATEST_YEAR, circle_km: float | None = None, datum: Datum = WGS84
) -> gpd.GeoDataFrame:
    """Return the areas simplified for the browser, in WGS-84 or shifted to the basemap's datum (read-only)."""
    return _display_areas(get_catalog().digest_of(AREA_TABLES), year, circle_km, datum)


def get_area_index(year: int = LATEST_YEAR, circle_km: float | None = None) -> AreaIndex:
    """Return the spatial index used to hit-test clicks (full-resolution geometry)."""
    return _area_index(get_catalog().digest_of(AREA_TABLES), year, circle_km)


# The geometry caches below are keyed on a digest of the files they are built from
# (components.caches.keyed_caches): an import of other tables (an enterprise list,
# targets) keeps them, and one of their own tables gives a new key.


@st.cache_resource(show_spinner=False, max_entries=1)
def _base(key: str) -> Base:
    return base_from_catalog(get_catalog())


@st.cache_resource(show_spinner=False, max_entries=1)
def _display_base(key: str) -> Base:
    return simplified_base(_base(key), DISPLAY_TOLERANCE_DEG)


@st.cache_resource(show_spinner=False, max_entries=8)
def _areas(key: str, year: int, circle_km: float | None) -> gpd.GeoDataFrame:
    return areas_from_catalog(get_catalog(), year, circle_km, base=get_base())


@st.cache_resource(show_spinner=False, max_entries=8)
def _display_areas(key: str, year: int, circle_km: float | None, datum: Datum) -> gpd.GeoDataFrame:
    if datum != WGS84:
        return for_display_datum(_display_areas(key, year, circle_km, WGS84), datum)
    return areas_from_catalog(get_catalog(), year, circle_km, base=get_display_base())


@st.cache_resource(show_spinner=False, max_entries=8)
def _area_index(key: str, year: int, circle_km: float | None) -> AreaIndex:
    return AreaIndex.from_areas(_areas(key, year, circle_km))


@st.cache_resource(show_spinner=False)
def get_stations() -> gpd.GeoDataFrame:
    """Return every station, with a point where the location is known (read-only)."""
    return stations_from_catalog(get_catalog())


@st.cache_resource(show_spinner=False, max_entries=8)
def get_stations_by_area(year: int = LATEST_YEAR, circle_km: float | None = None) -> dict[str, tuple[str, ...]]:
    """Return, for each area and township cell, the mapped stations inside it (spatial join)."""
    return stations_by_area(get_stations(), get_areas(year, circle_km))


@st.cache_resource(show_spinner=False, max_entries=8)
def get_enterprises_by_area(year: int = LATEST_YEAR, circle_km: float | None = None) -> dict[str, tuple[str, ...]]:
    """Return, for each area and township cell, the enterprises that name it or whose point lies inside it."""
    return members_by_area(get_catalog().enterprises, get_areas(year, circle_km))


def area_contents(state: ViewState, also_here: tuple[str, ...]) -> AreaContents:
    """Return what the selected area's panel lists (nothing without a selection)."""
    area = state.area or ""
    return AreaContents(
        stations=get_stations_by_area(state.asof, state.circle_km).get(area, ()),
        enterprises=get_enterprises_by_area(state.asof, state.circle_km).get(area, ()),
        also_here=also_here,
    )


THEMATIC_LAYERS = ("science_city", "liangjiang", "parks", "circles")
MAP_SIZE_PX = (860, 640)  # the overview map on a laptop screen


@st.cache_resource(show_spinner=False)
def get_default_view() -> tuple[tuple[float, float], int]:
    """Return the view a map opens on without a link's view: the zones, parks, circles and stations, framed."""
    box = layers_extent(get_areas(), THEMATIC_LAYERS, get_stations().geometry)
    return fit_view(box, *MAP_SIZE_PX)


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
    get_display_areas()
    get_area_index()
    get_stations_by_area()
    get_enterprises_by_area()
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
def enterprise_points(datum: Datum = WGS84) -> tuple[str | None, int]:
    """Publish the enterprises that have coordinates as a GeoJSON file of points, clustered by the browser.

    Each point carries the enterprise's name, HTML-escaped (the hover tooltip);
    coordinates keep 5 decimals (about 1 m), in the basemap's datum.

    Returns
    -------
    tuple
        The iframe URL of the served GeoJSON file (None when no enterprise has
        coordinates) and the number of points.
    """
    ents = get_catalog().enterprises
    located = ents[ents["lon"].notna() & ents["lat"].notna()]
    if located.empty:
        return None, 0
    lon, lat = located["lon"].to_numpy(float), located["lat"].to_numpy(float)
    if datum == GCJ02:
        lon, lat = wgs84_to_gcj02(lon, lat)
    lon, lat = np.round(lon, POINT_DECIMALS), np.round(lat, POINT_DECIMALS)
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": xy}, "properties": {"name": escape_text(n)}}
        for *xy, n in zip(lon.tolist(), lat.tolist(), located["name_zh"], strict=True)
    ]
    return publish_json("enterprises", {"type": "FeatureCollection", "features": features}), len(features)


@st.cache_resource(show_spinner=False, max_entries=2)
def get_assessments(today: dt.date) -> pd.DataFrame:
    """Return the monitoring status of every target on ``today`` (:func:`geo.monitoring.assessments_from_indicators`).

    Keyed by the date, so the first run of a new day assesses again; the data caches are cleared on an import.
    """
    return assessments_from_indicators(get_catalog().indicators, today=today)


def get_vocabulary() -> Vocabulary:
    """Return the values the URL state may take (an area may also be a township unit's code)."""
    default_layers = tuple(spec.id for spec in LAYERS if spec.default_on)
    catalog = get_catalog()
    return Vocabulary(
        areas=frozenset(catalog.areas.index) | frozenset(catalog.towns.index),
        layers=LAYER_IDS,
        basemaps=tuple(get_basemaps()),
        default_layers=default_layers,
        default_basemap=get_default_basemap(),
    )


def area_label(row: pd.Series, lang: str) -> str:
    """Return an area's tooltip: its name, and how it is drawn unless it is an administrative boundary."""
    name = name_of(row, lang)
    accuracy = row["accuracy"]
    return name if accuracy == "boundary" else t("label_accuracy", lang, name=name, what=t(f"acc_{accuracy}", lang))


def _labelled(part: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    part = part.copy()
    part["label"] = [escape_text(area_label(row, lang)) for _, row in part.iterrows()]
    part["acc"] = part["accuracy"]
    part["m"] = part["method"]
    part["name"] = [escape_text(name_of(row, lang)) for _, row in part.iterrows()]
    part["lp"] = label_points(part.geometry)
    return part


LAYER_PROPS = ["id", "label", "m", "acc", "name", "lp"]  # every feature says how it was made and how accurate


@st.cache_resource(show_spinner=False, max_entries=16)
def _layer_frames(key: str, year: int, lang: str, datum: Datum, circle_km: float | None) -> dict[str, gpd.GeoDataFrame]:
    """Return the display frame of every area layer, labelled, plus ``edges`` (approximate district edges)."""
    gdf = _display_areas(key, year, circle_km, datum)
    frames = {spec.id: _labelled(gdf[gdf["layer"] == spec.id], lang) for spec in AREA_LAYERS}
    edges = gdf[gdf["approximate_edges"].notna()]
    edge_geoms = list(edges["approximate_edges"])
    if datum != WGS84:  # the edges column is not shifted with the geometry column
        edge_geoms = list(for_display_datum(gpd.GeoDataFrame(geometry=edge_geoms, crs=gdf.crs), datum).geometry)
    frames["edges"] = gpd.GeoDataFrame(
        {p: [None] * len(edges) for p in LAYER_PROPS} | {"id": list(edges.index)}, geometry=edge_geoms, crs=gdf.crs
    )
    return frames


def layer_data(*, ctx: DisplayContext, circle_km: float | None = None, served: bool = True) -> dict:
    """Return what each layer draws (year, language, datum of ``ctx``): TopoJSON for polygons, GeoJSON for points.

    Polygons of every area layer but the township cells share one topology
    (districts, zones and their approximate edges store their common borders
    once); the cells have their own, fetched only once the map is zoomed in
    far enough to show them.

    Returns
    -------
    dict
        ``{"areas": source, "towns": source, "points": {layer: source}}`` where a
        source is a served file's URL (``served``) or the data itself (a
        topology, or a FeatureCollection of points).
    """
    return _layer_data(get_catalog().digest_of(AREA_TABLES), ctx, circle_km, served)


@st.cache_resource(show_spinner=False, max_entries=16)
def _layer_data(key: str, ctx: DisplayContext, circle_km: float | None, served: bool) -> dict:
    frames = _layer_frames(key, ctx.asof, ctx.lang, ctx.datum, circle_km)
    polygons = {
        name: frame[~frame.geom_type.isin(["Point", "MultiPoint"])] for name, frame in frames.items() if name != "towns"
    }
    areas = topology_from_frames(polygons, LAYER_PROPS)
    towns = topology_from_frames({"towns": frames["towns"]}, LAYER_PROPS)
    points = {
        name: geojson_from_frame(frame[frame.geom_type == "Point"], ["id", "label", "m", "acc"])
        for name, frame in frames.items()
        if (frame.geom_type == "Point").any()
    }
    if not served:
        return {"areas": areas, "towns": towns, "points": points}
    return {
        "areas": publish_json("areas", areas, "topo.json"),
        "towns": publish_json("towns", towns, "topo.json"),
        "points": {name: publish_json(f"{name}-points", fc) for name, fc in points.items()},
    }


def publish_json(stem: str, data: dict, suffix: str = "geojson") -> str:
    """Publish data as a content-addressed file under ``static/generated``; return its URL as seen from the map."""
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return publish_generated(f"{stem}-{hashlib.sha256(blob).hexdigest()[:16]}.{suffix}", blob)


@st.cache_resource(show_spinner=False)
def stations_url(*, ctx: DisplayContext) -> str:
    """Publish the mapped stations as a served GeoJSON file; return its URL as seen from the map."""
    return publish_json("stations", stations_geojson(ctx=ctx))


def district_count(year: int) -> int:
    """Return how many districts and counties exist in ``year``."""
    return _district_count(get_catalog().digest_of(AREA_TABLES), year)


@st.cache_resource(show_spinner=False)
def _district_count(key: str, year: int) -> int:
    areas = _areas(key, year, None)
    return int((areas["kind"] == "district").sum())


@st.cache_resource(show_spinner=False)
def stations_geojson(*, ctx: DisplayContext) -> dict:
    """Return the mapped stations as GeoJSON points with type, status and location accuracy, as ``ctx`` shows them."""
    lang = ctx.lang
    stations = get_stations()
    mapped = for_display_datum(stations[stations["mapped"]], ctx.datum).copy()
    if mapped.empty:
        return EMPTY
    mapped["label"] = [
        escape_text(f"{name_of(row, lang)} · {t('station_type_' + row['type_zh'], lang)}")
        for _, row in mapped.iterrows()
    ]
    mapped["type"] = mapped["type_zh"].map(escape_text)
    mapped["unverified"] = mapped["location_accuracy"] == "unverified_geocode"
    return geojson_from_frame(mapped, ["id", "label", "type", "status", "unverified"])


@st.cache_resource(show_spinner=False, max_entries=64)
def area_geojson(area_id: str, *, ctx: DisplayContext, circle_km: float | None = None) -> dict:
    """Return one area's display GeoJSON (the selection highlight) in ``ctx``'s year and datum; empty if not drawn."""
    gdf = get_display_areas(ctx.asof, circle_km, ctx.datum)
    if area_id not in gdf.index:
        return EMPTY
    return geojson_from_frame(gdf.loc[[area_id]], ["id"])
