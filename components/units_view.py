"""Township units in the panel: the units an area is made of, and the panel of one unit's cell."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from components.i18n import md_name_of, name_of, t
from components.view import select_area
from geo.catalog import Catalog
from geo.display import localized, localized_column
from geo.escape import escape_markdown
from geo.state import ViewState
from geo.units import areas_of_unit, district_of_unit, units_of_area


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
    rows = catalog.stations.loc[list(station_ids)]
    st.markdown(
        "、".join(f"{md_name_of(r, lang)}({t('station_type_' + r['type_zh'], lang)})" for _, r in rows.iterrows())
    )


@st.cache_resource(show_spinner=False, max_entries=512)
def _enterprise_lines(ids: tuple[str, ...], lang: str, _catalog: Catalog) -> tuple[str, ...]:
    """One Markdown line per industry: its enterprises and their roles (built once per list and language)."""
    rows = _catalog.enterprises.loc[list(ids)]
    industry, role = localized_column("industry", lang), localized_column("role", lang)
    lines = []
    for name, group in rows.groupby(industry, sort=False, dropna=False):
        items = "、".join(
            f"{md_name_of(r, lang)}({escape_markdown(r[role])})" if r[role] else md_name_of(r, lang)
            for _, r in group.iterrows()
        )
        lines.append(f"**{escape_markdown(name) or '—'}** {items}")
    return tuple(lines)


def render_enterprises(ids: tuple[str, ...], catalog: Catalog, lang: str) -> None:
    """List enterprises by industry, each with its role (imported lists may give neither)."""
    if not ids:
        st.caption(t("panel_no_enterprises", lang))
        return
    for line in _enterprise_lines(ids, lang, catalog):
        st.markdown(line)


def _unit_line(row: pd.Series, lang: str) -> str:
    name = md_name_of(row, lang)
    if row["seated"]:
        return name
    note = localized(row, "note", lang)
    return f"{name}({escape_markdown(note)})" if note else name


@st.cache_resource(show_spinner=False, max_entries=512)
def _unit_lines(area_id: str, year: int, lang: str, _catalog: Catalog) -> tuple[str, str, tuple[str, ...]]:
    """Return the units section of a panel as escaped Markdown (built once per area, year and language)."""
    units = units_of_area(_catalog, area_id, year)
    if units.empty:
        return "", "", ()
    seated, unseated = units[units["seated"]], units[~units["seated"]]
    title = t("units_heading", lang, n=len(units), drawn=len(seated))
    return (
        title,
        "、".join(md_name_of(r, lang) for _, r in seated.iterrows()),
        tuple(_unit_line(r, lang) for _, r in unseated.iterrows()),
    )


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


def _seat_text(row: pd.Series, lang: str) -> str:
    if pd.isna(row["lon"]):
        return t("unit_seat_none", lang)
    if row["match"] == "fallback":
        return t("unit_seat_fallback", lang)
    return t(f"unit_seat_{row['match']}", lang, id=row["geonames_id"])


def unit_facts(code: str, catalog: Catalog, areas: gpd.GeoDataFrame, year: int, lang: str) -> pd.Series:
    """Return the facts of one township unit: kind, code, district, seat, computed area, accuracy, note."""
    row = catalog.towns.loc[code]
    district = district_of_unit(catalog, code, year)
    facts = {
        t("panel_kind", lang): t(f"unit_kind_{row['kind']}", lang),
        t("unit_code", lang): code,
        t("unit_district", lang, year=year): name_of(catalog.areas.loc[district], lang) if district else "",
    }
    before = district_of_unit(catalog, code, 2023)
    if year != 2023 and before != district and before:
        facts[t("unit_district", lang, year=2023)] = name_of(catalog.areas.loc[before], lang)
    if row["name_2026"]:
        facts[t("unit_name_2026", lang)] = row["name_2026"]
    facts[t("unit_seat", lang)] = _seat_text(row, lang)
    if code in areas.index:
        facts[t("panel_area", lang)] = t("panel_area_approximate", lang, value=areas.loc[code, "area_km2"])
        facts[t("panel_accuracy", lang)] = t("acc_approximate", lang)
        facts[t("panel_geometry", lang)] = t("unit_cell_note", lang)
    else:
        facts[t("panel_area", lang)] = t("unit_no_cell", lang)
    note = localized(row, "note", lang)
    if note:
        facts[t("unit_note", lang)] = note
    return pd.Series(facts, name="")


def render_unit_panel(
    code: str,
    *,
    catalog: Catalog,
    areas: gpd.GeoDataFrame,
    state: ViewState,
    stations_inside: tuple[str, ...],
    enterprises_inside: tuple[str, ...],
    also_here: tuple[str, ...],
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
    if also_here:
        st.caption(t("panel_also_here", lang))
        area_buttons(tuple(a for a in also_here if a not in zones and a != district), catalog, lang, key="also")
    st.markdown(f"**{t('panel_stations', lang)}**")
    render_stations(stations_inside, catalog, lang)
    st.markdown(f"**{t('panel_enterprises', lang)} ({len(enterprises_inside)})**")
    render_enterprises(enterprises_inside, catalog, lang)
    st.caption(t("src_attrib_geonames", lang))
