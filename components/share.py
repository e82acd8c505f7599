"""The share box: the full link of the current view, a copy button, a QR code and a readable title."""

from __future__ import annotations

import base64
import io
from urllib.parse import urlencode

import segno
import streamlit as st

from components.export import PLACEHOLDER, standalone_html
from components.i18n import name_of, t
from components.overview import export_map
from components.presentation import presentation_switch
from geo.catalog import Catalog
from geo.escape import escape_markdown, escape_text
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
def qr_data_uri(link: str, scale: int = 5) -> str:
    """Return a QR code of ``link`` as a ``data:image/png`` URI (error correction M, quiet zone 2).

    The image travels inside the page's own message. Bytes handed to
    ``st.image`` would become a media file that Streamlit deletes once the
    next run finishes, so a browser still fetching the previous run's QR
    code after a quick click got a 404 and a broken image.
    """
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def share_title(state: ViewState, catalog: Catalog, lang: str) -> str:
    """Return a short human-readable description of what a link shows."""
    subject = name_of(catalog.area_row(state.area), lang) if state.area else t("share_overview", lang)
    layers = "、".join(t(f"layer_{layer}", lang) for layer in state.layers) or t("share_no_layers", lang)
    basemap = t(f"basemap_{state.basemap}", lang)
    return t("share_title", lang, subject=subject, layers=layers, basemap=basemap, year=state.asof)


_COPY_SCRIPT = """
<script>
document.querySelectorAll(".cq-share-link:not([data-ready])").forEach((box) => {
  box.dataset.ready = "1";
  const input = box.querySelector("input"), button = box.querySelector("button");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (err) {  // no Clipboard API (plain http on an intranet host): select and copy
      input.select();
      document.execCommand("copy");
    }
    button.textContent = button.dataset.done;
    setTimeout(() => { button.textContent = button.dataset.label; }, 1500);
  });
});
</script>
"""

_COPY_CSS = """
<style>
.cq-share-link {display: flex; gap: .4rem; align-items: stretch;}
.cq-share-link input {flex: 1; min-width: 0; font: .8rem ui-monospace, monospace; padding: .3rem .4rem;
  border: 1px solid rgba(49, 51, 63, .2); border-radius: .4rem; background: rgba(240, 242, 246, .6);}
.cq-share-link button {white-space: nowrap; padding: .3rem .6rem; border: 1px solid rgba(49, 51, 63, .2);
  border-radius: .4rem; background: white; cursor: pointer;}
</style>
"""


def copy_link_html(link: str, lang: str) -> str:
    """Return the link as a read-only field with a copy button (no code-highlighter bundle).

    ``st.code`` would give a copy button too, but it makes the browser fetch
    Streamlit's 1.5 MB syntax-highlighter bundle on every first visit.
    """
    label, done = escape_text(t("share_copy", lang)), escape_text(t("share_copied", lang))
    return (
        f'{_COPY_CSS}<div class="cq-share-link"><input readonly value="{escape_text(link)}" '
        f'aria-label="{escape_text(t("share_link_label", lang))}" onfocus="this.select()">'
        f'<button type="button" data-label="{label}" data-done="{done}">{label}</button></div>{_COPY_SCRIPT}'
    )


def render_share_box(state: ViewState, catalog: Catalog, page_path: str) -> None:
    """Draw the share box in the sidebar: title, link with copy button, QR code, presentation switch."""
    lang = state.lang
    link = share_link(st.context.url or "", page_path, state)
    with st.expander(t("share_heading", lang), expanded=False, icon=":material/share:"):
        st.markdown(f"**{escape_markdown(share_title(state, catalog, lang))}**")
        st.html(copy_link_html(link, lang), unsafe_allow_javascript=True)
        st.image(qr_data_uri(link), caption=t("share_qr_caption", lang), width=180)
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
        presentation_switch(lang, on=True)
