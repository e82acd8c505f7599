"""The view state on the Streamlit side: read it from the URL, write it back, apply map events."""

from __future__ import annotations

import streamlit as st

from components.data import get_area_index, get_vocabulary
from components.i18n import t
from components.map_view import MAP_KEY
from geo.state import ParsedState, ViewState, state_from_query, state_to_query

_HANDLED_CLICK = "_handled_click"
_MAP_REQUEST = "_map_view_request"
_ALSO_HERE = "_also_here"
_NOTICES = "_link_notices"


def read_view() -> ParsedState:
    """Parse ``st.query_params`` into the view state (never raises)."""
    return state_from_query(st.query_params.to_dict(), get_vocabulary())


def write_view(state: ViewState) -> None:
    """Make the URL carry exactly ``state``."""
    query = state_to_query(state)
    current = st.query_params.to_dict()
    if current != query:
        st.query_params.from_dict(query)


def show_notices(parsed: ParsedState) -> None:
    """Say which values of the opened link were ignored; the notice stays until the next interaction."""
    if parsed.notices:
        st.session_state[_NOTICES] = [t(f"notice_{n.reason}", parsed.state.lang, value=n.value) for n in parsed.notices]
    for message in st.session_state.get(_NOTICES, []):
        st.warning(message, icon="⚠️")


def _clear_notices() -> None:
    st.session_state.pop(_NOTICES, None)


def map_view_request(state: ViewState) -> tuple[tuple[float, float] | None, int | None]:
    """Return the (center, zoom) to hand to the map.

    The URL's view is applied when a session starts; afterwards the map's own
    pans only flow into the URL, never back, so they cannot echo.
    """
    if _MAP_REQUEST not in st.session_state:
        st.session_state[_MAP_REQUEST] = (state.center, state.zoom)
    return st.session_state[_MAP_REQUEST]


def select_area(area_id: str | None, also_here: tuple[str, ...] = ()) -> None:
    """Select an area (or clear the selection) and record it in the URL."""
    _clear_notices()
    state = read_view().state.with_(area=area_id)
    st.session_state[_ALSO_HERE] = also_here
    write_view(state)


def also_here() -> tuple[str, ...]:
    """Return the other areas under the last click, smallest first."""
    return st.session_state.get(_ALSO_HERE, ())


def on_map_event() -> None:
    """Handle a map event before the rerun: a new click selects, a pan updates the URL's view."""
    event = st.session_state.get(MAP_KEY) or {}
    state = read_view().state
    center, zoom = event.get("center"), event.get("zoom")
    if center and zoom:
        state = state.with_(center=(round(center["lat"], 5), round(center["lng"], 5)), zoom=int(zoom))
    click = event.get("last_clicked")
    if click and click != st.session_state.get(_HANDLED_CLICK):
        _clear_notices()
        st.session_state[_HANDLED_CLICK] = click
        hits = get_area_index().hits(click["lng"], click["lat"], layers=state.layers)
        st.session_state[_ALSO_HERE] = tuple(hits[1:])
        state = state.with_(area=hits[0] if hits else None)
    write_view(state)


def update_view(**changes: object) -> None:
    """Change some fields of the URL's view state (for widget callbacks)."""
    _clear_notices()
    write_view(read_view().state.with_(**changes))
