"""Issue 6 in Chromium: every page draws offline, navigation keeps the area and language, the seismic map answers."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import click_latlon, download_brief, map_frame, wait_for_app, wait_for_view_recorded

PAGES = {"indicators": "Indicators", "enterprises": "Enterprises", "seismic": "Seismic network", "sources": "Sources"}


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_loads_offline_without_exception(app_url, offline, path: str) -> None:
    ctx = offline()
    page = ctx.new_page()
    page.goto(f"{app_url}/{path}?lang=en")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=PAGES[path]).first).to_be_visible(timeout=30_000)
    if path in ("indicators", "seismic"):  # the enterprise page draws its map once a row is chosen
        map_frame(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert ctx.blocked == []


def test_page_links_keep_area_and_language(app_url, offline) -> None:
    page = offline().new_page()
    page.goto(f"{app_url}/?area=jiangjin&lang=en")
    wait_for_app(page)
    map_frame(page)
    page.locator(".st-key-page_links a").filter(has_text="Seismic network").click()
    page.wait_for_url(re.compile(r"/seismic\?"), timeout=30_000)
    wait_for_app(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["area"] == ["jiangjin"] and query["lang"] == ["en"]
    expect(page.get_by_role("heading", name="Seismic network").first).to_be_visible()
    page.locator(".st-key-page_links a").filter(has_text="Overview map").click()
    page.wait_for_url(re.compile(r"area=jiangjin"), timeout=30_000)
    expect(page.locator(".st-key-area_panel h3")).to_have_text("Jiangjin District", timeout=30_000)


def test_seismic_map_click_reports_the_nearest_station(app_url, offline) -> None:
    page = offline().new_page()
    page.goto(f"{app_url}/seismic")
    wait_for_app(page)
    map_frame(page)
    click_latlon(page, 29.05, 106.05)  # south-west 江津, between 朱杨/石蟆/塘河
    expect(page.get_by_text(re.compile(r"最近的站点:.+一般站,\d+(\.\d)? km"))).to_be_visible(timeout=30_000)


def test_the_pdf_brief_is_printed_with_a_spinner_and_then_downloads(app_url, offline) -> None:
    """The export menu prints the brief in the same run (spinner), then offers the PDF; the menu stays open."""
    ctx = offline(accept_downloads=True)
    page = ctx.new_page()
    page.goto(f"{app_url}/?area=jiangjin&asof=2023&layers=districts")
    wait_for_app(page)
    map_frame(page)
    wait_for_view_recorded(page)  # the map's first report reruns the script: a click during it could be lost
    download_brief(page)
    assert ctx.blocked == []
