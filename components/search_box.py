"""The search box: find an area, enterprise, station or township and jump to it."""

from __future__ import annotations

import streamlit as st

from components.data import get_areas, get_catalog
from components.i18n import md_name_of, t
from components.view import read_view, request_view, select_area
from geo.extent import fit_view
from geo.search import Entry, build_index, search
from geo.units import district_of_unit


@st.cache_resource(show_spinner=False)
def get_search_index() -> tuple[Entry, ...]:
    """Return the search index of the catalog (built once per process)."""
    return build_index(get_catalog())


def jump_to(kind: str, entry_id: str) -> None:
    """Select what a search hit names and have the map frame it (widget callback).

    Areas, enterprises (their area) and township units are selected and framed
    by the map itself; a station selects the township whose seat it stands at.
    A unit without a seat has no cell to frame: the map moves to its district.
    """
    catalog = get_catalog()
    state = read_view().state
    if kind == "enterprise":
        target = str(catalog.enterprises.loc[entry_id, "area"])
    elif kind == "station":
        target = str(catalog.stations.loc[entry_id, "town"] or catalog.stations.loc[entry_id, "area"])
    else:
        target = entry_id
    select_area(target)
    areas = get_areas(state.asof, state.circle_km)
    if target not in areas.index and target in catalog.towns.index:
        district = district_of_unit(catalog, target, state.asof)
        if district in areas.index:
            request_view(*fit_view(tuple(areas.geometry.loc[district].bounds)))


def render_search_box(lang: str) -> None:
    """Draw the search field and up to eight result buttons."""
    query = st.text_input(t("search_label", lang), key="search_query", placeholder=t("search_placeholder", lang))
    if not query:
        return
    hits = search(get_search_index(), query)
    if not hits:
        st.caption(t("search_none", lang))
        return
    with st.container(key="search_results"):
        for hit in hits:
            st.button(
                f"{md_name_of(hit, lang)} · {t('search_kind_' + hit.kind, lang)}",
                key=f"hit_{hit.kind}_{hit.id}",
                on_click=jump_to,
                args=(hit.kind, hit.id),
                type="tertiary",
            )
