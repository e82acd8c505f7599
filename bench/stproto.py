"""Streamlit's WebSocket protocol, spoken without a browser: what the load test's users send and read.

A session is one WebSocket at ``/_stcore/stream``. The client sends
``BackMsg`` protobufs; a ``rerun_script`` carries a ``ClientState`` (query
string, page, widget states, the browser's context and the hashes of the
cacheable messages it already holds). The server answers with ``ForwardMsg``s
until ``script_finished``; a message the client said it holds comes back as a
``ref_hash`` only.

A map click is what the ``st_folium`` component's frontend sends: a rerun
whose widget states carry the component's widget id (the ``id`` of the
``component_instance`` in the ``new_element`` deltas) with the JSON value
``{"last_clicked": {"lat", "lng"}, "zoom", "center": {"lat", "lng"}}`` (the
app's ``RETURNED_OBJECTS``; see ``geo/events.py`` for what it reads).

Pure protocol pieces (:func:`rerun_message`, :func:`map_click_state`,
:class:`RunReader`) are separate from the socket (:class:`StreamlitSession`,
``websocket-client``, which is synchronous and so cooperates with Locust's
gevent once gevent has patched the socket module).
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"
MAP_COMPONENT = "streamlit_folium.st_folium"
QUERY = "layers=districts,science_city,liangjiang,parks,circles,stations"
MAP_ZOOM = 9
MAP_CENTER = (29.27573, 106.41503)  # where the map opens on these layers (its first view)
PANEL_TAG = "h3"  # the panel names the selected area: st.subheader (components/area_panel.py)
FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class ProtocolError(RuntimeError):
    """The server answered something a browser would show as an error (an exception, a failed run)."""


@dataclass(frozen=True)
class BrowserContext:
    """What the frontend tells the server about the browser (``ClientState.context_info``)."""

    timezone: str = "Asia/Shanghai"
    timezone_offset: int = -480  # minutes, as JavaScript's getTimezoneOffset
    locale: str = "zh-CN"
    url: str = ""


def rerun_message(
    query_string: str,
    page_script_hash: str = "",
    widgets: Sequence[WidgetState] = (),
    cached_hashes: Iterable[str] = (),
    context: BrowserContext | None = None,
) -> BackMsg:
    """Return a ``rerun_script`` BackMsg, as the frontend sends it.

    Parameters
    ----------
    query_string
        The page's query string without ``?`` (the address bar's, which the
        server updates through ``page_info_changed``).
    page_script_hash
        The page to run; empty for the first run (the server picks it from the URL).
    widgets
        The widget states to send (those not sent keep their last value on the server).
    cached_hashes
        Hashes of the cacheable ForwardMsgs this client holds.
    context
        The browser's time zone, locale and URL.
    """
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query_string
    state.page_script_hash = page_script_hash
    state.widget_states.widgets.extend(widgets)
    state.cached_message_hashes.extend(cached_hashes)
    ctx = context or BrowserContext()
    state.context_info.timezone = ctx.timezone
    state.context_info.timezone_offset = ctx.timezone_offset
    state.context_info.locale = ctx.locale
    state.context_info.url = ctx.url
    return msg


def map_click_state(widget_id: str, lat: float, lng: float, zoom: int, center: tuple[float, float]) -> WidgetState:
    """Return the ``st_folium`` component's widget state after a click at ``lat, lng`` (the map's datum).

    Parameters
    ----------
    widget_id
        The component instance's id from the session's deltas.
    lat, lng
        The clicked point.
    zoom, center
        The map's zoom and centre ``(lat, lng)`` at the click.
    """
    value = {
        "last_clicked": {"lat": lat, "lng": lng},
        "zoom": zoom,
        "center": {"lat": center[0], "lng": center[1]},
    }
    return WidgetState(id=widget_id, json_value=json.dumps(value))


@dataclass
class RunResult:
    """What one script run sent: enough to check it as a user would see it."""

    status: int | None = None
    messages: int = 0
    bytes: int = 0
    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, body), in order
    tabs: list[str] = field(default_factory=list)  # every tab's label, in order
    exceptions: list[str] = field(default_factory=list)
    components: dict[str, str] = field(default_factory=dict)  # component name -> widget id
    query_string: str | None = None
    page_script_hash: str | None = None

    @property
    def finished(self) -> bool:
        """Whether the run ended (a ``script_finished`` arrived)."""
        return self.status is not None

    @property
    def ok(self) -> bool:
        """Whether the run finished successfully without an exception element."""
        return self.status in FINISHED_OK and not self.exceptions


class RunReader:
    """Read one run's ForwardMsgs; keeps the cacheable ones so ``ref_hash`` answers can be read too."""

    def __init__(self, cache: dict[str, ForwardMsg]) -> None:
        self.cache = cache
        self.result = RunResult()

    def feed(self, data: bytes) -> bool:
        """Read one frame; return True once the run has finished."""
        msg = ForwardMsg()
        msg.ParseFromString(data)
        self.result.messages += 1
        self.result.bytes += len(data)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                raise ProtocolError(f"ref_hash {msg.ref_hash} of a message never received")
            msg, kind = cached, cached.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = msg
        self._read(msg, kind)
        return kind == "script_finished"

    def _read(self, msg: ForwardMsg, kind: str | None) -> None:
        result = self.result
        if kind == "script_finished":
            result.status = int(msg.script_finished)
        elif kind == "page_info_changed":
            result.query_string = msg.page_info_changed.query_string
        elif kind == "navigation":
            result.page_script_hash = msg.navigation.page_script_hash
        elif kind == "new_session" and msg.new_session.page_script_hash:
            result.page_script_hash = result.page_script_hash or msg.new_session.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "add_block":
            self._read_block(msg)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            which = element.WhichOneof("type")
            if which == "heading":
                result.headings.append((element.heading.tag, element.heading.body))
            elif which == "exception":
                result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif which == "component_instance":
                result.components[element.component_instance.component_name] = element.component_instance.id

    def _read_block(self, msg: ForwardMsg) -> None:
        block = msg.delta.add_block
        if block.WhichOneof("type") == "tab":
            self.result.tabs.append(block.tab.label)


