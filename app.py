"""Frame and router of the dashboard: page config, shared sidebar, URL state, navigation.

Run with ``./dev app`` (or ``streamlit run app.py``).
"""

from __future__ import annotations

import streamlit as st

from components.assets import ensure_static_assets
from components.data import data_offline, get_basemaps, refresh_if_data_changed, warm_caches
from components.frame import FRAME_CSS
from components.i18n import t
from components.navigation import build_pages, page_spec
from components.presentation import apply_presentation_frame
from components.sidebar import render_sidebar
from components.view import display_context, read_view, show_notices, write_view
from geo.escape import escape_markdown
from web.heap import freeze_once


def main() -> None:
    """Set up the frame, normalise the URL and run the selected page."""
    st.set_page_config(page_title="重庆创新布局看板 · Chongqing Innovation Layout", page_icon="🗺️", layout="wide")
    st.html(FRAME_CSS)
    ensure_static_assets()
    refresh_if_data_changed()  # with a database, this also starts the process's watcher (LISTEN)
    parsed = read_view()
    state = parsed.state
    ctx = display_context(state)
    show_notices(parsed)
    if offline := data_offline():  # the database went away: the data loaded before are shown, read-only
        st.warning(t("data_offline", state.lang, reason=escape_markdown(offline)), icon=":material/cloud_off:")
    write_view(state)
    pages = build_pages(state.lang)
    page = st.navigation(pages, position="hidden")
    if state.present:
        apply_presentation_frame(state.lang)
    render_sidebar(
        state, tuple(get_basemaps()), pages, page.url_path, map_controls=page_spec(page.url_path).map_controls, ctx=ctx
    )
    page.run()
    freeze_once(warm=warm_caches)  # keeps Streamlit's post-run gc.collect(2) cheap: see web/heap.py


main()
