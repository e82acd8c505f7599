"""``python -m bench.timeline``: where a first view's time goes, request by request.

Starts the app (``serve.py``, as the benchmark does) and the empty script
twice (as the benchmark serves it, and with ``TCP_NODELAY`` as ``serve.py``
serves the app: ``bench/empty_nodelay.py``), takes one unmeasured view of
each, then ``--runs`` rounds of fresh-context first views: the empty script's
(the floors), then the app's, and records, in the top page's clock
(milliseconds since navigation start):

- every HTTP request the page and the map's iframe make (start and end), sorted into
  ``boot`` (Streamlit JS/CSS that Streamlit's ``index.html`` names: entry script, its
  module preloads), ``hinted`` (chunks ``web/firstview.py`` adds preload hints for),
  ``lazy`` (Streamlit JS chunks nobody named: a widget's code, imported when the
  first element of its kind arrives), ``iframe`` (the map component's page),
  ``component`` (its scripts), ``app_static`` (Leaflet, the map script, layer data);
- the websocket: its first message, and when each element type first arrived
  (``component_instance`` is the map);
- the map: when the iframe appeared in the page, when Leaflet existed, the first
  polygon drawn, and everything drawn (as ``bench.measure`` defines it).

``--variants served stripped`` alternates the page as served with the page
without the first-view preload hints (asked for with the header
``X-First-View-Hints: off``), so that lever is measured within one run;
``--also SCRIPT ...`` adds the first views of other app scripts (e.g. a copy
of an older ``serve.py``), each on a server of its own, in the same rounds.
Prints one view's timeline (the median one by time to drawn) and each
variant's phase medians; ``--out`` writes every view as JSON.

``--record`` writes ``web/first_view_chunks.json``: the widget chunks (build
manifest entries) a first view without hints imports lazily; ``--check`` exits 1
when that list is no longer what a first view imports
(``tests/e2e/test_first_view_browser.py`` checks the same).
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import statistics
import sys
import tempfile
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bench import config
from bench.browser import launch, message_types, open_session, wait_drawn
from bench.data import DATA_ENV, write_data_dir
from bench.server import streamlit_server
from web.firstview import CHUNKS_FILE, MARK, PLAIN_HEADER, named_in_index, streamlit_static_dir

COMPONENT_PAGE = re.compile(r"^/component/[^/]+/index\.html$")
EMPTY_NODELAY_SCRIPT = "bench/empty_nodelay.py"
HINT_LINE = re.compile(rf"^.*{MARK}.*\n", re.MULTILINE)
VARIANTS = ("served", "stripped")


def strip_hints(html: str) -> str:
    """Return ``index.html`` without the lines ``web/firstview.py`` added."""
    return HINT_LINE.sub("", html)


def request_kind(path: str, boot: set[str], hinted: set[str]) -> str:
    """Classify a request path for the timeline (see the module docstring)."""
    if path.startswith("/_stcore/"):
        return "stcore"
    if COMPONENT_PAGE.match(path):
        return "iframe"
    if path.startswith("/component/"):
        return "component"
    if path.startswith("/app/static/"):
        return "app_static"
    rel = path.lstrip("/")
    if rel.startswith(("static/js/", "static/css/")):
        return "boot" if rel in boot else "hinted" if rel in hinted else "lazy"
    if path in ("", "/"):
        return "document"
    return "other"


class Clock:
    """Collects CDP network events with their monotonic timestamps (seconds)."""

    def __init__(self) -> None:
        self.requests: dict[str, dict] = {}
        self.frames: list[tuple[float, str, list[str]]] = []
        self.document: dict | None = None

    def attach(self, cdp: Any) -> None:
        """Subscribe to Network events (enable the domain afterwards)."""
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _request(self, p: dict) -> None:
        self.requests.setdefault(p["requestId"], {"url": p["request"]["url"], "start": p["timestamp"], "end": None})
        if self.document is None and p.get("type") == "Document":
            self.document = {"ts": p["timestamp"], "wall": p["wallTime"]}

    def _finished(self, p: dict) -> None:
        req = self.requests.get(p["requestId"])
        if req is not None:
            req["end"] = p["timestamp"]

    def _frame(self, p: dict) -> None:
        resp = p["response"]
        if resp.get("opcode") == 2:
            kind, types = message_types(base64.b64decode(resp.get("payloadData", "")))
            self.frames.append((float(p["timestamp"]), kind, types))


def one_view(
    browser: Any, url: str, index_html: str, expect: dict[str, int], deadline_s: float, strip: bool, variant: str = ""
) -> dict:
    """Take one fresh-context first view of ``url``; return its events (ms since navigation start)."""
    session = open_session(browser)
    clock = Clock()
    cdp = session.context.new_cdp_session(session.page)
    clock.attach(cdp)
    cdp.send("Network.enable", {"maxTotalBufferSize": 0, "maxResourceBufferSize": 0})
    if strip:
        session.page.set_extra_http_headers({PLAIN_HEADER.decode(): "off"})
    try:
        session.page.goto(url, wait_until="commit", timeout=deadline_s * 1000)
        drawn = wait_drawn(session.page, expect, deadline_s)
        time_origin = session.page.evaluate("performance.timeOrigin")
    finally:
        session.context.close()
    if clock.document is None:
        raise RuntimeError("no document request recorded")
    doc = clock.document
    offset_ms = doc["wall"] * 1000.0 - time_origin  # navigation start -> document request

    def rel(ts: float | None) -> float | None:
        return None if ts is None else round((ts - doc["ts"]) * 1000.0 + offset_ms, 1)

    boot = named_in_index(strip_hints(index_html))
    hinted = set() if strip else named_in_index(index_html) - boot
    requests = []
    for req in clock.requests.values():
        path = urlparse(req["url"]).path
        if urlparse(req["url"]).scheme not in ("http", "https"):
            continue  # data: URLs (icons inlined by Leaflet)
        requests.append({"path": path, "kind": request_kind(path, boot, hinted), "start_ms": rel(req["start"]),
                         "end_ms": rel(req["end"])})  # fmt: skip
    requests.sort(key=lambda r: r["start_ms"])
    elements: dict[str, float] = {}
    first_msg = finished = None
    for ts, kind, types in clock.frames:
        first_msg = first_msg if first_msg is not None else rel(ts)
        if kind == "script_finished" and finished is None:
            finished = rel(ts)
        for t in types:
            elements.setdefault(t, rel(ts))
    return {
        "variant": variant or ("stripped" if strip else "served"),
        "requests": requests,
        "ws_first_message_ms": first_msg,
        "element_first_ms": elements,
        "script_finished_ms": finished,
        "iframe_in_page_ms": drawn.get("iframe_ms"),
        "leaflet_ms": drawn.get("leaflet_ms"),
        "first_polygon_ms": drawn.get("first_polygon_ms"),
        "drawn_ms": drawn["t_ms"],
    }


def floor_view(browser: Any, url: str) -> float:
    """Return the empty script's first view: navigation to its button, in ms."""
    session = open_session(browser)
    try:
        session.page.goto(url, wait_until="commit", timeout=60_000)
        session.page.get_by_role("button", name=config.EMPTY_BUTTON).wait_for(timeout=60_000)
        return session.page.evaluate("performance.now()")
    finally:
        session.context.close()


