"""地震台网 / Seismic network: every station of the plan, coverage circles, covered shares, nearest station."""

from __future__ import annotations

import streamlit as st

from components.data import get_catalog, get_stations
from components.i18n import t
from components.seismic_view import (
    clicked_point,
    network_district,
    pick_radius,
    render_district_shares,
    render_map,
    render_nearest,
    render_station_table,
    render_towns,
    render_unmapped,
)
from components.view import read_view
from geo.coverage import nearest_station

state = read_view().state
lang = state.lang
catalog = get_catalog()
stations = get_stations()
click = clicked_point()
nearest = nearest_station(click[1], click[0], stations) if click else None

st.header(t("page_seismic", lang), anchor=False)
st.caption(t("seis_intro", lang))
render_station_table(stations, lang)
radius = pick_radius(lang)
map_col, side_col = st.columns([3, 2], gap="medium")
with map_col:
    render_map(radius, click, nearest, lang)
with side_col:
    render_nearest(click, nearest, catalog, lang)
    render_district_shares(radius, catalog, lang)
render_towns(radius, network_district(stations), catalog, lang)
render_unmapped(stations, lang)
