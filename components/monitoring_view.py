"""The monitoring page's pieces (监测评估): filters, counts per status, targets by year, the plan-period view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.charts import show_chart, status_chart
from components.export import to_csv
from components.i18n import name_of, t
from components.share import share_link
from components.status import STATUS_COLORS
from components.tables import (
    monitoring_table,
    periods_table,
    source_title,
    status_count_frame,
    status_label,
)
from geo.catalog import Catalog
from geo.monitoring import STATUSES, plan_periods, status_counts
from geo.state import ViewState


@dataclass(frozen=True)
class MonitoringFilter:
    """The areas, plans (source ids) and statuses to keep; empty keeps all."""

    areas: tuple[str, ...]
    sources: tuple[str, ...]
    statuses: tuple[str, ...]


def render_intro(today: dt.date, lang: str) -> None:
    """Say what the page shows and on which date the targets are assessed."""
    st.caption(t("mon_intro", lang))
    st.caption(t("mon_assessed_on", lang, date=today.isoformat()))


def render_filters(targets: pd.DataFrame, catalog: Catalog, lang: str) -> MonitoringFilter:
    """Draw the area, plan and status filters (only values that some target has) and return the choice."""
    areas = list(dict.fromkeys(targets["area"]))
    sources = list(dict.fromkeys(targets["source"]))
    area_col, plan_col, status_col = st.columns(3)
    chosen_areas = area_col.multiselect(
        t("mon_filter_area", lang), areas, format_func=lambda a: name_of(catalog.areas.loc[a], lang), key="mon_areas"
    )
    chosen_sources = plan_col.multiselect(
        t("mon_filter_plan", lang),
        sources,
        format_func=lambda s: source_title(catalog.sources.loc[s], lang),
        key="mon_sources",
    )
    chosen_statuses = status_col.multiselect(
        t("mon_filter_status", lang), list(STATUSES), format_func=lambda s: status_label(s, lang), key="mon_statuses"
    )
    return MonitoringFilter(tuple(chosen_areas), tuple(chosen_sources), tuple(chosen_statuses))


def render_counts(rows: pd.DataFrame, lang: str) -> None:
    """Chart the chosen targets' count per status (every status listed, zeros included)."""
    counts = status_count_frame(status_counts(rows["verdict"]), lang)
    chart = status_chart(
        counts, title=t("mon_counts_title", lang), count_label=t("mon_count_label", lang), colors=STATUS_COLORS
    )
    show_chart(chart, key="mon_counts")


def map_links(area_ids: pd.Index | list[str], state: ViewState) -> pd.Series:
    """Return, per area, a link to the map page that selects and frames it (the view's other settings kept)."""
    return pd.Series(
        {a: share_link(".", "map", state.with_(area=a, center=None, zoom=None)) for a in dict.fromkeys(area_ids)},
        dtype=object,
    )


def render_by_year(rows: pd.DataFrame, catalog: Catalog, state: ViewState) -> None:
    """List the chosen targets grouped by target year, each row linking to its area on the map; offer a CSV."""
    lang = state.lang
    if rows.empty:
        st.info(t("mon_none", lang))
        return
    table = monitoring_table(rows, catalog, map_links(list(rows["area"]), state), lang)
    link_column = t("mon_col_map", lang)
    config = {link_column: st.column_config.LinkColumn(link_column, display_text=t("mon_open_map", lang))}
    years = rows["target_year"].astype("Int64")
    for year in dict.fromkeys(years):
        mask = (years.isna() if pd.isna(year) else years == year).to_numpy()
        heading = (
            t("mon_year_heading", lang, year=year, n=int(mask.sum())) if pd.notna(year) else t("mon_no_year", lang)
        )
        st.subheader(heading, anchor=False)
        st.dataframe(table[mask], hide_index=True, column_config=config, key=f"mon_year_{year}")
    st.download_button(
        t("mon_export", lang),
        data=lambda: to_csv(table),
        file_name=f"monitoring-{dt.date.today().isoformat()}.csv",
        mime="text/csv",
        key="mon_csv",
        on_click="ignore",
        icon=":material/download:",
    )


def render_periods(every: pd.DataFrame, catalog: Catalog, lang: str) -> None:
    """Show, for each area, how its targets due in each plan period stand (``every``: all monitoring rows)."""
    st.subheader(t("mon_periods_heading", lang), anchor=False)
    st.dataframe(periods_table(plan_periods(every), catalog, lang), hide_index=True)


def render_rules(lang: str) -> None:
    """State the rules every status follows (the same as the panel's cards)."""
    st.markdown(t("mon_rules", lang))
