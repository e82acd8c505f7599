"""Headless Chromium measurements: offline contexts, bytes received, time to drawn, rerun server time.

Every number here is taken by the browser itself:

- bytes: Chrome DevTools Protocol ``Network.loadingFinished.encodedDataLength``
  (HTTP, as received on the wire, headers included) plus the payload size of every
  websocket frame received (``Network.webSocketFrameReceived``);
- time to drawn: the top page's ``performance.now()`` (milliseconds since
  navigation start) at the first animation frame where Leaflet has every
  expected polygon and station on the map and, with enterprises, every point in
  a marker-cluster group with clusters rendered;
- rerun server time: CDP timestamps of the websocket frame the browser *sends*
  (a ``BackMsg`` with ``rerun_script``) and of the next received ``ForwardMsg``
  with ``script_finished``.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
VIEWPORT = {"width": 1400, "height": 900}
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
POLL_STEP_MS = 50

# Runs in the top page: counts what Leaflet has on the map inside the st_folium iframe.
DRAWN_JS = """
(expect) => {
  const iframe = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const mark = (k) => { if (window[k] === undefined) window[k] = performance.now(); };
  if (iframe) mark('__bench_iframe_ms');
  const w = iframe && iframe.contentWindow;
  const L = w && w.L, map = w && w.map;
  if (!L || !map || !map._layers) return false;
  mark('__bench_leaflet_ms');
  let polygons = 0, circles = 0, points = 0, rendered = 0;
  for (const l of Object.values(map._layers)) {
    if (l.cqPoints) {  // the app's point layer (static/js/layers.js): every point indexed, clusters in view drawn
      points += l.cqPoints.count;
      rendered += l.cqPoints.rendered;
      continue;
    }
    if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) {
      points += l._topClusterLevel ? l._topClusterLevel.getChildCount() : l.getLayers().length;
      rendered += l._featureGroup ? l._featureGroup.getLayers().length : 0;
      continue;
    }
    if (l.__parent || !l._path || !l._path.isConnected) continue;
    if (l.options.pane === 'cqPoints') continue;  // the app's single points are not stations
    if (!l._path.classList.contains('leaflet-interactive')) continue;
    if (l instanceof L.Polygon) polygons++;
    else if (l instanceof L.CircleMarker) circles++;
  }
  if (polygons > 0) mark('__bench_first_polygon_ms');
  const ok = polygons >= expect.polygons && circles >= expect.circles
    && (expect.points === 0 || (points >= expect.points && rendered > 0));
  if (!ok) return false;
  return {t_ms: performance.now(), polygons, circles, points, rendered, iframe_ms: window.__bench_iframe_ms,
          leaflet_ms: window.__bench_leaflet_ms, first_polygon_ms: window.__bench_first_polygon_ms};
}
"""

# Runs in the map iframe: a pixel inside the target feature that is not covered by anything else.
CLICK_TARGET_JS = """
([lat, lon, id]) => {
  const map = window.map;
  const p = map.latLngToContainerPoint([lat, lon]);
  const box = map.getContainer().getBoundingClientRect();
  const paths = new Map();
  for (const l of Object.values(map._layers)) if (l._path) paths.set(l._path, l);
  for (let r = 0; r <= 240; r += 6) {
    const steps = r === 0 ? 1 : Math.max(8, Math.round(2 * Math.PI * r / 6));
    for (let k = 0; k < steps; k++) {
      const a = 2 * Math.PI * k / steps;
      const x = box.left + p.x + r * Math.cos(a), y = box.top + p.y + r * Math.sin(a);
      if (x < box.left + 5 || y < box.top + 5 || x > box.right - 5 || y > box.bottom - 5) continue;
      const l = paths.get(document.elementFromPoint(x, y));
      if (l && l.feature && l.feature.properties && l.feature.properties.id === id) return [x, y, r];
    }
  }
  return null;
}
"""


# Runs in the map iframe: bring a point into view if it is not (the app frames every area it selects, so
# after a click on one district the next target may lie outside). Returns True when the map had to move.
SHOW_TARGET_JS = """
([lat, lon]) => {
  const map = window.map;
  if (map.getBounds().pad(-0.15).contains([lat, lon])) return false;
  map.setView([lat, lon], Math.min(map.getZoom(), 9), {animate: false});
  return true;
}
"""


def launch(playwright: Any) -> Any:
    """Launch Debian's Chromium headless with the project's flags."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def request_category(url: str) -> str:
    """Classify a URL: Streamlit's own frontend, a component's frontend, the app's static files, or other."""
    path = urlparse(url).path
    if path.startswith("/component/"):
        return "component_frontend"
    if path.startswith("/app/static/"):
        return "app_static"
    if path.startswith("/_stcore/stream"):
        return "websocket"
    return "streamlit_frontend"