class StreamlitSession:
    """One Streamlit session over a WebSocket, as a browser tab holds it.

    Parameters
    ----------
    base_url
        The server, e.g. ``http://127.0.0.1:8501`` (through a balancer: its URL).
    query_string
        The first URL's query string.
    cookie
        The ``Cookie`` header the page's HTTP answers set (a balancer's stickiness cookie).
    timeout_s
        The longest wait for one frame.
    """

    def __init__(self, base_url: str, query_string: str = "", cookie: str = "", timeout_s: float = 60.0) -> None:
        parts = urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws_url = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}{STREAM_PATH}"
        self.page_url = f"{base_url.rstrip('/')}/"
        self.query_string = query_string
        self.page_script_hash = ""
        self.cookie = cookie
        self.timeout_s = timeout_s
        self.cache: dict[str, ForwardMsg] = {}
        self.components: dict[str, str] = {}
        self._ws: Any = None

    def connect(self) -> None:
        """Open the WebSocket (with the page's origin and cookie, as the frontend does)."""
        parts = urlsplit(self.page_url)
        self._ws = websocket.create_connection(
            self.ws_url,
            subprotocols=[SUBPROTOCOL],
            origin=f"{parts.scheme}://{parts.netloc}",
            cookie=self.cookie or None,
            timeout=self.timeout_s,
            enable_multithread=False,
        )

    def close(self) -> None:
        """Close the WebSocket (the server then ends the session)."""
        if self._ws is not None:
            try:
                self._ws.close()
            finally:
                self._ws = None

    def rerun(self, widgets: Sequence[WidgetState] = (), deadline_s: float = 60.0) -> RunResult:
        """Ask for a rerun and read until ``script_finished``; raise TimeoutError past ``deadline_s``.

        The session's query string, page and component ids follow what the run sent.
        """
        if self._ws is None:
            raise ProtocolError("not connected")
        context = BrowserContext(url=self.page_url + (f"?{self.query_string}" if self.query_string else ""))
        msg = rerun_message(self.query_string, self.page_script_hash, widgets, self.cache.keys(), context)
        self._ws.send_binary(msg.SerializeToString())
        reader = RunReader(self.cache)
        end = time.monotonic() + deadline_s
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no script_finished within {deadline_s:g} s")
            self._ws.settimeout(min(left, self.timeout_s))
            try:
                opcode, data = self._ws.recv_data()
            except websocket.WebSocketTimeoutException as exc:
                raise TimeoutError(f"no script_finished within {deadline_s:g} s") from exc
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                self._ws = None
                raise ProtocolError("the server closed the session")
            if opcode != websocket.ABNF.OPCODE_BINARY:
                continue
            if reader.feed(data):
                break
        result = reader.result
        if result.query_string is not None:
            self.query_string = result.query_string
        if result.page_script_hash:
            self.page_script_hash = result.page_script_hash
        self.components.update(result.components)
        return result


class PanelError(ProtocolError):
    """The rerun finished but the panel does not show the clicked area."""


def check_click(result: RunResult, name: str) -> None:
    """Raise unless ``result`` finished successfully and shows ``name``'s panel heading."""
    if result.exceptions:
        raise PanelError(f"exception: {result.exceptions[0][:200]}")
    if not result.ok:
        raise PanelError(f"script finished with status {result.status}")
    if (PANEL_TAG, name) not in result.headings:
        raise PanelError(f"panel shows {[b for t, b in result.headings if t == PANEL_TAG]}, not {name}")


def click_state(session: StreamlitSession, target: dict) -> WidgetState:
    """Return the map component's widget state after a click on ``target`` (``lat``, ``lon``)."""
    return map_click_state(session.components[MAP_COMPONENT], target["lat"], target["lon"], MAP_ZOOM, MAP_CENTER)


def page_cookie(url: str, timeout_s: float) -> str:
    """GET the page as a browser does; return the ``Cookie`` header its answer sets (HAProxy's)."""
    with urllib.request.urlopen(url, timeout=timeout_s) as resp:
        resp.read()
        cookies = resp.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)
