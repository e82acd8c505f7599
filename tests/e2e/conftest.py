"""Real-browser harness: the app on a free port, Debian's Chromium, outside traffic blocked.

Waiting follows Streamlit's own e2e harness: poll ``/_stcore/health`` while
the server starts, then wait on ``data-test-script-state`` in the page. No
fixed sleeps: each wait is on a condition with a deadline.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

# One harness for the browser tests and the benchmark: same server start, Chromium flags and health polling.
from bench.browser import CHROMIUM as BENCH_CHROMIUM
from bench.browser import CHROMIUM_ARGS, LOCAL_HOSTS
from bench.server import streamlit_server
from tests.conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM", BENCH_CHROMIUM)
SCREENSHOTS = ROOT / "test-results"


def _serve(tmp_path_factory: pytest.TempPathFactory, **extra_env: str) -> Iterator[str]:
    """Start the app on a free port, as the benchmark does (log in a file, never a full pipe); yield its URL."""
    # A fake Tianditu key makes that basemap available; its tiles are blocked like every outside request.
    env = {"CQ_DASH_BASEMAP": "none", "TIANDITU_KEY": "e2e-test-key", **extra_env}
    with streamlit_server("serve.py", env, log=tmp_path_factory.mktemp("server") / "streamlit.log") as server:
        yield server.url


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with its real data, for the whole session."""
    yield from _serve(tmp_path_factory)


POINTS = 5000


@pytest.fixture(scope="session")
def points_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a data copy with 5,000 synthetic enterprises imported with coordinates (data/ has none)."""
    from bench.data import write_data_dir

    data = write_data_dir(tmp_path_factory.mktemp("points"), POINTS)
    yield from _serve(tmp_path_factory, CQ_DASH_DATA_DIR=str(data))


@pytest.fixture(scope="session")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The app on a data copy whose names are attack strings; yields its URL and ``{id: name}``."""
    from tests.fixtures.hostile import make_hostile_data

    data = tmp_path_factory.mktemp("hostile") / "data"
    names = make_hostile_data(data)
    for url in _serve(tmp_path_factory, CQ_DASH_DATA_DIR=str(data)):
        yield url, names


ADMIN_PASSWORD = "e2e-admin-pass"