def phases(view: dict) -> dict[str, float | None]:
    """Return a view's milestones (ms) and counts: what the README's table reports."""
    reqs = view["requests"]

    def of(kind: str) -> list[dict]:
        return [r for r in reqs if r["kind"] == kind]

    def latest_end(kind: str) -> float | None:
        ends = [r["end_ms"] for r in of(kind) if r["end_ms"] is not None]
        return max(ends) if ends else None

    def earliest_start(kind: str) -> float | None:
        starts = [r["start_ms"] for r in of(kind)]
        return min(starts) if starts else None

    return {
        "requests": len(reqs),
        "boot_files": len(of("boot")),
        "boot_done_ms": latest_end("boot"),
        "hinted_chunks": len(of("hinted")),
        "hinted_done_ms": latest_end("hinted"),
        "ws_first_message_ms": view["ws_first_message_ms"],
        "map_element_ms": view["element_first_ms"].get("component_instance"),
        "script_finished_ms": view.get("script_finished_ms"),
        "lazy_chunks": len(of("lazy")),
        "lazy_first_ms": earliest_start("lazy"),
        "lazy_done_ms": latest_end("lazy"),
        "iframe_requested_ms": earliest_start("iframe"),
        "component_js_done_ms": latest_end("component"),
        "leaflet_ms": view["leaflet_ms"],
        "first_polygon_ms": view["first_polygon_ms"],
        "drawn_ms": view["drawn_ms"],
    }


