"""The data sources: documents, what cites them, per-file accounting, geometry methods, licences, disclaimer."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import get_areas, get_catalog, get_storage
from components.i18n import t
from components.mini_map import table_height
from components.tables import (
    cited_row_label,
    files_table,
    gazetteer_table,
    geometry_table,
    imports_table,
    source_title,
    sources_table,
)
from geo.catalog import Catalog
from geo.provenance import source_citations

ATTRIBUTIONS = (
    "src_attrib_amap",
    "src_attrib_geonames",
    "src_attrib_baidu",
    "src_attrib_leaflet",
    "src_attrib_measure",
    "src_attrib_vega",
)


@st.cache_resource(show_spinner=False)
def get_schema() -> dict:
    """Return the parsed ``data/schema.toml`` tables (read-only)."""
    return get_storage().schema()


@st.cache_data(show_spinner=False)
def get_citations() -> pd.DataFrame:
    """Return which rows of each data file cite each source."""
    return source_citations(get_catalog(), get_schema())


def render_citations(catalog: Catalog, citations: pd.DataFrame, uncited: tuple[str, ...], lang: str) -> None:
    """Draw, for every source, how many rows of each file cite it, with the rows in an expander."""
    for source_id, src in catalog.sources.iterrows():
        mine = citations[citations["source"] == source_id]
        counts = [t("src_count", lang, file=f, n=n) for f, n in zip(mine["file"], mine["count"], strict=True)]
        summary = (";" if lang == "zh" else "; ").join(counts)
        with st.expander(f"{source_title(src, lang)} — {summary or t('src_cited_by_none', lang)}"):
            if source_id in uncited:
                st.caption(t("src_uncited_note", lang))
            for _, cite in mine.iterrows():
                frame = catalog.table(cite["table"])
                labels = [cited_row_label(frame, i, catalog, lang) for i in cite["ids"]]
                st.markdown(f"**{cite['file']}** · `{cite['field']}` · {t('src_rows', lang, n=cite['count'])}")
                st.text("、".join(labels) if lang == "zh" else "; ".join(labels))


def render_licences(catalog: Catalog, lang: str) -> None:
    """Draw the licence of every source (as recorded in the data) and the attributions the app owes."""
    for _, src in catalog.sources.iterrows():
        licence = src["licence"] or t("src_no_licence", lang)
        st.text(f"{source_title(src, lang)}: {licence}")
    st.markdown("\n".join(f"- {t(key, lang)}" for key in ATTRIBUTIONS))


def render_sources_table(catalog: Catalog, citations: pd.DataFrame, lang: str) -> None:
    """Draw every source with issuer, date, kind, licence and the number of rows citing it."""
    st.dataframe(
        sources_table(catalog, citations, lang),
        hide_index=True,
        key="src_sources",
        height=table_height(len(catalog.sources)),
    )


def render_imports(catalog: Catalog, citations: pd.DataFrame, lang: str) -> None:
    """Draw the files imported so far, each with its digest, time, importer and the rows citing it."""
    table = imports_table(catalog, citations, lang)
    if table.empty:
        st.caption(t("src_no_imports", lang))
        return
    st.caption(t("src_imports_note", lang))
    st.dataframe(table, hide_index=True, key="src_imports")


def render_files(catalog: Catalog, schema: dict, lang: str) -> None:
    """Draw the accounting of every data file the schema defines."""
    st.caption(t("src_files_note", lang, n=len(schema)))
    st.dataframe(files_table(catalog, schema, lang), hide_index=True, key="src_files")


def render_geometry(catalog: Catalog, year: int, lang: str) -> None:
    """Draw how every area's geometry was made (drawn zones first), with the disclaimer's reminder."""
    st.caption(t("src_geometry_note", lang, year=year))
    st.dataframe(geometry_table(catalog, get_areas(year), year, lang), hide_index=True, key="src_geometry")


def render_gazetteer(catalog: Catalog, lang: str) -> None:
    """Explain the township gazetteer and show, per district, how many units have a seat and how it was found."""
    towns = catalog.towns
    seated = int(towns["lon"].notna().sum())
    st.markdown(t("src_gaz_intro", lang, units=len(towns), seated=seated, none=len(towns) - seated))
    st.dataframe(gazetteer_table(catalog, lang), hide_index=True, key="src_gazetteer")
    st.caption(t("src_gaz_rebuild", lang))