@dataclass
class Frame:
    """One websocket frame: direction, CDP timestamp (s), payload size and decoded message type."""

    sent: bool
    ts: float
    size: int
    kind: str
    status: int | None = None


@dataclass
class Recorder:
    """Collects network traffic of one page through a CDP session."""

    requests: dict[str, dict] = field(default_factory=dict)
    frames: list[Frame] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    last_activity: float = field(default_factory=time.monotonic)

    def attach(self, cdp: Any) -> None:
        """Subscribe to the CDP Network events (the domain must then be enabled)."""
        cdp.on("Network.requestWillBeSent", self._on_request)
        cdp.on("Network.responseReceived", self._on_response)
        cdp.on("Network.dataReceived", self._on_data)
        cdp.on("Network.loadingFinished", self._on_finished)
        cdp.on("Network.webSocketFrameReceived", lambda p: self._on_frame(p, sent=False))
        cdp.on("Network.webSocketFrameSent", lambda p: self._on_frame(p, sent=True))

    def _on_request(self, p: dict) -> None:
        self.requests.setdefault(p["requestId"], {"url": p["request"]["url"], "wire": 0, "body": 0, "done": False})

    def _on_response(self, p: dict) -> None:
        req = self.requests.get(p["requestId"])
        if req is not None:
            req["status"] = int(p["response"].get("status", 0))

    def _on_data(self, p: dict) -> None:
        req = self.requests.get(p["requestId"])
        if req is not None:
            req["body"] += p.get("dataLength", 0)
        self.last_activity = time.monotonic()

    def _on_finished(self, p: dict) -> None:
        req = self.requests.get(p["requestId"])
        if req is not None:
            req["wire"] = int(p.get("encodedDataLength", 0))
            req["done"] = True
        self.last_activity = time.monotonic()

    def _on_frame(self, p: dict, sent: bool) -> None:
        resp = p["response"]
        data = resp.get("payloadData", "")
        payload = base64.b64decode(data) if resp.get("opcode") == 2 else data.encode()
        kind, status = "text", None
        if resp.get("opcode") == 2:
            kind, status = _decode(payload, sent)
        self.frames.append(Frame(sent, float(p["timestamp"]), len(payload), kind, status))
        if not sent:
            self.last_activity = time.monotonic()

    def outstanding_reruns(self) -> int:
        """Return how many rerun requests were sent after the last run that was not cut short for a rerun.

        Not a count of unanswered requests: Streamlit folds a rerun request that
        arrives while another is still pending into that one, and the single run
        answers both with one ``script_finished``, so counting answers against
        requests would wait for an answer that never comes. A run stopped early
        for a rerun (``FINISHED_EARLY_FOR_RERUN``) answers nothing: another follows.
        """
        pending = 0
        for f in self.frames:
            if f.sent and f.kind == "rerun_script":
                pending += 1
            elif not f.sent and f.kind == "script_finished" and f.status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                pending = 0
        return pending

    def totals(self) -> dict[str, int]:
        """Return bytes received so far by category, plus ``total``, ``http`` and request counts."""
        out = {"streamlit_frontend": 0, "component_frontend": 0, "app_static": 0, "websocket": 0}
        for req in self.requests.values():
            out[request_category(req["url"])] += req["wire"]
        out["websocket"] += sum(f.size for f in self.frames if not f.sent)
        out["http"] = sum(r["wire"] for r in self.requests.values())
        out["http_body"] = sum(r["body"] for r in self.requests.values())
        out["total"] = out["http"] + sum(f.size for f in self.frames if not f.sent)
        out["requests"] = len(self.requests)
        out["ws_frames_received"] = sum(1 for f in self.frames if not f.sent)
        return out

    def largest(self, count: int = 8) -> list[tuple[str, int]]:
        """Return the ``count`` largest HTTP responses as ``(path, wire bytes)``."""
        reqs = sorted(self.requests.values(), key=lambda r: r["wire"], reverse=True)[:count]
        return [(urlparse(r["url"]).path, r["wire"]) for r in reqs]

    def failed(self) -> list[str]:
        """Return ``"status url"`` of every local request answered with an HTTP error."""
        return [f"{r['status']} {r['url']}" for r in self.requests.values() if r.get("status", 0) >= 400]


