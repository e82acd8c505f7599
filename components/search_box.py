"""The search box: find an area, enterprise, station or place and jump to it."""

from __future__ import annotations

import streamlit as st

from components.data import get_area_index, get_areas, get_catalog
from components.i18n import t
from components.view import request_view, select_area
from geo.escape import escape_markdown
from geo.extent import fit_view
from geo.search import Entry, build_index, search

POINT_ZOOM = 12


@st.cache_resource(show_spinner=False)
def get_search_index() -> tuple[Entry, ...]:
    """Return the search index of the catalog (built once per process)."""
    return build_index(get_catalog())


def _target(entry: Entry) -> tuple[str | None, tuple[float, float] | None, int | None]:
    """Return (area to select, centre, zoom) for a search hit."""
    catalog = get_catalog()
    if entry.kind in ("area", "enterprise"):
        area_id = entry.id if entry.kind == "area" else catalog.enterprises.loc[entry.id, "area"]
        areas = get_areas()
        if area_id in areas.index:
            center, zoom = fit_view(tuple(areas.geometry.loc[area_id].bounds))
            return area_id, center, zoom
        return area_id, None, None
    place_id = entry.id if entry.kind == "place" else catalog.stations.loc[entry.id, "place"]
    if not place_id:
        return catalog.stations.loc[entry.id, "area"], None, None
    lon, lat = float(catalog.places.loc[place_id, "lon"]), float(catalog.places.loc[place_id, "lat"])
    hits = get_area_index().hits(lon, lat)
    return (hits[0] if hits else None), (round(lat, 5), round(lon, 5)), POINT_ZOOM


def jump_to(kind: str, entry_id: str) -> None:
    """Select the area of a search hit and move the map to it (widget callback)."""
    entry = next(e for e in get_search_index() if e.kind == kind and e.id == entry_id)
    area_id, center, zoom = _target(entry)
    select_area(area_id)
    if center is not None:
        request_view(center, zoom)


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
            name = hit.name_en if lang == "en" and hit.name_en else hit.name_zh
            st.button(
                f"{escape_markdown(name)} · {t('search_kind_' + hit.kind, lang)}",
                key=f"hit_{hit.kind}_{hit.id}",
                on_click=jump_to,
                args=(hit.kind, hit.id),
                type="tertiary",
            )
