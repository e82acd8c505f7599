"""企业 / Enterprises: the named enterprises, searchable and filterable, the chosen one's area, counts."""

from __future__ import annotations

import streamlit as st

from components.data import get_catalog
from components.enterprise_view import (
    render_counts,
    render_filters,
    render_location_note,
    render_selected,
    render_table,
)
from components.i18n import t
from components.view import read_view
from geo.compare import filter_enterprises

state = read_view().state
lang = state.lang
catalog = get_catalog()

st.header(t("page_enterprises", lang), anchor=False)
render_location_note(catalog, lang)
chosen = render_filters(catalog, lang)
rows = filter_enterprises(catalog.enterprises, chosen.query, chosen.areas, chosen.industries, chosen.roles)
table_col, map_col = st.columns([3, 2], gap="medium")
with table_col:
    selected = render_table(rows, catalog, lang)
with map_col:
    render_selected(selected, catalog, lang)
render_counts(rows, catalog, lang)