def format_view(view: dict) -> str:
    """Return one view's timeline as text: every request (start, duration) and the milestones, in time order."""
    rows: list[tuple[float, str, float | None]] = [
        (r["start_ms"], f"{r['kind']:<10} {r['path']}", r["end_ms"]) for r in view["requests"]
    ]
    rows += [(t, f"{'ws':<10} first {name}", None) for name, t in view["element_first_ms"].items()]
    marks = {
        "websocket: first message": view["ws_first_message_ms"],
        "websocket: script_finished": view.get("script_finished_ms"),
        "iframe in the page": view["iframe_in_page_ms"],
        "Leaflet exists": view["leaflet_ms"],
        "FIRST POLYGON DRAWN": view["first_polygon_ms"],
        "everything drawn": view["drawn_ms"],
    }
    rows += [(t, f"{'---':<10} {name}", None) for name, t in marks.items() if t is not None]
    rows.sort(key=lambda r: r[0])
    lines = [f"one first view ({view['variant']}), ms since navigation start:"]
    for start, label, end in rows:
        took = f"  ({end - start:.0f} ms)" if end is not None else ""
        lines.append(f"{start:8.0f}  {label}{took}")
    return "\n".join(lines)


def summarize(views: list[dict]) -> dict[str, float | None]:
    """Return the median of every phase over ``views``."""
    per_view = [phases(v) for v in views]
    out: dict[str, float | None] = {}
    for key in per_view[0]:
        values = [p[key] for p in per_view if p[key] is not None]
        out[key] = statistics.median(values) if values else None
    return out


def paired_differences(views: list[dict], key: str = "drawn_ms") -> dict[str, list[float]]:
    """Return, for every variant after the first, its ``key`` minus the first variant's in the same round."""
    rounds: dict[int, dict[str, float]] = {}
    for v in views:
        rounds.setdefault(v["round"], {})[v["variant"]] = v[key]
    names = list(dict.fromkeys(v["variant"] for v in views))
    out: dict[str, list[float]] = {n: [] for n in names[1:]}
    for r in rounds.values():
        for n in names[1:]:
            if names[0] in r and n in r and r[n] is not None and r[names[0]] is not None:
                out[n].append(r[n] - r[names[0]])
    return out


def format_differences(views: list[dict]) -> str:
    """Return each variant's time to first polygon and to drawn against the first variant's, round by round."""
    names = list(dict.fromkeys(v["variant"] for v in views))
    lines = []
    for key in ("first_polygon_ms", "drawn_ms"):
        for name, diffs in paired_differences(views, key).items():
            if diffs:
                lines.append(
                    f"  {key} {name} - {names[0]}, same round: median {statistics.median(diffs):+.0f} ms "
                    f"({min(diffs):+.0f}..{max(diffs):+.0f}, n={len(diffs)})"
                )
    return "\n".join(lines)


def format_summaries(summaries: dict[str, dict], floors_ms: dict[str, float | None]) -> str:
    """Return each variant's phase medians side by side, and the first polygon beyond each floor."""
    names = list(summaries)
    lines = [f"medians (ms since navigation start){'':<4}" + "".join(f"{n:>12}" for n in names)]
    for key in summaries[names[0]]:
        cells = "".join(f"{'—' if summaries[n][key] is None else f'{summaries[n][key]:.0f}':>12}" for n in names)
        lines.append(f"  {key:<36}{cells}")
    for floor, floor_ms in floors_ms.items():
        lines.append(f"  {'empty script first view, ' + floor:<36}{'—' if floor_ms is None else f'{floor_ms:.0f}':>12}")
    for floor, floor_ms in floors_ms.items():
        for n in names:
            drawn = summaries[n]["first_polygon_ms"]
            if drawn is not None and floor_ms is not None:
                lines.append(f"  first polygon beyond the {floor} floor ({n}): {drawn - floor_ms:.0f} ms")
    return "\n".join(lines)


def lazy_entries(views: list[dict], manifest: dict[str, dict]) -> list[str]:
    """Return the manifest's dynamic entries among the lazily requested chunks of ``views`` (sorted)."""
    by_file = {item["file"]: key for key, item in manifest.items() if item.get("isDynamicEntry")}
    found = set()
    for view in views:
        for req in view["requests"]:
            key = by_file.get(req["path"].lstrip("/"))
            if req["kind"] == "lazy" and key:
                found.add(key)
    return sorted(found)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.timeline", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds of first views (default 3)")
    parser.add_argument("--points", type=int, default=1000, help="synthetic enterprises (default 1000)")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=["served"], help="alternated each round")
    parser.add_argument(
        "--also", nargs="+", default=[], metavar="SCRIPT", help="other app scripts (repo root), in the same rounds"
    )
    parser.add_argument("--out", type=Path, help="write every view as JSON")
    parser.add_argument("--record", action="store_true", help=f"write {CHUNKS_FILE.name} from views without hints")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when {CHUNKS_FILE.name} is out of date")
    return parser.parse_args(argv)


