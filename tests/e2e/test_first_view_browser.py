"""The first view's preload hints (web/firstview.py) are exactly the widget chunks the map page imports."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlparse

from bench.config import APP_PATH
from tests.e2e.conftest import map_frame, wait_for_app
from web.firstview import MARK, PLAIN_HEADER, named_in_index, recorded_entries, streamlit_static_dir


def _first_view_js(offline, url: str, hints: bool) -> list[str]:
    """Open ``url`` in a fresh context; return the Streamlit JS files it requested (``static/js/...``)."""
    ctx = offline()
    if not hints:
        ctx.context.set_extra_http_headers({PLAIN_HEADER.decode(): "off"})
    page = ctx.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(urlparse(r.url).path.lstrip("/")))
    page.goto(url)
    wait_for_app(page)
    map_frame(page)
    page.wait_for_load_state("networkidle")
    return [p for p in requested if p.startswith("static/js/")]


def test_hints_name_every_chunk_the_map_page_imports_and_no_other(points_app_url: str, offline) -> None:
    with urllib.request.urlopen(points_app_url + "/", timeout=30) as resp:
        served = resp.read().decode("utf-8")
    plain_request = urllib.request.Request(points_app_url + "/", headers={PLAIN_HEADER.decode(): "off"})
    with urllib.request.urlopen(plain_request, timeout=30) as resp:
        plain = resp.read().decode("utf-8")
    assert MARK in served and MARK not in plain
    url = points_app_url + APP_PATH

    # as served, the first view imports nothing the page did not name up front
    named = named_in_index(served)
    assert [p for p in _first_view_js(offline, url, hints=True) if p not in named] == []

    # without the hints, the widget chunks it imports lazily are the recorded ones (else: python -m bench.timeline
    # --record), so no hint is a wasted download either
    manifest = json.loads((streamlit_static_dir() / "manifest.json").read_text(encoding="utf-8"))
    entry_of = {item["file"]: key for key, item in manifest.items() if item.get("isDynamicEntry")}
    lazy = {entry_of.get(p) for p in _first_view_js(offline, url, hints=False) if p not in named_in_index(plain)}
    assert sorted(lazy - {None}) == recorded_entries()
