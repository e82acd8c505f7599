"""The side panel of the selected area: identity, size, role, targets, enterprises, stations, sources."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import streamlit as st

from components.brief import brief_html, brief_pdf, cached_brief_pdf, find_chromium
from components.cards import PlanGroup, indicator_cards
from components.data import BY_DATA_VERSION, current_data_version, get_assessments
from components.export import enterprises_frame, indicators_frame, to_csv, to_excel
from components.i18n import md_name_of, t
from components.tables import area_facts, indicator_table, profile_citation, without_empty_columns
from components.units_view import area_buttons, render_enterprises, render_stations, render_unit_panel, render_units
from components.view import select_area, update_view
from geo.catalog import Catalog
from geo.escape import escape_markdown
from geo.joins import AreaContents
from geo.recipes import parse_recipe
from geo.state import CIRCLE_KM_RANGE, YEARS, ViewState
from web.renders import RenderBusy


def _profile(row: pd.Series, catalog: Catalog, lang: str) -> None:
    if row["positioning_zh"]:
        st.markdown(f"**{t('panel_positioning', lang)}** {escape_markdown(row['positioning_zh'])}")
    if row["industries_zh"]:
        st.markdown(f"**{t('panel_industries', lang)}** " + escape_markdown("、".join(row["industries_zh"])))
    if row["platforms_zh"]:
        st.markdown(f"**{t('panel_platforms', lang)}** " + escape_markdown("、".join(row["platforms_zh"])))
    if row["positioning_zh"] or row["industries_zh"] or row["platforms_zh"]:
        st.caption(escape_markdown(profile_citation(row, catalog, lang)))


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs=BY_DATA_VERSION)
def _cached_table(area_id: str, status: str, lang: str, catalog: Catalog, today: dt.date) -> pd.DataFrame:
    """Return the display table of an area's targets or results (built once per area, status, language, data, day)."""
    rows = catalog.indicators[(catalog.indicators["area"] == area_id) & (catalog.indicators["status"] == status)]
    table = indicator_table(rows, catalog, lang, get_assessments(today))
    return without_empty_columns(table)  # a column with nothing to show is noise


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs=BY_DATA_VERSION)
def _cached_cards(area_id: str, status: str, lang: str, catalog: Catalog, today: dt.date) -> tuple[PlanGroup, ...]:
    """Return the cards of an area's targets or results (built once per area, status, language, data, day)."""
    rows = catalog.indicators[(catalog.indicators["area"] == area_id) & (catalog.indicators["status"] == status)]
    return indicator_cards(rows, catalog, get_assessments(today), lang)


def _table_view(area_id: str, status: str, catalog: Catalog, lang: str, key: str, today: dt.date) -> None:
    """Draw the targets or results as one table (every column, a status column) with its CSV download."""
    table = _cached_table(area_id, status, lang, catalog, today)
    first = table.columns[0]
    st.dataframe(
        table,
        hide_index=True,
        key=f"{key}_{area_id}",
        column_config={first: st.column_config.TextColumn(first, width="medium", pinned=True)},
    )
    st.caption(t("computed_note", lang))
    st.download_button(
        t("panel_table_csv", lang), data=lambda: to_csv(table), file_name=f"{area_id}-{status}-{lang}.csv",
        mime="text/csv", key=f"{key}_csv", on_click="ignore", icon=":material/download:",
    )  # fmt: skip


def _indicators(area_id: str, status: str, catalog: Catalog, lang: str, key: str) -> None:
    """Draw an area's targets or results as cards grouped by plan and year, or as a table when the toggle says so.

    Each card is one bordered container holding one Markdown element (and a
    progress bar when a published value measures the target), keyed by the
    indicator's id; its Markdown is built once per area, language, data and day.
    """
    today = dt.date.today()
    plans = _cached_cards(area_id, status, lang, catalog, today)
    if not plans:
        st.caption(t("panel_no_indicators", lang))
        return
    if st.toggle(t("panel_table_view", lang), key=f"{key}_table_view"):
        _table_view(area_id, status, catalog, lang, key, today)
    else:
        _cards(plans, status)
    st.caption(t("panel_status_note" if status == "target" else "panel_results_note", lang))


