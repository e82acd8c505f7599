"""Issue 17 in Chromium: two app processes behind HAProxy (web.cluster), on a private data copy.

- downloads (PDF brief, CSV export, offline map) work through the balancer because the
  SRV cookie brings the browser back to the process that made them; the same
  download URL asked of the other process is a 404, so stickiness is what
  makes them work;
- an import into the shared data folder is on the other process's next run,
  within 5 s;
- a process killed with SIGKILL leaves rotation; its browser reconnects to
  the other one and its view comes back from the URL, with the import intact.

Tests run in file order on one cluster; the kill comes last.
"""

from __future__ import annotations

import re
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from bench.browser import LOCAL_HOSTS
from tests.e2e.conftest import map_frame, wait_for_app, wait_for_view_recorded
from web.cluster import Cluster, wait_until

NAME = "重庆测试材料有限公司"  # row 2 of the plain list: 江津区 鼎山街道
JIANGJIN = "/?area=jiangjin&lang=en"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    from geo.catalog import DATA_DIR

    data = tmp_path_factory.mktemp("cluster") / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("history"))
    env = {"CQ_DASH_BASEMAP": "none"}
    run_dir = tmp_path_factory.mktemp("cluster-run")
    with Cluster(processes=2, port=0, run_dir=run_dir, data_dir=data, env=env, bind="127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def imported(cluster: Cluster) -> float:
    """Import the plain GBK enterprise list into the cluster's shared data folder; return when it finished."""
    from geo.ingest import ingest
    from tests.unit.test_ingest import CORPUS

    raw = (CORPUS / "good" / "enterprises_plain_gbk.csv").read_bytes()
    ingest("enterprises", raw, "江津企业名单.csv", Path(cluster.env["CQ_DASH_DATA_DIR"]), imported_by="cluster test")
    return time.monotonic()


def _server_index(context) -> int:
    """Which app process the browser is stuck to: its SRV cookie, ``app1`` → 0."""
    (srv,) = [c["value"] for c in context.cookies() if c["name"] == "SRV"]
    return int(srv.removeprefix("app")) - 1


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _open_jiangjin(page, url: str) -> None:
    page.goto(url + JIANGJIN)
    wait_for_app(page)
    expect(page.locator(".st-key-area_panel h3")).to_have_text("Jiangjin District", timeout=60_000)
    map_frame(page)
    wait_for_view_recorded(page)  # the map's first report reruns the script: a click during it could be lost


def _tab(page, name: str):
    return page.locator(".st-key-area_panel").get_by_role("tab", name=re.compile(rf"^{name} \(\d+\)$"))


def _open_tab(page, name: str) -> None:
    """Open a panel tab (its label is ``name (count)``) and wait until it is selected."""
    tab = _tab(page, name)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true", timeout=30_000)


def test_downloads_work_through_the_balancer_and_only_on_their_own_process(cluster: Cluster, offline) -> None:
    ctx = offline(accept_downloads=True)
    page = ctx.new_page()
    media: list[tuple[int, str]] = []
    page.on("response", lambda r: media.append((r.status, r.url)) if "/media/" in r.url else None)
    _open_jiangjin(page, cluster.url)
    mine = _server_index(ctx.context)

    page.get_by_role("button", name="Export").click()
    page.get_by_role("button", name="Make the one-page brief (PDF)").click()
    pdf_button = page.get_by_role("button", name="Download the one-page brief (PDF)")
    expect(pdf_button).to_be_visible(timeout=60_000)
    with page.expect_download(timeout=60_000) as pdf_info:
        pdf_button.click()
    assert pdf_info.value.path().read_bytes()[:5] == b"%PDF-"
    with page.expect_download(timeout=60_000) as csv_info:
        page.get_by_role("button", name="Targets and results (CSV)").click()
    csv_text = csv_info.value.path().read_bytes().decode("utf-8-sig")
    assert csv_text.startswith("id,area,") and "jiangjin" in csv_text
    assert csv_info.value.suggested_filename.endswith(".csv")
    page.keyboard.press("Escape")

    page.get_by_text("Share this view").click()
    with page.expect_download(timeout=60_000) as map_info:
        page.get_by_role("button", name="Download offline map (HTML)").click()
    html = map_info.value.path().read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "L.map(" in html

    assert _server_index(ctx.context) == mine, "the browser changed process between page and downloads"
    urls = [pdf_info.value.url, csv_info.value.url, map_info.value.url]
    assert all(urlparse(u).path.startswith("/media/") for u in urls), urls
    assert [s for s, u in media if u in urls] and all(s == 200 for s, u in media if u in urls)
    # The files live in the memory of the process that made them: its own port serves them,
    # the other process's port does not know them.
    other = 1 - mine
    for url in urls:
        path = urlparse(url).path
        assert _status(cluster.app_urls[mine] + path) == 200
        assert _status(cluster.app_urls[other] + path) == 404
    assert ctx.blocked == []


def test_an_import_is_on_the_other_process_at_its_next_run(cluster: Cluster, offline, request) -> None:
    """A session on each process's own port: neither lists the enterprise; after the import, a new page does.

    The import writes the shared data folder (as the admin page or ``python -m
    geo.ingest`` on any app host would); each process compares the folder's
    version at the start of every full run of the script (a page load, a click
    on the map; the panel's tab switches rerun only the panel and do not look).
    The Enterprises tab's label carries the count, so the new data show as a
    new label.
    """
    ctx = offline()
    pages, before = [], []
    for url in cluster.app_urls:
        page = ctx.new_page()
        _open_jiangjin(page, url)
        _open_tab(page, "Enterprises")
        wait_for_app(page)
        expect(page.locator(".st-key-area_panel")).not_to_contain_text(NAME)
        before.append(_tab(page, "Enterprises").inner_text())
        pages.append(page)

    request.getfixturevalue("imported")
    for page, url, label in zip(pages, cluster.app_urls, before, strict=True):
        start = time.monotonic()
        page.goto(url + JIANGJIN)  # process 1 stands for the importer's, process 2 for the other one
        wait_for_app(page)  # the first run after the import has finished: no stale run in between
        expect(_tab(page, "Enterprises")).not_to_have_text(label, timeout=1)
        shown_after = time.monotonic() - start  # page load + this process reloading the data after the import
        print(f"{url}: the first page after the import shows the new data, complete after {shown_after:.2f} s")
        assert shown_after < 30.0  # a deadline for a loaded 2-core machine; the claim is "the first run"
        _open_tab(page, "Enterprises")
        expect(page.locator(".st-key-area_panel")).to_contain_text(NAME, timeout=30_000)
    assert ctx.blocked == []


def test_a_killed_process_leaves_rotation_and_its_browser_gets_its_view_back(
    cluster: Cluster, browser, imported: float
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    blocked: list[str] = []

    def route(route) -> None:
        if (urlparse(route.request.url).hostname or "") in LOCAL_HOSTS or route.request.url.startswith("data:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    try:
        page = context.new_page()
        _open_jiangjin(page, cluster.url)
        victim = _server_index(context)
        cluster.kill(victim)
        killed = time.monotonic()

        wait_until(lambda: cluster.backend_states()[f"app{victim + 1}"] == "DOWN", 10, "HAProxy marks it DOWN")
        down_after = time.monotonic() - killed
        assert down_after < 5.0
        assert cluster.backend_states()[f"app{2 - victim}"] == "UP"

        # The frontend notices the lost WebSocket, reconnects through HAProxy (the cookie names a dead
        # server: redispatched, and a new cookie is set), and the new session reruns the page from its URL.
        wait_until(lambda: _server_index(context) == 1 - victim, 60, "the browser is stuck to the other process")
        wait_for_app(page)
        expect(page.locator(".st-key-area_panel h3")).to_have_text("Jiangjin District", timeout=60_000)
        back_after = time.monotonic() - killed
        print(f"app{victim + 1} killed: DOWN after {down_after:.1f} s, view back after {back_after:.1f} s")
        _open_tab(page, "Enterprises")
        expect(page.locator(".st-key-area_panel")).to_contain_text(NAME, timeout=30_000)  # zero lost imports
        assert page.locator("[data-testid='stException']").count() == 0
        assert blocked == []
    finally:
        context.close()