def _decode(payload: bytes, sent: bool) -> tuple[str, int | None]:
    """Return the protobuf message type (and script_finished status) of a Streamlit websocket frame."""
    msg = BackMsg() if sent else ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # not a Streamlit message; count it, do not fail
        return "unparsed", None
    kind = msg.WhichOneof("type") or "none"
    status = int(msg.script_finished) if kind == "script_finished" else None
    return kind, status


def message_types(payload: bytes) -> tuple[str, list[str]]:
    """Return a received frame's message type and, for a delta, the element (or block) type it carries.

    ``bench.timeline`` uses it to tell when each kind of element first arrived.
    """
    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # not a Streamlit message
        return "unparsed", []
    kind = msg.WhichOneof("type") or "none"
    if kind != "delta":
        return kind, []
    delta_kind = msg.delta.WhichOneof("type")
    if delta_kind == "new_element":
        return kind, [msg.delta.new_element.WhichOneof("type") or "?"]
    return kind, [delta_kind or "?"]


@dataclass
class Session:
    """A fresh browser context (like a new profile) with one page, offline, recorded."""

    context: Any
    page: Any
    rec: Recorder


def open_session(browser: Any) -> Session:
    """Create an isolated context that aborts every non-local request, and attach a recorder."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    rec = Recorder()

    def route(route: Any) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            rec.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    rec.attach(cdp)
    cdp.send("Network.enable", {"maxTotalBufferSize": 0, "maxResourceBufferSize": 0})
    return Session(context, page, rec)


def wait_drawn(page: Any, expect: dict[str, int], deadline_s: float) -> dict:
    """Wait (animation-frame polling) until every expected feature is on the map; return the counts and time."""
    handle = page.wait_for_function(DRAWN_JS, arg=expect, polling="raf", timeout=deadline_s * 1000)
    return handle.json_value()


def wait_settled(page: Any, rec: Recorder, quiet_s: float, deadline_s: float) -> None:
    """Wait until no rerun is pending, the script is idle and nothing arrived for ``quiet_s`` seconds.

    Raises
    ------
    TimeoutError
        When the page does not settle within ``deadline_s``.
    """
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        page.wait_for_timeout(POLL_STEP_MS)  # lets Playwright deliver events; the condition decides
        if rec.outstanding_reruns() or time.monotonic() - rec.last_activity < quiet_s:
            continue
        if page.locator("[data-test-script-state='notRunning']").count():
            return
    raise TimeoutError(f"page not settled after {deadline_s}s (pending reruns: {rec.outstanding_reruns()})")


@dataclass
class FirstView:
    """One fresh-context first view."""

    time_to_drawn_s: float
    drawn: dict
    bytes: dict[str, int]
    blocked: list[str]
    reruns: int


def first_view(session: Session, url: str, expect: dict[str, int], deadline_s: float, quiet_s: float) -> FirstView:
    """Navigate, wait until everything is drawn and the app has settled; return time and bytes."""
    session.page.goto(url, wait_until="commit", timeout=deadline_s * 1000)
    drawn = wait_drawn(session.page, expect, deadline_s)
    wait_settled(session.page, session.rec, quiet_s, deadline_s)
    reruns = sum(1 for f in session.rec.frames if f.sent and f.kind == "rerun_script")
    return FirstView(drawn["t_ms"] / 1000.0, drawn, session.rec.totals(), list(session.rec.blocked), reruns)


@dataclass
class RerunSample:
    """One interaction: server time of the first rerun it caused, and what followed."""

    rerun_s: float
    settled_s: float
    reruns: int
    statuses: list[int]
    bytes_received: int
    ok: bool
    detail: str = ""


def _rerun_sample(rec: Recorder, start: int, ok: bool, detail: str) -> RerunSample:
    """Build a sample from the frames recorded since index ``start``."""
    frames = rec.frames[start:]
    sent = [f for f in frames if f.sent and f.kind == "rerun_script"]
    if not sent:
        raise RuntimeError("the interaction sent no rerun request")
    finished = [f for f in frames if not f.sent and f.kind == "script_finished" and f.ts >= sent[0].ts]
    if not finished:
        raise RuntimeError("no script_finished after the rerun request")
    return RerunSample(
        rerun_s=finished[0].ts - sent[0].ts,
        settled_s=finished[-1].ts - sent[0].ts,
        reruns=len(sent),
        statuses=[f.status for f in finished if f.status is not None],
        bytes_received=sum(f.size for f in frames if not f.sent),
        ok=ok,
        detail=detail,
    )


def _wait_rerun_done(page: Any, rec: Recorder, start: int, deadline_s: float, quiet_s: float) -> None:
    """Wait until the interaction's rerun request was sent and answered, then until the page settles."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        frames = rec.frames[start:]
        if any(f.sent and f.kind == "rerun_script" for f in frames) and any(
            not f.sent and f.kind == "script_finished" for f in frames
        ):
            break
        page.wait_for_timeout(POLL_STEP_MS)
    else:
        raise TimeoutError(f"no rerun answered within {deadline_s}s")
    wait_settled(page, rec, quiet_s, max(1.0, end - time.monotonic()))


