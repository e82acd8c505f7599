"""The enterprise directory: search and filters, the table with row selection, the chosen one's area, counts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from components.charts import counts_chart, show_chart
from components.data import area_geojson, get_areas, get_catalog, get_display_areas
from components.i18n import md_name_of, name_of, t
from components.map_view import build_map, selection_group
from components.mini_map import districts_layer, show_mini_map
from components.tables import enterprise_table, value_labels
from geo.catalog import Catalog
from geo.compare import count_by
from geo.display import DisplayContext, localized
from geo.escape import escape_markdown
from geo.extent import fit_view
from geo.joins import assign_points_to_areas, located_points


@dataclass(frozen=True)
class EnterpriseFilter:
    """What the user searched for and which areas, industries (``industry_zh``) and roles (``role_zh``) to keep."""

    query: str
    areas: tuple[str, ...]
    industries: tuple[str, ...]
    roles: tuple[str, ...]


@st.cache_data(show_spinner=False)
def areas_by_location() -> pd.Series:
    """Return, for each enterprise with coordinates, the smallest area containing it (spatial join)."""
    areas = get_areas()
    return assign_points_to_areas(located_points(get_catalog().enterprises), areas[areas["layer"] != "towns"])


def render_location_note(catalog: Catalog, lang: str) -> None:
    """Say whether the data publish enterprise coordinates (none do at present)."""
    located = areas_by_location()
    if located.empty:
        st.caption(t("ent_no_coordinates", lang))
    else:
        st.caption(t("ent_some_coordinates", lang, n=len(located), total=len(catalog.enterprises)))


def render_filters(catalog: Catalog, lang: str) -> EnterpriseFilter:
    """Draw the search box and the area, industry and role filters; return what they select."""
    ents = catalog.enterprises
    industries = value_labels(ents, "industry", lang)
    roles = value_labels(ents, "role", lang)
    search, area_col, industry_col, role_col = st.columns([3, 2, 2, 2])
    query = search.text_input(t("ent_search", lang), key="ent_query", placeholder=t("ent_search_hint", lang))
    filters: list[tuple[Any, str, str, Callable[[str], str], str]] = [
        (area_col, "ent_area", "area", lambda a: name_of(catalog.area_row(a), lang), "ent_areas"),
        (industry_col, "ent_industry", "industry_zh", lambda v: industries.get(v, v), "ent_ind"),
        (role_col, "ent_role", "role_zh", lambda v: roles.get(v, v), "ent_roles"),
    ]
    chosen = [
        column.multiselect(
            t(label, lang),
            list(dict.fromkeys(ents[field])),
            format_func=show,
            key=key,
            placeholder=t("ent_all", lang),
        )
        for column, label, field, show, key in filters
    ]
    areas, chosen_industries, chosen_roles = (tuple(c) for c in chosen)
    return EnterpriseFilter(query or "", areas, chosen_industries, chosen_roles)


def render_table(rows: pd.DataFrame, catalog: Catalog, lang: str) -> str | None:
    """Draw the matching enterprises with single-row selection.

    The table's key depends on which rows it shows, so a selection never
    outlives the filter it was made under (row positions would then point elsewhere).

    Returns
    -------
    str or None
        The selected enterprise's id; the only match when the search leaves
        exactly one and nothing is selected; else None.
    """
    st.caption(t("ent_matches", lang, n=len(rows), total=len(catalog.enterprises)))
    event = st.dataframe(
        enterprise_table(rows, catalog, areas_by_location(), lang),
        hide_index=True,
        key="ent_table_" + hashlib.sha1("|".join(rows.index).encode()).hexdigest()[:12],
        on_select="rerun",
        selection_mode="single-row",
    )
    picked = [i for i in event.selection.rows if i < len(rows)]
    if picked:
        return str(rows.index[picked[0]])
    return str(rows.index[0]) if len(rows) == 1 else None


def render_selected(enterprise_id: str | None, catalog: Catalog, lang: str) -> None:
    """Show the selected enterprise's area on a mini-map, or say that the area is not mapped."""
    if enterprise_id is None:
        st.info(t("ent_select_hint", lang), icon=":material/touch_app:")
        return
    row = catalog.enterprises.loc[enterprise_id]
    area = catalog.area_row(row["area"])
    st.markdown(f"**{md_name_of(row, lang)}** · {t('col_area', lang)}: {md_name_of(area, lang)}")
    display = get_display_areas()
    if row["area"] not in display.index:
        st.warning(t("ent_area_not_mapped", lang, area=md_name_of(area, lang)), icon=":material/warning:")
        note = localized(area, "accuracy_note", lang)
        if note:
            st.caption(escape_markdown(note))
        return
    center, zoom = fit_view(tuple(display.loc[[row["area"]]].total_bounds), height_px=360)
    show_mini_map(
        build_map([districts_layer(lang)], attribution=t("map_attribution_none", lang)),
        key="ent_map",
        overlay=selection_group(area_geojson(row["area"], ctx=DisplayContext(lang=lang))),
        center=center,
        zoom=zoom,
        height=360,
    )
    accuracy = display.loc[row["area"], "accuracy"]
    if accuracy != "boundary":
        st.caption(t(f"legend_{accuracy}", lang))


def render_counts(rows: pd.DataFrame, catalog: Catalog, lang: str) -> None:
    """Draw the number of listed enterprises by area and by industry."""
    if rows.empty:
        return
    by_area = count_by(rows, "area")
    by_industry = count_by(rows, "industry_zh")
    industries = value_labels(catalog.enterprises, "industry", lang)
    areas = pd.DataFrame({"label": [name_of(catalog.area_row(a), lang) for a in by_area.index], "count": by_area})
    kinds = pd.DataFrame({"label": [industries[i] or "—" for i in by_industry.index], "count": by_industry})
    left, right = st.columns(2)
    axis = t("ent_count_axis", lang)
    with left:
        chart = counts_chart(areas, title=t("ent_by_area", lang), label_title=t("col_area", lang), count_label=axis)
        show_chart(chart, key="ent_by_area")
    with right:
        chart = counts_chart(
            kinds, title=t("ent_by_industry", lang), label_title=t("ent_industry", lang), count_label=axis
        )
        show_chart(chart, key="ent_by_industry")
