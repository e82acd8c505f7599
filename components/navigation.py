"""The page registry and the sidebar links between pages that carry the view state along.

Streamlit's own navigation menu drops the query string when switching pages,
which would lose the selected area and language; these links pass it on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from components.i18n import t
from geo.state import ViewState, state_to_query

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


@dataclass(frozen=True)
class PageSpec:
    """One page: its file in ``pages/``, URL path, title key and icon, and what the sidebar offers on it.

    ``map_controls`` is True for a page that draws the overview map, which
    the sidebar's layers, divisions year and basemap control; other pages
    (their small maps included) ignore those values, so the sidebar leaves
    them out there. The values stay in the URL either way.
    """

    file: str
    url_path: str
    title_key: str
    icon: str
    default: bool = False
    map_controls: bool = False


PAGE_SPECS: tuple[PageSpec, ...] = (
    # Material icons ship with Streamlit's frontend: unlike emoji they need no font on the viewer's machine.
    PageSpec("map.py", "map", "page_map", ":material/map:", default=True, map_controls=True),
    PageSpec("indicators.py", "indicators", "page_indicators", ":material/bar_chart:"),
    PageSpec("monitoring.py", "monitoring", "page_monitoring", ":material/fact_check:"),
    PageSpec("enterprises.py", "enterprises", "page_enterprises", ":material/factory:"),
    PageSpec("seismic.py", "seismic", "page_seismic", ":material/sensors:"),
    PageSpec("sources.py", "sources", "page_sources", ":material/menu_book:"),
    PageSpec("admin.py", "admin", "page_admin", ":material/upload_file:"),
)


def page_spec(url_path: str) -> PageSpec:
    """Return the spec of the page at ``url_path`` (Streamlit's ``""`` is the default page).

    Raises
    ------
    KeyError
        For a path no page has.
    """
    for spec in PAGE_SPECS:
        if spec.url_path == url_path or (spec.default and url_path == ""):
            return spec
    raise KeyError(url_path)


def build_pages(lang: str) -> list[st.Page]:
    """Return the ``st.Page`` objects, titled in ``lang``."""
    return [
        st.Page(PAGES_DIR / s.file, title=t(s.title_key, lang), icon=s.icon, url_path=s.url_path, default=s.default)
        for s in PAGE_SPECS
    ]


def render_page_links(pages: list[st.Page], state: ViewState) -> None:
    """Draw one link per page that keeps the current view state in the URL."""
    query = state_to_query(state)
    with st.container(key="page_links"):
        for page in pages:
            st.page_link(page, query_params=query)
