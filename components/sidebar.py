"""The sidebar shared by every page. Written once, used by ``app.py``.

Every page has the page links, search, language and the share box; only a
page that draws the overview map (``PageSpec.map_controls``) adds the map's
controls: layers, divisions year and basemap. Their values live in the URL
whatever the page, so a link shared from any page carries them unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

import streamlit as st

from components.data import get_catalog
from components.i18n import t
from components.navigation import render_page_links
from components.search_box import render_search_box
from components.share import render_share_box
from components.view import update_view
from geo.basemaps import GCJ02
from geo.display import DisplayContext
from geo.layers import LAYERS
from geo.state import LANGS, YEARS, ViewState

_LANG_LABELS = {"zh": "中文", "en": "English"}


class _Binding(TypedDict):
    key: str
    on_change: Callable[..., None]
    args: tuple[str, str]


def _bound(field: str, value: object) -> _Binding:
    """Return the keyword arguments that bind a widget to one URL field, and show the URL's value in it.

    The URL is the single source of truth: a user's change reaches it through
    the widget's callback before this runs. The value is assigned on every run,
    not only when it differs, because an assignment is what makes Streamlit
    push it to the browser: a first render interrupted by a rerun (the map
    reporting its view) otherwise leaves the browser showing the default.
    """
    key = f"w_{field}"
    st.session_state[key] = list(value) if isinstance(value, tuple) else value
    return {"key": key, "on_change": _changed, "args": (key, field)}


def _changed(key: str, field: str) -> None:
    value = st.session_state[key]
    update_view(**{field: tuple(value) if isinstance(value, list) else value})


def render_sidebar(
    state: ViewState,
    basemaps: tuple[str, ...],
    pages: list[st.Page],
    page_path: str,
    *,
    map_controls: bool,
    ctx: DisplayContext,
) -> None:
    """Draw the shared controls; each change is written to the URL by its callback.

    Parameters
    ----------
    state
        The view from the URL.
    basemaps
        Ids of the basemaps this deployment offers (Tianditu only with a key).
    pages
        The app's pages, linked with the view state carried along.
    page_path
        The current page's ``url_path``, for the share link.
    map_controls
        Whether the page draws the overview map: only then are its layers,
        divisions year and basemap offered (see :class:`components.navigation.PageSpec`).
    ctx
        The run's language and datum (a GCJ-02 basemap's display shift is explained).
    """
    lang = ctx.lang
    with st.sidebar:
        st.title(t("app_title", lang))
        render_page_links(pages, state)
        render_search_box(lang)
        st.segmented_control(
            t("sidebar_language", lang),
            options=list(LANGS),
            format_func=_LANG_LABELS.__getitem__,
            required=True,
            **_bound("lang", state.lang),
        )
        if map_controls:
            _render_map_controls(state, basemaps, ctx=ctx)
        render_share_box(state, get_catalog(), page_path)


def _render_map_controls(state: ViewState, basemaps: tuple[str, ...], *, ctx: DisplayContext) -> None:
    """Draw the overview map's controls (inside the sidebar): layers, divisions year, basemap and its notes."""
    lang = ctx.lang
    st.pills(
        t("sidebar_layers", lang),
        options=[spec.id for spec in LAYERS],
        format_func=lambda layer_id: t(f"layer_{layer_id}", lang),
        selection_mode="multi",
        **_bound("layers", state.layers),
    )
    st.segmented_control(
        t("sidebar_asof", lang),
        options=list(YEARS),
        format_func=lambda year: t(f"asof_{year}", lang),
        required=True,
        help=t("sidebar_asof_help", lang),
        **_bound("asof", state.asof),
    )
    st.radio(  # all choices visible, one click; a selectbox would also cost a 60 kB frontend bundle
        t("sidebar_basemap", lang),
        options=list(basemaps),
        format_func=lambda b: t(f"basemap_{b}", lang),
        **_bound("basemap", state.basemap),
    )
    if "tianditu" not in basemaps:
        st.caption(t("basemap_tianditu_hint", lang))
    if ctx.datum == GCJ02:
        st.caption(t("basemap_gcj_note", lang))