def _cards(plans: tuple[PlanGroup, ...], status: str) -> None:
    """Draw the cards under their plan's title and target year: one bordered container per card, keyed by its id."""
    for plan in plans:
        st.markdown(plan.heading)
        for year in plan.years:
            st.markdown(year.heading)
            for card in year.cards:
                with st.container(border=True, key=f"card_{status}_{card.id}"):
                    st.markdown(card.markdown)
                    if card.progress is not None:
                        st.progress(card.progress, text=card.progress_text)


def _pdf_brief(key: tuple, brief: Callable[[], str], stem: str, lang: str) -> None:
    """Offer the PDF brief: a download once printed (by anyone), else a button that prints it (one at a time)."""
    if not find_chromium():
        st.caption(t("export_brief_no_pdf", lang))
        return
    pdf = cached_brief_pdf(key)
    if pdf is None and st.button(t("export_brief_pdf_make", lang), key="make_brief_pdf", icon=":material/print:"):
        with st.spinner(t("brief_pdf_rendering", lang)):
            try:
                pdf = brief_pdf(key, brief)
            except RenderBusy:
                st.warning(t("brief_pdf_busy", lang), icon=":material/hourglass_top:")
            except subprocess.SubprocessError:
                st.warning(t("brief_pdf_failed", lang), icon=":material/error:")
    if pdf is not None:
        st.download_button(
            t("export_brief_pdf", lang), data=lambda: brief_pdf(key, brief) or b"", file_name=f"{stem}.pdf",
            mime="application/pdf", key="dl_brief_pdf", on_click="ignore", icon=":material/picture_as_pdf:",
        )  # fmt: skip


def _exports(
    area_id: str,
    catalog: Catalog,
    areas: gpd.GeoDataFrame,
    facts: pd.Series,
    enterprise_ids: tuple[str, ...],
    state: ViewState,
) -> None:
    """Download buttons; each file is made only when its button is pressed (the PDF brief is kept once made)."""
    lang = state.lang
    row = catalog.areas.loc[area_id]
    stem = f"{area_id}-{row['name_zh']}"
    targets = catalog.indicators[(catalog.indicators["area"] == area_id) & (catalog.indicators["status"] == "target")]
    # everything the brief shows: the area in the view's year and radius, the data, the date in its footer
    key = (area_id, lang, state.asof, state.circle_km, current_data_version(), dt.date.today())

    def brief() -> str:
        table = indicator_table(targets, catalog, lang, None, short_source=True)  # no status: one page
        return brief_html(
            area_id, catalog=catalog, areas=areas, facts=facts.to_dict(), targets=table,
            enterprise_ids=enterprise_ids, lang=lang,
        )  # fmt: skip

    def workbook() -> bytes:
        return to_excel(
            {
                t("sheet_indicators", lang): indicators_frame(area_id, catalog.indicators),
                t("sheet_enterprises", lang): enterprises_frame(enterprise_ids, catalog.enterprises),
            }
        )

    with st.popover(t("export_heading", lang), icon=":material/download:"):
        _pdf_brief(key, brief, stem, lang)
        st.download_button(
            t("export_brief_html", lang), data=brief, file_name=f"{stem}.html", mime="text/html",
            key="dl_brief_html", on_click="ignore",
        )  # fmt: skip
        st.download_button(
            t("export_csv", lang), data=lambda: to_csv(indicators_frame(area_id, catalog.indicators)),
            file_name=f"{stem}-indicators.csv", mime="text/csv", key="dl_csv", on_click="ignore",
        )  # fmt: skip
        st.download_button(
            t("export_xlsx", lang), data=workbook, file_name=f"{stem}.xlsx", key="dl_xlsx", on_click="ignore",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )  # fmt: skip


def _others(also_here: tuple[str, ...], catalog: Catalog, lang: str) -> None:
    if also_here:
        st.caption(t("panel_also_here", lang))
        area_buttons(also_here, catalog, lang, key="also")


