"""数据来源 / Sources: every document and dataset, what cites it, every data file, geometry methods, licences."""

from __future__ import annotations

import streamlit as st

from components.data import get_catalog
from components.i18n import t
from components.sources_view import (
    get_citations,
    get_schema,
    render_citations,
    render_files,
    render_gazetteer,
    render_geometry,
    render_imports,
    render_licences,
    render_sources_table,
)
from components.view import read_view
from geo.provenance import uncited_sources

state = read_view().state
lang = state.lang
catalog = get_catalog()
schema = get_schema()
citations = get_citations()

st.header(t("page_sources", lang), anchor=False)
st.warning(t("src_disclaimer", lang), icon=":material/warning:")
st.subheader(t("src_documents_heading", lang), anchor=False)
render_sources_table(catalog, citations, lang)
st.subheader(t("src_imports_heading", lang), anchor=False)
render_imports(catalog, citations, lang)
st.subheader(t("src_citations_heading", lang), anchor=False)
render_citations(catalog, citations, uncited_sources(catalog, schema), lang)
st.subheader(t("src_files_heading", lang), anchor=False)
render_files(catalog, schema, lang)
st.subheader(t("src_geometry_heading", lang), anchor=False)
render_geometry(catalog, state.asof, lang)
st.subheader(t("src_gaz_heading", lang), anchor=False)
render_gazetteer(catalog, lang)
st.subheader(t("src_licences_heading", lang), anchor=False)
render_licences(catalog, lang)
