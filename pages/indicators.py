"""指标对比 / Indicators: one indicator family across areas, one chart per unit, a table and a choropleth."""

from __future__ import annotations

import streamlit as st

from components.data import get_catalog
from components.i18n import t
from components.indicator_view import indicator_families, pick_family, pick_status, render_family
from components.view import read_view
from geo.compare import family_rows

state = read_view().state
lang = state.lang
catalog = get_catalog()
families = indicator_families()

st.header(t("page_indicators", lang), anchor=False)
st.caption(t("cmp_intro", lang))
family = pick_family(families, lang)
status = pick_status(lang)
render_family(family_rows(catalog.indicators, family, status), catalog, families.loc[family], status, lang)