def _not_this_year(row: pd.Series, drawn: bool, year: int, lang: str) -> None:
    """Say that a district does not exist in the view's year, and offer the year in which it does."""
    if drawn or row["kind"] != "district":
        return
    other = next(y for y in YEARS if y != year)
    st.info(t("panel_not_in_year", lang, year=year, other=other), icon=":material/history:")
    st.button(t("panel_show_year", lang, year=other), key="switch_year", on_click=update_view, kwargs={"asof": other})


def _circle_radius(row: pd.Series, state: ViewState, lang: str) -> None:
    """Let the user change the assumed radius of a circle; the link carries the choice."""
    recipe = parse_recipe(row["geometry"])
    if recipe.method != "circle":
        return
    st.session_state["w_circle_km"] = state.circle_km or recipe.radius_km
    st.slider(
        t("panel_circle_km", lang), min_value=CIRCLE_KM_RANGE[0], max_value=CIRCLE_KM_RANGE[1], step=0.5,
        key="w_circle_km", on_change=lambda: update_view(circle_km=st.session_state["w_circle_km"]),
        help=t("panel_circle_km_help", lang, default=recipe.radius_km),
    )  # fmt: skip


def render_area_panel(
    area_id: str | None,
    *,
    catalog: Catalog,
    areas: gpd.GeoDataFrame,
    state: ViewState,
    contents: AreaContents,
    lang: str,
) -> None:
    """Draw the panel for ``area_id`` (an area or a township unit), or a hint when nothing is selected.

    Parameters
    ----------
    area_id
        Selected area id or township code, or None.
    catalog
        The validated data tables.
    areas
        The areas and cells of the view's year (geometry, ``accuracy``, ``area_km2``).
    state
        The view (its year and assumed circle radius).
    contents
        The stations and enterprises inside the area, and the other areas under the last click.
    lang
        ``"zh"`` or ``"en"``.
    """
    with st.container(key="area_panel"):
        if area_id is None:
            st.info(t("panel_hint", lang))
            return
        if area_id in catalog.towns.index:
            render_unit_panel(area_id, catalog=catalog, areas=areas, state=state, contents=contents, lang=lang)
            return
        row = catalog.areas.loc[area_id]
        drawn = areas.loc[area_id] if area_id in areas.index else None
        st.subheader(md_name_of(row, lang), anchor=False)
        _not_this_year(row, drawn is not None, state.asof, lang)
        facts = area_facts(row, catalog, drawn, state.asof, lang)
        st.table(facts.map(escape_markdown), border="horizontal", hide_header=True)  # Markdown cells
        _circle_radius(row, state, lang)
        left, right = st.columns(2)
        with left:
            st.button(
                t("panel_clear", lang),
                key="clear_selection",
                on_click=select_area,
                args=(None,),
                icon=":material/close:",
            )
        with right:
            _exports(area_id, catalog, areas, facts, contents.enterprises, state)
        _others(contents.also_here, catalog, lang)
        render_units(area_id, catalog, state.asof, lang)
        _profile(row, catalog, lang)
        indicators = catalog.indicators[catalog.indicators["area"] == area_id]
        targets = indicators[indicators["status"] == "target"]
        results = indicators[indicators["status"] == "result"]
        tabs = st.tabs(
            [
                f"{t('targets_heading', lang)} ({len(targets)})",
                f"{t('results_heading', lang)} ({len(results)})",
                f"{t('panel_enterprises', lang)} ({len(contents.enterprises)})",
                f"{t('panel_stations', lang)} ({len(contents.stations)})",
            ],
            key="panel_tabs",
            on_change="rerun",
        )
        with tabs[0]:
            if tabs[0].open:
                _indicators(area_id, "target", catalog, lang, key="ind_target")
        with tabs[1]:
            if tabs[1].open:
                _indicators(area_id, "result", catalog, lang, key="ind_result")
        with tabs[2]:
            if tabs[2].open:
                render_enterprises(contents.enterprises, catalog, lang)
        with tabs[3]:
            if tabs[3].open:
                render_stations(contents.stations, catalog, lang)