def measure(args: argparse.Namespace, variants: list[str]) -> tuple[list[str], list[dict], dict[str, list[float]]]:
    """Start the servers and take the rounds of first views; return the variants, the views and the floors (ms)."""
    from playwright.sync_api import sync_playwright

    from bench.measure import expected_features
    from bench.run import _app_has_points

    expect = expected_features(args.points, _app_has_points())
    deadline = config.view_deadline_s(args.points)
    views: list[dict] = []
    floors: dict[str, list[float]] = {"stock": [], "no-delay": []}
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-data-")))
        env = {**config.SERVER_ENV, DATA_ENV: str(write_data_dir(scratch, args.points))}  # as bench.measure does
        servers = {"app": stack.enter_context(streamlit_server(config.APP_SCRIPT, env))}
        for script in args.also:
            servers[script] = stack.enter_context(streamlit_server(script, env))
            variants = [*variants, script]
        empties = {
            "stock": stack.enter_context(streamlit_server(config.EMPTY_SCRIPT, {})),
            "no-delay": stack.enter_context(streamlit_server(EMPTY_NODELAY_SCRIPT, {})),
        }
        pw = stack.enter_context(sync_playwright())
        pages = {}
        for name, server in servers.items():
            with urllib.request.urlopen(server.url + "/", timeout=30) as resp:
                pages[name] = (server.url + config.APP_PATH, resp.read().decode("utf-8"))
        browser = launch(pw)
        stack.callback(browser.close)

        def view(variant: str) -> dict:
            url, html = pages[variant if variant in servers else "app"]
            return one_view(browser, url, html, expect, deadline, strip=variant == "stripped", variant=variant)

        for variant in variants:
            view(variant)  # cold: server caches, not measured
        for empty in empties.values():
            floor_view(browser, empty.url)
        for i in range(args.runs):
            for name, empty in empties.items():
                floors[name].append(floor_view(browser, empty.url))
            for variant in variants if i % 2 == 0 else list(reversed(variants)):
                views.append({**view(variant), "round": i})
    return variants, views, floors


def main(argv: list[str] | None = None) -> int:
    """Run the timeline; return the exit status."""
    args = parse_args(argv)
    variants, views, floors = measure(args, ["stripped"] if args.record or args.check else args.variants)
    if args.record or args.check:
        return _record_or_check(views, args.record)
    summaries = {v: summarize([x for x in views if x["variant"] == v]) for v in variants}
    first = sorted((x for x in views if x["variant"] == variants[0]), key=lambda x: x["drawn_ms"])
    print(format_view(first[len(first) // 2]))
    print()
    print(format_summaries(summaries, {k: statistics.median(v) if v else None for k, v in floors.items()}))
    print(format_differences(views))
    if args.out:
        payload = {"summaries": summaries, "floors_ms": floors, "views": views}
        args.out.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    return 0


def _record_or_check(views: list[dict], record: bool) -> int:
    import streamlit

    manifest = json.loads((streamlit_static_dir() / "manifest.json").read_text(encoding="utf-8"))
    entries = lazy_entries(views, manifest)
    if record:
        doc = {
            "about": "Build-manifest entries of the widget chunks the map page's first view imports "
            "(written by `python -m bench.timeline --record`; preloaded by web/firstview.py).",
            "streamlit": streamlit.__version__,
            "page": config.APP_PATH,
            "entries": entries,
        }
        CHUNKS_FILE.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {len(entries)} entries to {CHUNKS_FILE}")
        return 0
    recorded = json.loads(CHUNKS_FILE.read_text(encoding="utf-8"))["entries"] if CHUNKS_FILE.is_file() else []
    if entries == recorded:
        print(f"{CHUNKS_FILE.name} is up to date ({len(entries)} entries)")
        return 0
    print(f"{CHUNKS_FILE.name} is out of date: first view imports {sorted(set(entries) - set(recorded))} more, "
          f"{sorted(set(recorded) - set(entries))} no longer; run `python -m bench.timeline --record`")  # fmt: skip
    return 1


if __name__ == "__main__":
    sys.exit(main())
