"""The data sources: documents, what cites them, per-file accounting, geometry methods, licences, disclaimer."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import get_areas, get_catalog, get_settings
from components.i18n import name_of, t
from components.mini_map import table_height
from geo.catalog import Catalog, load_schema
from geo.display import localized
from geo.provenance import file_accounting, geometry_provenance, source_citations

ATTRIBUTIONS = ("src_attrib_amap", "src_attrib_geonames", "src_attrib_baidu", "src_attrib_leaflet", "src_attrib_vega")


@st.cache_resource(show_spinner=False)
def get_schema() -> dict:
    """Return the parsed ``data/schema.toml`` tables (read-only)."""
    return load_schema(get_settings().data_dir)


@st.cache_data(show_spinner=False)
def get_citations() -> pd.DataFrame:
    """Return which rows of each data file cite each source."""
    return source_citations(get_catalog(), get_schema())


def source_title(row: pd.Series, lang: str) -> str:
    """Return a source's title in the citation style of the panel: 《title_zh》, or the English title."""
    title = localized(row, "title", lang)
    return title if lang == "en" else f"《{title}》"


def sources_table(catalog: Catalog, citations: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return one row per source: title, issuer, date, kind, licence, address and how many rows cite it."""
    src = catalog.sources
    cited = citations.groupby("source")["count"].sum()
    return pd.DataFrame(
        {
            t("src_col_title", lang): [source_title(r, lang) for _, r in src.iterrows()],
            t("src_col_issuer", lang): localized(src, "issuer", lang),
            t("src_col_date", lang): [d or t("src_no_date", lang) for d in src["date"]],
            t("src_col_kind", lang): [t(f"src_kind_{k}", lang) for k in src["kind"]],
            t("src_col_licence", lang): src["licence"],
            t("src_col_url", lang): src["url"],
            t("src_col_cited_rows", lang): [int(cited.get(s, 0)) for s in src.index],
        }
    )


def _row_label(frame: pd.DataFrame, row_id: str, catalog: Catalog, lang: str) -> str:
    row = frame.loc[row_id]
    label = name_of(row, lang) if "name_zh" in frame.columns else row_id
    if "area" in frame.columns and (row["area"] in catalog.areas.index or row["area"] in catalog.towns.index):
        area = name_of(catalog.area_row(row["area"]), lang)
        label = f"{label} ({area})" if lang == "en" else f"{label}({area})"
    return label


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
                labels = [_row_label(frame, i, catalog, lang) for i in cite["ids"]]
                st.markdown(f"**{cite['file']}** · `{cite['field']}` · {t('src_rows', lang, n=cite['count'])}")
                st.text("、".join(labels) if lang == "zh" else "; ".join(labels))


def files_table(catalog: Catalog, schema: dict, lang: str) -> pd.DataFrame:
    """Return the per-file accounting of every data file in the schema."""
    acc = file_accounting(catalog, schema)
    return pd.DataFrame(
        {
            t("src_col_file", lang): acc["file"],
            t("src_col_table", lang): acc["table"],
            t("src_col_rows", lang): acc["rows"],
            t("src_col_fields", lang): acc["fields"],
            t("src_col_citing_field", lang): [", ".join(f) for f in acc["citing_fields"]],
            t("src_col_cited", lang): acc["cited_rows"],
            t("src_col_sources", lang): acc["sources_cited"],
            t("src_col_links", lang): ["; ".join(r) for r in acc["references"]],
            t("src_col_doc", lang): acc["doc"],
        }
    )


GEOMETRY_RANK = {"approximate": 0, "point": 1, "schematic": 2, "not_mapped": 3}  # zones first, districts last


def geometry_table(catalog: Catalog, year: int, lang: str) -> pd.DataFrame:
    """Return every area's geometry method, recipe, accuracy, units and note, with computed and printed sizes."""
    geo = geometry_provenance(catalog, year)
    geo = geo.iloc[sorted(range(len(geo)), key=lambda i: GEOMETRY_RANK.get(geo["accuracy"].iloc[i], 4))]
    drawn = get_areas(year)
    areas = catalog.areas
    accuracy = [drawn.loc[a, "accuracy"] if a in drawn.index else geo.loc[a, "accuracy"] for a in geo.index]
    return pd.DataFrame(
        {
            t("col_area", lang): [name_of(areas.loc[a], lang) for a in geo.index],
            t("panel_kind", lang): [t(f"kind_{k}", lang) for k in areas.loc[geo.index, "kind"]],
            t("src_col_method", lang): [t(f"src_method_{m}", lang) for m in geo["method"]],
            t("src_col_accuracy", lang): [t(f"acc_{a}", lang) for a in accuracy],
            t("src_col_units", lang): [", ".join(catalog.towns.loc[list(u), "name_zh"]) for u in geo["units"]],
            t("src_col_points", lang): geo["seat_sources"],
            t("src_col_computed_km2", lang): [
                round(float(drawn.loc[a, "area_km2"]), 1) if a in drawn.index and accuracy[i] != "point" else None
                for i, a in enumerate(geo.index)
            ],
            t("panel_official_area", lang): areas.loc[geo.index, "official_area_text"],
            t("src_col_recipe", lang): geo["recipe"],
            t("src_col_note", lang): localized(geo, "accuracy_note", lang),
        }
    )


def gazetteer_table(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Return, per 2023 district, how many township units it has and how their seats were found."""
    towns = catalog.towns
    names = catalog.areas.set_index("adcode")
    counts = pd.crosstab(towns["district_2023"], towns["match"].replace("", "none"))
    counts = counts.reindex(columns=["full", "core", "pinyin", "fallback", "none"], fill_value=0)
    return pd.DataFrame(
        {
            t("col_area", lang): [name_of(names.loc[d], lang) for d in counts.index],
            t("src_gaz_units", lang): counts.sum(axis=1).to_numpy(),
            **{t(f"src_gaz_{m}", lang): counts[m].to_numpy() for m in counts.columns},
        }
    )


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


def imports_table(catalog: Catalog, citations: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return one row per imported file: name, SHA-256, time, who, rows in the file and rows citing it now."""
    src = catalog.sources[catalog.sources["kind"] == "import"]
    cited = citations.groupby("source")["count"].sum()
    return pd.DataFrame(
        {
            t("src_col_file", lang): src["file"],
            t("src_col_sha256", lang): src["sha256"],
            t("src_col_imported_at", lang): src["imported_at"],
            t("src_col_imported_by", lang): src["imported_by"],
            t("src_col_rows", lang): src["rows"],
            t("src_col_cited_rows", lang): [int(cited.get(s, 0)) for s in src.index],
        }
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
    st.dataframe(geometry_table(catalog, year, lang), hide_index=True, key="src_geometry")


def render_gazetteer(catalog: Catalog, lang: str) -> None:
    """Explain the township gazetteer and show, per district, how many units have a seat and how it was found."""
    towns = catalog.towns
    seated = int(towns["lon"].notna().sum())
    st.markdown(t("src_gaz_intro", lang, units=len(towns), seated=seated, none=len(towns) - seated))
    st.dataframe(gazetteer_table(catalog, lang), hide_index=True, key="src_gazetteer")
    st.caption(t("src_gaz_rebuild", lang))