def click_feature(session: Session, target: dict, deadline_s: float, quiet_s: float) -> RerunSample:
    """Click a feature on the map (an uncovered pixel near ``lat, lon``) and time the rerun it causes.

    ``target`` has ``lat``, ``lon``, ``id`` (the feature's ``id`` property) and
    ``name`` (text the panel must show afterwards).
    """
    page, rec = session.page, session.rec
    iframe = page.locator(IFRAME)
    frame = iframe.element_handle().content_frame()
    moved_at = len(rec.frames)
    if frame.evaluate(SHOW_TARGET_JS, [target["lat"], target["lon"]]):  # not timed: the map reports its new view
        _wait_rerun_done(page, rec, moved_at, deadline_s, quiet_s)
    found = frame.evaluate(CLICK_TARGET_JS, [target["lat"], target["lon"], target["id"]])
    if found is None:
        raise RuntimeError(f"no uncovered pixel of {target['id']} near its point")
    x, y, offset = found
    box = iframe.bounding_box()
    start = len(rec.frames)
    page.mouse.click(box["x"] + x, box["y"] + y)
    _wait_rerun_done(page, rec, start, deadline_s, quiet_s)
    ok = target["name"] in page.locator("[data-testid='stMain']").inner_text()
    return _rerun_sample(rec, start, ok, f"pixel offset {offset}px")


def click_button(session: Session, label: str, deadline_s: float, quiet_s: float) -> RerunSample:
    """Click a Streamlit button and time the rerun it causes."""
    start = len(session.rec.frames)
    session.page.get_by_role("button", name=label).click()
    _wait_rerun_done(session.page, session.rec, start, deadline_s, quiet_s)
    return _rerun_sample(session.rec, start, True, "")
