"""The share box: the full link of the current view, a copy button, a QR code and a readable title."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
import streamlit as st

from components.export import PLACEHOLDER, standalone_html
from components.i18n import name_of, t
from components.overview import export_map
from components.view import update_view
from geo.catalog import Catalog
from geo.escape import escape_text
from geo.state import ViewState, state_to_query


def share_link(base_url: str, page_path: str, state: ViewState) -> str:
    """Return the absolute link that reopens ``state`` on ``page_path``.

    Parameters
    ----------
    base_url
        The app's URL as the browser sees it, without page or query
        (``st.context.url``).
    page_path
        The page's ``url_path`` (``""`` for the default page, e.g. ``"seismic"``).
    state
        The view to encode (full state, see :func:`geo.state.state_to_query`).

    Returns
    -------
    str
        ``<base>/<page>?<query>`` (``<base>/?<query>`` for the default page).
    """
    base = base_url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return f"{base}/{page_path}?{urlencode(state_to_query(state))}"


@st.cache_data(show_spinner=False, max_entries=256)
def qr_png(link: str, scale: int = 5) -> bytes:
    """Return a PNG QR code of ``link`` (error correction M, quiet zone 2 modules)."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def share_title(state: ViewState, catalog: Catalog, lang: str) -> str:
    """Return a short human-readable description of what a link shows."""
    subject = name_of(catalog.areas.loc[state.area], lang) if state.area else t("share_overview", lang)
    layers = "、".join(t(f"layer_{layer}", lang) for layer in state.layers) or t("share_no_layers", lang)
    return t("share_title", lang, subject=subject, layers=layers, basemap=t(f"basemap_{state.basemap}", lang))


def render_share_box(state: ViewState, catalog: Catalog, page_path: str) -> None:
    """Draw the share box in the sidebar: title, link with copy button, QR code, presentation switch."""
    lang = state.lang
    link = share_link(st.context.url or "", page_path, state)
    with st.expander(t("share_heading", lang), expanded=False, icon=":material/share:"):
        st.markdown(f"**{share_title(state, catalog, lang)}**")
        with st.container(key="share_link"):
            st.code(link, language=None, wrap_lines=True)
        st.image(qr_png(link), caption=t("share_qr_caption", lang), width=180, output_format="PNG")
        title = share_title(state, catalog, lang)
        st.download_button(
            t("share_map_html", lang),
            data=lambda: standalone_html(export_map(state, PLACEHOLDER), escape_text(title)),
            file_name="chongqing-innovation-map.html",
            mime="text/html",
            key="dl_map_html",
            on_click="ignore",
            icon=":material/map:",
        )
        st.button(
            t("present_enter", lang),
            key="present_on",
            icon=":material/slideshow:",
            on_click=update_view,
            kwargs={"present": True},
        )
