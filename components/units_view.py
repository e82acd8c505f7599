"""Township units in the panel: the units an area is made of, and the panel of one unit's cell."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from components.data import BY_DATA_VERSION
from components.i18n import md_name_of, t
from components.tables import enterprise_lines, stations_line, unit_facts, unit_lines
from components.view import select_area
from geo.catalog import Catalog
from geo.escape import escape_markdown
from geo.joins import AreaContents
from geo.state import ViewState
from geo.units import areas_of_unit, district_of_unit


def area_buttons(area_ids: tuple[str, ...], catalog: Catalog, lang: str, key: str) -> None:
    """Draw one button per area (or township unit) that selects it."""
    if not area_ids:
        return
    cols = st.columns(min(len(area_ids), 3))
    for i, other in enumerate(area_ids):
        row = catalog.areas.loc[other] if other in catalog.areas.index else catalog.towns.loc[other]
        cols[i % len(cols)].button(md_name_of(row, lang), key=f"{key}_{other}", on_click=select_area, args=(other,))


def render_stations(station_ids: tuple[str, ...], catalog: Catalog, lang: str) -> None:
    """List the mapped stations inside an area or a township's cell, each with its type."""
    if not station_ids:
        st.caption(t("panel_no_stations", lang))
        return
    st.markdown(stations_line(catalog.stations.loc[list(station_ids)], lang))


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs=BY_DATA_VERSION)
def _enterprise_lines(ids: tuple[str, ...], lang: str, catalog: Catalog) -> tuple[str, ...]:
    """One Markdown line per industry: its enterprises and their roles (built once per list, language and data)."""
    return enterprise_lines(catalog.enterprises.loc[list(ids)], lang)


#: At most this many enterprises are named in a panel; the area's exports list them all.
PANEL_ENTERPRISES = 100


def render_enterprises(ids: tuple[str, ...], catalog: Catalog, lang: str) -> None:
    """List enterprises by industry, each with its role (imported lists may give neither).

    An area holding more than ``PANEL_ENTERPRISES`` (an imported register) names the first ones and says how many
    more its CSV/Excel export holds, so a click never sends thousands of names to the browser.
    """
    if not ids:
        st.caption(t("panel_no_enterprises", lang))
        return
    st.markdown("\n\n".join(_enterprise_lines(ids[:PANEL_ENTERPRISES], lang, catalog)))
    if len(ids) > PANEL_ENTERPRISES:
        st.caption(t("panel_enterprises_more", lang, shown=PANEL_ENTERPRISES, n=len(ids)))


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs=BY_DATA_VERSION)
def _unit_lines(area_id: str, year: int, lang: str, catalog: Catalog) -> tuple[str, str, tuple[str, ...]]:
    """Return the units section of a panel as escaped Markdown (built once per area, year, language and data)."""
    return unit_lines(catalog, area_id, year, lang)


def render_units(area_id: str, catalog: Catalog, year: int, lang: str) -> None:
    """List the township units an area is made of: those drawn as cells, and those without a seat and why."""
    title, seated, unseated = _unit_lines(area_id, year, lang, catalog)
    if not title:
        return
    with st.expander(title, expanded=False):
        st.markdown(seated)
        if unseated:
            st.markdown(f"**{t('units_unseated', lang, n=len(unseated))}**")
            for line in unseated:
                st.caption(line)
        st.caption(t("units_note", lang))


def render_unit_panel(
    code: str,
    *,
    catalog: Catalog,
    areas: gpd.GeoDataFrame,
    state: ViewState,
    contents: AreaContents,
    lang: str,
) -> None:
    """Draw the panel of one township unit: its facts, the zones that include it, its stations and enterprises."""
    row = catalog.towns.loc[code]
    st.subheader(md_name_of(row, lang), anchor=False)
    facts = unit_facts(code, catalog, areas, state.asof, lang)
    st.table(facts.map(escape_markdown), border="horizontal", hide_header=True)
    st.button(
        t("panel_clear", lang), key="clear_selection", on_click=select_area, args=(None,), icon=":material/close:"
    )
    district = district_of_unit(catalog, code, state.asof)
    if district:
        st.caption(t("unit_open_district", lang))
        area_buttons((district,), catalog, lang, key="unit_district")
    zones = areas_of_unit(catalog, code)
    st.caption(t("unit_zones", lang, n=len(zones)) if zones else t("unit_no_zones", lang))
    area_buttons(zones, catalog, lang, key="unit_zone")
    if contents.also_here:
        st.caption(t("panel_also_here", lang))
        others = tuple(a for a in contents.also_here if a not in zones and a != district)
        area_buttons(others, catalog, lang, key="also")
    st.markdown(f"**{t('panel_stations', lang)}**")
    render_stations(contents.stations, catalog, lang)
    st.markdown(f"**{t('panel_enterprises', lang)} ({len(contents.enterprises)})**")
    render_enterprises(contents.enterprises, catalog, lang)
    st.caption(t("src_attrib_geonames", lang))
