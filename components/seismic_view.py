"""The seismic network: station list, coverage map with adjustable circles, covered shares, nearest station."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from components.data import get_areas, get_catalog, get_stations, stations_geojson
from components.i18n import md_name_of, t
from components.map_view import SELECTION_COLOR, MapLayer, build_map, geojson_data, stabilise_ids
from components.mini_map import districts_layer, show_mini_map, table_height
from components.tables import district_shares_table, station_table, town_coverage_table, unmapped_stations_table
from geo.catalog import Catalog
from geo.coverage import Nearest, coverage_circles, covered_share, points_covered, town_seats
from geo.display import DisplayContext
from geo.encoding import geojson_from_frame
from geo.extent import fit_view
from geo.layers import LAYERS

MAP_KEY = "seismic_map"
RADIUS_KEY = "seis_radius"
RADIUS_RANGE_KM = (1, 50)
DEFAULT_RADIUS_KM = 10
COVERAGE_COLOR = "#e53e3e"
STATIONS_COLOR = next(spec.color for spec in LAYERS if spec.id == "stations")


def pick_radius(lang: str) -> int:
    """Draw the coverage-radius slider (whole kilometres) and return its value."""
    return st.slider(
        t("seis_radius", lang),
        min_value=RADIUS_RANGE_KM[0],
        max_value=RADIUS_RANGE_KM[1],
        value=DEFAULT_RADIUS_KM,
        step=1,
        format="%d km",
        key=RADIUS_KEY,
        help=t("seis_radius_help", lang),
    )


def clicked_point() -> tuple[float, float] | None:
    """Return the (lat, lon) last clicked on this page's map, or None."""
    event = st.session_state.get(MAP_KEY) or {}
    click = event.get("last_clicked")
    if not click:
        return None
    return float(click["lat"]), float(click["lng"])


@st.cache_data(show_spinner=False)
def coverage_geojson(radius_km: float) -> dict:
    """Return the union of the coverage circles as GeoJSON (computed in the metric CRS)."""
    return geojson_from_frame(coverage_circles(get_stations(), radius_km), ["radius_km"])


@st.cache_data(show_spinner=False)
def district_coverage(radius_km: float) -> pd.DataFrame:
    """Return the covered share of every district (area ∩ union of circles / area, metric CRS)."""
    areas = get_areas()
    return covered_share(areas[areas["kind"] == "district"], get_stations(), radius_km)


@st.cache_data(show_spinner=False)
def town_coverage(radius_km: float, district: str) -> pd.DataFrame:
    """Return each town seat of ``district`` (an area id): its nearest station, the distance, whether covered."""
    catalog = get_catalog()
    seats = town_seats(catalog, str(catalog.areas.loc[district, "adcode"]))
    return pd.concat([seats.drop(columns="geometry"), points_covered(seats, get_stations(), radius_km)], axis=1)


def network_district(stations: gpd.GeoDataFrame) -> str:
    """Return the area most stations belong to (the plan's district), whose town seats are checked."""
    return str(stations["area"].value_counts().index[0])


def render_station_table(stations: gpd.GeoDataFrame, lang: str) -> None:
    """Draw the full station list of the plan (专栏11), including the unmapped rows."""
    total = int(stations["count"].sum())
    st.caption(t("seis_rows", lang, rows=len(stations), total=total, mapped=int(stations["mapped"].sum())))
    st.dataframe(
        station_table(stations, lang), hide_index=True, key="seis_stations", height=table_height(len(stations))
    )


def _overlay(radius_km: float, click: tuple[float, float] | None, nearest: Nearest | None) -> folium.FeatureGroup:
    fg = folium.FeatureGroup(name="coverage")
    folium.GeoJson(
        coverage_geojson(radius_km),
        style_function=lambda _f: {
            "color": COVERAGE_COLOR,
            "weight": 1,
            "fillColor": COVERAGE_COLOR,
            "fillOpacity": 0.12,
        },
        interactive=False,
    ).add_to(fg)
    if click is not None:
        if nearest is not None:
            station = get_stations().geometry[nearest.station]
            folium.PolyLine(
                [list(click), [station.y, station.x]], color=SELECTION_COLOR, weight=2, dash_array="4 4"
            ).add_to(fg)
        folium.CircleMarker(list(click), radius=5, color=SELECTION_COLOR, fill=True, fill_opacity=0.9).add_to(fg)
    stabilise_ids(fg, "c")
    return fg


def render_map(radius_km: float, click: tuple[float, float] | None, nearest: Nearest | None, lang: str) -> None:
    """Draw the districts, the mapped stations and the coverage circles; clicks report back for the nearest station."""
    stations = get_stations()
    mapped = stations[stations["mapped"]]
    center, zoom = fit_view(tuple(mapped.total_bounds), height_px=560)
    layer = MapLayer(
        "stations",
        t("layer_stations", lang),
        geojson_data(stations_geojson(ctx=DisplayContext(lang=lang))),
        STATIONS_COLOR,
        points=True,
    )
    m = build_map([districts_layer(lang), layer], attribution=t("map_attribution_none", lang), center=center, zoom=zoom)
    show_mini_map(
        m, key=MAP_KEY, returned_objects=["last_clicked"], overlay=_overlay(radius_km, click, nearest), height=560
    )
    st.caption(t("seis_map_note", lang, radius=radius_km))


def render_nearest(click: tuple[float, float] | None, nearest: Nearest | None, catalog: Catalog, lang: str) -> None:
    """Say which mapped station is nearest to the clicked point, and how far."""
    if click is None:
        st.info(t("seis_click_hint", lang), icon=":material/touch_app:")
        return
    if nearest is None:
        st.warning(t("seis_no_station", lang), icon=":material/warning:")
        return
    name = md_name_of(catalog.stations.loc[nearest.station], lang)
    st.success(
        t("seis_nearest", lang, station=name, km=nearest.distance_km, lat=click[0], lon=click[1]),
        icon=":material/location_on:",
    )
    st.caption(t("seis_distance_note", lang))


def render_district_shares(radius_km: float, catalog: Catalog, lang: str) -> None:
    """Draw the share of each district inside the coverage circles (districts with none are summarised)."""
    shares = district_coverage(radius_km)
    touched = shares[shares["covered_km2"] > 0].sort_values("share", ascending=False)
    table = district_shares_table(touched, catalog, lang)
    st.markdown(f"**{t('seis_share_heading', lang, radius=radius_km)}**")
    st.dataframe(table, hide_index=True, key="seis_shares")
    st.caption(t("seis_share_note", lang, others=len(shares) - len(touched)))


def render_towns(radius_km: float, district: str, catalog: Catalog, lang: str) -> None:
    """Draw whether each town seat of ``district`` lies within the radius of a mapped station."""
    towns = town_coverage(radius_km, district)
    table = town_coverage_table(towns, catalog, lang)
    name = md_name_of(catalog.areas.loc[district], lang)
    st.markdown(f"**{t('seis_towns_heading', lang, district=name, radius=radius_km)}**")
    st.caption(t("seis_towns_count", lang, covered=int(towns["covered"].sum()), total=len(towns), radius=radius_km))
    st.dataframe(table, hide_index=True, key="seis_towns", height=table_height(len(table)))


def render_unmapped(stations: gpd.GeoDataFrame, lang: str) -> None:
    """List the station rows without a location, each with the reason the plan gives."""
    unmapped = stations[~stations["mapped"]]
    if unmapped.empty:
        return
    st.markdown(f"**{t('seis_unmapped_heading', lang)}**")
    st.dataframe(unmapped_stations_table(unmapped, lang), hide_index=True, key="seis_unmapped")