@pytest.fixture(scope="session")
def admin_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app with an admin password, on its own copy of the data; yields its URL and data folder."""
    import shutil

    from geo.catalog import DATA_DIR

    data = tmp_path_factory.mktemp("admin") / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("history"))
    for url in _serve(tmp_path_factory, CQ_DASH_DATA_DIR=str(data), CQ_DASH_ADMIN_PASSWORD=ADMIN_PASSWORD):
        yield url, data


@pytest.fixture(scope="session")
def lockout_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app with an admin password of its own, for tests that lock its sign-in (no other test uses it)."""
    import shutil

    from geo.catalog import DATA_DIR

    data = tmp_path_factory.mktemp("lockout") / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("history"))
    yield from _serve(tmp_path_factory, CQ_DASH_DATA_DIR=str(data), CQ_DASH_ADMIN_PASSWORD=ADMIN_PASSWORD)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by the PyPI playwright package (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./dev test, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Opened at a page URL such as /admin, Streamlit's frontend looks for its server
# under /admin/_stcore/ first and falls back to /_stcore/: those 404s are its probe.
_BASE_PATH_PROBE = re.compile(r"^/[^?]+/_stcore/(health|host-config)$")


def _failed(response) -> bool:
    """Whether the app answered with an error status (Streamlit's base-path probe aside)."""
    return response.status >= 400 and not _BASE_PATH_PROBE.match(urlparse(response.url).path)


@dataclass
class Offline:
    """A fresh browser context in which every non-local request is aborted and recorded.

    ``failed`` collects the app's own responses with an error status (e.g. a
    media file deleted by a rerun before the browser fetched it).
    """

    context: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def new_page(self):
        return self.context.new_page()


@pytest.fixture
def offline(browser) -> Iterator:
    """Factory of isolated offline contexts (each like a new browser profile)."""
    made: list[Offline] = []

    def make(**options: object) -> Offline:
        """Open a context; ``options`` go to ``new_context`` (e.g. a phone's viewport and touch)."""
        context = browser.new_context(**{"viewport": {"width": 1400, "height": 900}, "locale": "zh-CN", **options})
        ctx = Offline(context)

        def route(route) -> None:
            url = route.request.url
            host = urlparse(url).hostname or ""
            if url.startswith(("data:", "blob:", "about:", "file:")) or host in LOCAL_HOSTS:
                route.continue_()
            else:
                ctx.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        context.on("weberror", lambda err: ctx.errors.append(str(err.error)))
        context.on("response", lambda r: ctx.failed.append(f"{r.status} {r.url}") if _failed(r) else None)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.context.close()
    assert [e for ctx in made for e in ctx.errors] == [], "uncaught errors in the page"
    assert [f for ctx in made for f in ctx.failed] == [], "the app answered a request with an error"


def wait_for_app(page, timeout_ms: int = 60_000) -> None:
    """Wait until the app is connected and the script has finished running."""
    page.wait_for_selector("[data-test-connection-state='CONNECTED']", state="attached", timeout=timeout_ms)
    page.wait_for_selector("[data-test-script-state='notRunning']", state="attached", timeout=timeout_ms)


VIEW_RECORDED_JS = """() => {
  const iframe = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const map = iframe && iframe.contentWindow && iframe.contentWindow.map;
  const idle = document.querySelector("[data-test-script-state='notRunning']");
  const params = new URL(location.href).searchParams, center = (params.get('center') || '').split(',');
  if (!map || !idle || center.length !== 2) return false;
  const c = map.getCenter();
  return Math.abs(c.lat - Number(center[0])) < 1e-4 && Math.abs(c.lng - Number(center[1])) < 1e-4
    && Number(params.get('zoom')) === map.getZoom();
}"""


def wait_for_view_recorded(page, timeout_ms: int = 30_000) -> None:
    """Wait until the map has stopped moving and the address bar carries the view it shows (WGS-84 maps)."""
    page.wait_for_function(VIEW_RECORDED_JS, timeout=timeout_ms, polling=100)
    wait_for_app(page)


def map_frame(page):
    """Return the st_folium iframe's frame once Leaflet has drawn at least one feature."""
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator("path.leaflet-interactive >> visible=true").first.wait_for(timeout=60_000)
    return frame


def open_page(offline, url: str, **options: object) -> tuple[Offline, Any]:
    """Open ``url`` in a fresh offline context (``options`` as for ``offline``); return both once the app has run."""
    ctx = offline(**options)
    page = ctx.new_page()
    page.goto(url)
    wait_for_app(page)
    return ctx, page


def open_map(offline, url: str, **options: object) -> tuple[Offline, Any, Any]:
    """Like ``open_page``, and wait for the map too; return the context, the page and the map's frame."""
    ctx, page = open_page(offline, url, **options)
    return ctx, page, map_frame(page)


def sign_in(page, url: str, password: str = ADMIN_PASSWORD) -> None:
    """Open the admin page of the app at ``url`` and sign in with ``password`` (the run has finished after)."""
    page.goto(f"{url}/admin")
    wait_for_app(page)
    page.get_by_label("管理员密码").fill(password)
    page.get_by_role("button", name="登录").click()
    wait_for_app(page)


def admin_uploader(page, url: str):
    """Sign in with the test password; return the import page's file input once it is there."""
    sign_in(page, url)
    uploader = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    uploader.wait_for(state="attached", timeout=30_000)
    return uploader


BRIEF_BUTTONS = {
    "zh": ("导出", "生成一页简报(PDF)", "下载一页简报(PDF)"),
    "en": ("Export", "Make the one-page brief (PDF)", "Download the one-page brief (PDF)"),
}


def download_brief(page, lang: str = "zh"):
    """Open the export menu, make the one-page brief, download it; return the download, checked to be a PDF."""
    from playwright.sync_api import expect

    menu, make, download = BRIEF_BUTTONS[lang]
    page.get_by_role("button", name=menu).click()
    page.get_by_role("button", name=make).click()
    button = page.get_by_role("button", name=download)
    expect(button).to_be_visible(timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    assert info.value.path().read_bytes()[:5] == b"%PDF-"
    return info.value


def click_latlon(page, lat: float, lon: float) -> None:
    """Click the map at a WGS-84 latitude/longitude (projected by Leaflet itself)."""
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]')
    iframe.scroll_into_view_if_needed()
    frame = iframe.element_handle().content_frame()
    x, y = frame.evaluate(
        """([lat, lon]) => {
            const map = window.map;
            const p = map.latLngToContainerPoint([lat, lon]);
            const r = map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [lat, lon],
    )
    box = iframe.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def rendered_latlngs(page, area_id: str) -> list[list[float]]:
    """Return the [lat, lng] vertices Leaflet draws for an area (all rings, flattened)."""
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').element_handle().content_frame()
    return frame.evaluate(
        """(areaId) => {
            const out = [];
            const walk = (x) => Array.isArray(x) ? x.forEach(walk) : out.push([x.lat, x.lng]);
            window.map.eachLayer((layer) => {
                if (layer.feature && layer.feature.properties && layer.feature.properties.id === areaId
                    && layer.getLatLngs && !layer.options.interactive === false) { walk(layer.getLatLngs()); }
            });
            return out;
        }""",
        area_id,
    )


@pytest.fixture(scope="session")
def what_if_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a data copy with one hypothetical published result for 两江新区 (tests/fixtures/what_if.py)."""
    from tests.fixtures.what_if import make_what_if_data

    data = make_what_if_data(tmp_path_factory.mktemp("what-if") / "data")
    yield from _serve(tmp_path_factory, CQ_DASH_DATA_DIR=str(data))


# Runs in the page: what of the panel or of its indicator cards would need sideways scrolling or is cut off.
# Returns one entry per problem: the panel or a card that scrolls sideways, an element inside a card that
# clips or scrolls its content, or a line of text that reaches outside its card or outside the panel.
CARD_OVERFLOW_JS = """(selector) => {
  const panel = document.querySelector('.st-key-area_panel');
  const box = panel.getBoundingClientRect();
  const problems = [];
  if (panel.scrollWidth > panel.clientWidth) problems.push(['panel scrolls', panel.scrollWidth, panel.clientWidth]);
  for (const card of panel.querySelectorAll(selector)) {
    const key = [...card.classList].find((c) => c.startsWith('st-key-'));
    const edge = card.getBoundingClientRect();
    if (card.scrollWidth > card.clientWidth) problems.push([key, 'scrolls', card.scrollWidth, card.clientWidth]);
    for (const el of card.querySelectorAll('*')) {
      if (getComputedStyle(el).overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
        problems.push([key, 'clips', el.tagName, el.className, el.scrollWidth, el.clientWidth]);
    }
    const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode;
      if (!text.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      for (const r of range.getClientRects()) {
        if (r.left < Math.max(edge.left, box.left) - 1 || r.right > Math.min(edge.right, box.right) + 1)
          problems.push([key, 'outside', text.textContent, r.left, r.right, edge.left, edge.right]);
      }
    }
  }
  return problems;
}"""


def card_overflow(page, selector: str = "[class*='st-key-card_target_']") -> list:
    """Return what of the panel and of its cards (``selector``) scrolls sideways or reaches outside (none: [])."""
    return page.evaluate(CARD_OVERFLOW_JS, selector)
