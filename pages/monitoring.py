"""监测评估 / Monitoring: every target across all areas with its status, counts per status, the plan periods."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.data import get_assessments, get_catalog
from components.i18n import t
from components.monitoring_view import (
    render_by_year,
    render_counts,
    render_filters,
    render_intro,
    render_periods,
    render_rules,
)
from components.view import read_view
from geo.monitoring import monitoring_rows

state = read_view().state
lang = state.lang
catalog = get_catalog()
today = dt.date.today()
assessments = get_assessments(today)
every = monitoring_rows(assessments, catalog.indicators)

st.header(t("page_monitoring", lang), anchor=False)
render_intro(today, lang)
chosen = render_filters(every, catalog, lang)
rows = monitoring_rows(
    assessments, catalog.indicators, areas=chosen.areas, sources=chosen.sources, statuses=chosen.statuses
)
render_counts(rows, lang)
render_by_year(rows, catalog, state)
render_periods(every, catalog, lang)
render_rules(lang)
