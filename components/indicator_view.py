"""The indicator comparison: family picker, one chart per unit, table with download, choropleth."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components.charts import show_chart, values_chart
from components.data import get_areas, get_assessments, get_catalog, get_display_areas
from components.export import to_csv
from components.i18n import name_of, t
from components.map_view import MapLayer, build_map, geojson_data
from components.mini_map import area_feature, districts_layer, ramp_color, show_mini_map, swatch_line
from components.tables import (
    chart_points,
    comparison_table,
    family_label,
    family_name,
    map_choice_label,
    target_text,
    unit_label,
)
from geo.catalog import Catalog
from geo.compare import families, map_options, map_values, unit_groups
from geo.escape import escape_markdown
from geo.extent import fit_view

DEFAULT_FAMILY = "high_tech_enterprises"
STATUSES = ("target", "result")


@st.cache_data(show_spinner=False)
def indicator_families() -> pd.DataFrame:
    """Return the indicator families present in the data, those reported for more areas first."""
    return families(get_catalog().indicators)


def pick_family(fams: pd.DataFrame, lang: str) -> str:
    """Draw the family picker (families reported for more areas first) and return the chosen family id."""
    options = list(fams.index)
    return st.selectbox(
        t("cmp_family", lang),
        options,
        index=options.index(DEFAULT_FAMILY) if DEFAULT_FAMILY in options else 0,
        format_func=lambda f: family_label(fams.loc[f], lang),
        key="ind_family",
    )


def pick_status(lang: str) -> str:
    """Draw the target/result switch and return the chosen status."""
    return st.segmented_control(
        t("cmp_status", lang),
        list(STATUSES),
        default="target",
        required=True,
        format_func=lambda s: t(f"cmp_status_{s}", lang),
        key="ind_status",
    )


def render_charts(rows: pd.DataFrame, catalog: Catalog, family_name: str, lang: str) -> None:
    """Draw one bar chart per unit, so unlike quantities never share an axis."""
    groups = unit_groups(rows)
    if len(groups) > 1:
        st.info(t("cmp_split_units", lang, n=len(groups)), icon=":material/info:")
    for i, (_unit, group) in enumerate(groups):
        points = chart_points(group, catalog, lang)
        label = unit_label(group, lang)
        if points.empty:
            st.caption(t("cmp_no_numbers", lang, unit=escape_markdown(label)))
            continue
        titles = {
            "area_label": t("col_area", lang),
            "indicator": t("col_indicator", lang),
            "series": t("cmp_series", lang),
            "text": t("cmp_as_printed", lang),
            "unit": t("col_unit", lang),
            "value": t("cmp_axis", lang, unit=label),
        }
        title = t("cmp_chart_title", lang, name=family_name, unit=label)
        show_chart(values_chart(points, title=title, titles=titles), key=f"ind_chart_{i}")
    if rows["cumulative"].eq("yes").any():
        st.caption(t("cmp_cumulative_note", lang))
    if rows.get("estimate", pd.Series(dtype=str)).ne("").any():
        st.caption(t("cmp_estimate_note", lang))


def render_table(rows: pd.DataFrame, catalog: Catalog, family: str, status: str, lang: str) -> None:
    """Draw the comparison table and offer it as a CSV download (UTF-8 with BOM, for Excel)."""
    table = comparison_table(rows, catalog, lang, get_assessments(dt.date.today()))
    first = table.columns[0]
    st.dataframe(
        table,
        hide_index=True,
        key="ind_table",
        column_config={first: st.column_config.TextColumn(first, pinned=True)},
    )
    st.caption(t("computed_note", lang))
    st.download_button(
        t("cmp_download", lang),
        data=to_csv(table),
        file_name=f"indicators_{family}_{status}_{lang}.csv",
        mime="text/csv",
        key="ind_download",
        on_click="ignore",
        icon=":material/download:",
    )


def _choropleth_layers(values: pd.DataFrame, catalog: Catalog, lang: str) -> tuple[list[MapLayer], list[str]]:
    sizes = get_areas()["area_km2"]
    low, high = values["target_value"].min(), values["target_value"].max()
    layers, legend = [], []
    for area_id in sorted(values.index, key=lambda a: -sizes[a]):  # large areas first, small ones on top
        row = values.loc[area_id]
        name = name_of(catalog.areas.loc[area_id], lang)
        text = f"{name}: {target_text(row, lang)}"
        color = ramp_color(float(row["target_value"]), low, high)
        layers.append(
            MapLayer(area_id, name, geojson_data(area_feature(area_id, text)), color, fill_opacity=0.6, weight=1.5)
        )
        legend.append(swatch_line(color, text))
    return layers, legend


def render_choropleth(rows: pd.DataFrame, catalog: Catalog, family: str, status: str, lang: str) -> None:
    """Map one unit and one year of the family's values; list the areas that have no geometry."""
    display = get_display_areas()
    options = map_options(rows, mapped=frozenset(display.index))
    if not options:
        st.caption(t("cmp_map_none", lang))
        return
    choice = st.selectbox(
        t("cmp_map_choice", lang),
        options,
        format_func=lambda c: map_choice_label(c, rows, lang),
        key=f"ind_map_choice_{family}_{status}",
    )
    values = map_values(rows, *choice)
    mapped = values[values.index.isin(display.index)]
    unmapped = rows[~rows["area"].isin(display.index)]
    if mapped.empty:
        st.info(t("cmp_map_nothing_mapped", lang), icon=":material/info:")
    else:
        layers, legend = _choropleth_layers(mapped, catalog, lang)
        center, zoom = fit_view(tuple(display.loc[mapped.index].total_bounds))
        m = build_map(
            [districts_layer(lang), *layers], attribution=t("map_attribution_none", lang), center=center, zoom=zoom
        )
        show_mini_map(m, key="ind_map", center=center, zoom=zoom)
        st.html("<br>".join(legend))
        st.caption(t("cmp_map_legend_note", lang))
    if not unmapped.empty:
        st.markdown(f"**{t('cmp_map_unmapped', lang)}**")
        for _, row in unmapped.iterrows():
            st.text(f"{name_of(catalog.areas.loc[row['area']], lang)}: {target_text(row, lang)}")


def render_family(rows: pd.DataFrame, catalog: Catalog, family: pd.Series, status: str, lang: str) -> None:
    """Draw everything about one family and status: charts per unit, the table with download, the map."""
    if rows.empty:
        st.info(t("cmp_no_rows", lang, status=t(f"cmp_status_{status}", lang)), icon=":material/info:")
        return
    st.subheader(t("cmp_chart_heading", lang), anchor=False)
    render_charts(rows, catalog, family_name(family, lang), lang)
    st.subheader(t("cmp_table_heading", lang), anchor=False)
    render_table(rows, catalog, str(family["family"]), status, lang)
    st.subheader(t("cmp_map_heading", lang), anchor=False)
    render_choropleth(rows, catalog, str(family["family"]), status, lang)
