"""The view state on the Streamlit side: read it from the URL, write it back, apply map events."""

from __future__ import annotations

import streamlit as st

from components.data import get_area_index, get_basemaps, get_default_view, get_vocabulary
from components.i18n import notice_texts
from components.map_view import MAP_KEY
from geo.basemaps import GCJ02
from geo.display import DisplayContext, context_from_view, display_from_wgs84
from geo.events import state_from_map_event
from geo.state import ParsedState, ViewState, state_from_query, state_to_query

_HANDLED_CLICK = "_handled_click"
_MAP_REQUEST = "_map_view_request"
_MAP_MOUNT = "_map_mount_view"
_ALSO_HERE = "_also_here"
_NOTICES = "_link_notices"
_FIT = "_fit_selection"  # the area just chosen (click, search, list): the map frames it once
_MOUNTING = "_map_mounting"  # True on the run that (re)builds the map


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
    """Say which values of the opened link were ignored (a few, cut, inert); they stay until the next interaction."""
    if parsed.notices:
        st.session_state[_NOTICES] = notice_texts(parsed.notices, parsed.state.lang)
    for message in st.session_state.get(_NOTICES, []):
        st.warning(message, icon=":material/warning:")


def _clear_notices() -> None:
    st.session_state.pop(_NOTICES, None)


def display_context(state: ViewState) -> DisplayContext:
    """Return how this run displays the view: its language and year, and its basemap's datum."""
    return context_from_view(state, get_basemaps()[state.basemap])


def _in_map_datum(center: tuple[float, float] | None, ctx: DisplayContext) -> tuple[float, float] | None:
    if center is None or ctx.datum != GCJ02:
        return center
    lat, lon = display_from_wgs84(*center, ctx.datum)
    return (round(lat, 6), round(lon, 6))


def map_view_request(state: ViewState, *, ctx: DisplayContext) -> tuple[tuple[float, float] | None, int | None]:
    """Return the (center, zoom) to hand to the map, in the basemap's datum.

    The URL's view is applied when the map is (re)mounted: at the start of a
    session and whenever layers or basemap change, which rebuilds the map.
    Between those, the map's own pans only flow into the URL, never back, so
    they cannot echo; :func:`request_view` moves it on purpose (search).
    """
    identity = (state.layers, state.basemap, state.asof, state.circle_km)
    request = st.session_state.get(_MAP_REQUEST)
    st.session_state[_MOUNTING] = request is None or request[0] != identity
    if request is None or st.session_state[_MOUNTING]:
        request = (identity, state.center, state.zoom)
        st.session_state[_MAP_REQUEST] = request
        st.session_state[_MAP_MOUNT] = request
    _, center, zoom = request
    return _in_map_datum(center, ctx), zoom


def map_mount_view(*, ctx: DisplayContext) -> tuple[tuple[float, float], int]:
    """Return the view the map is built with: the URL's view when it was (re)mounted, else the default.

    Building the map at the requested view (rather than at the default and
    moving it once drawn) means its first report already matches the link, so
    the URL and the share box never show the default view in between. It only
    changes when the map is remounted anyway; later moves go through
    :func:`map_view_request`. Call after :func:`map_view_request`.
    """
    mount = st.session_state.get(_MAP_MOUNT)
    center, zoom = (mount[1], mount[2]) if mount else (None, None)
    default_center, default_zoom = get_default_view()
    return _in_map_datum(center or default_center, ctx) or default_center, zoom or default_zoom


def selection_fit(state: ViewState) -> str | None:
    """Return how the map should frame the selected area on this run (see :func:`~components.map_view.selection_group`).

    ``"fit"`` when it was just chosen, or when a link names it without a view;
    ``"ensure"`` when the map is (re)built on a link's view, so that a phone
    opening a desktop's link still shows the whole area; else None.
    Call after :func:`map_view_request`.
    """
    if not state.area:
        return None
    if st.session_state.pop(_FIT, None) == state.area:
        return "fit"
    if st.session_state.get(_MOUNTING):
        return "ensure" if state.center is not None else "fit"
    return None


def request_view(center: tuple[float, float], zoom: int | None) -> None:
    """Move the map to a WGS-84 view without remounting it, and record the view in the URL."""
    state = read_view().state.with_(center=center, zoom=zoom)
    st.session_state[_MAP_REQUEST] = ((state.layers, state.basemap, state.asof, state.circle_km), center, zoom)
    write_view(state)


def select_area(area_id: str | None, also_here: tuple[str, ...] = ()) -> None:
    """Select an area (or clear the selection), record it in the URL, and have the map frame it."""
    _clear_notices()
    state = read_view().state.with_(area=area_id)
    st.session_state[_ALSO_HERE] = also_here
    if area_id:
        st.session_state[_FIT] = area_id
    write_view(state)


def also_here() -> tuple[str, ...]:
    """Return the other areas under the last click, smallest first."""
    return st.session_state.get(_ALSO_HERE, ())


def on_map_event() -> None:
    """Handle a map event before the rerun: a new click selects, a pan updates the URL's view.

    What the event does is :func:`geo.events.state_from_map_event`'s; this
    only reads and writes the session (the click handled, the other areas
    under it, the area to frame) and the URL.
    """
    event = st.session_state.get(MAP_KEY) or {}
    state = read_view().state
    outcome = state_from_map_event(
        state,
        event,
        datum=display_context(state).datum,
        index=get_area_index(state.asof, state.circle_km),
        handled_click=st.session_state.get(_HANDLED_CLICK),
    )
    if outcome.clicked:
        _clear_notices()
        st.session_state[_HANDLED_CLICK] = event["last_clicked"]
        st.session_state[_ALSO_HERE] = outcome.also_here
        if outcome.fit:
            st.session_state[_FIT] = outcome.fit
    write_view(outcome.state)


def update_view(**changes: object) -> None:
    """Change some fields of the URL's view state (for widget callbacks)."""
    _clear_notices()
    write_view(read_view().state.with_(**changes))
