"""The dashboard end to end in Chromium, with every outside request blocked."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, click_latlon, map_frame, open_map, wait_for_app

JIJIANG = (29.28993, 106.25001)  # 几江街道 seat in 江津区 (GeoNames)


AREA_TEXT = re.compile(r"3,2\d\d km²")


def panel(page):
    return page.locator(".st-key-area_panel")


def test_offline_map_click_panel_and_shared_link(app_url: str, offline) -> None:
    first, page, frame = open_map(offline, f"{app_url}/?layers=districts")

    # the map draws today's 37 districts and counties, from local assets only
    assert frame.locator("path.leaflet-interactive").count() == 37
    # the sidebar shows the URL's layers as switched on, and only those
    pills = page.locator("[data-testid='stSidebar'] button[aria-pressed]")
    for name, pressed in (("区县边界", "true"), ("产业园区", "false")):
        pill = pills.filter(has_text=name)
        expect(pill).to_have_count(1)  # a rerun in flight may briefly show a stale copy
        expect(pill).to_have_attribute("aria-pressed", pressed)

    click_latlon(page, *JIJIANG)
    page.wait_for_function("() => new URL(location.href).searchParams.get('area') === 'jiangjin'", timeout=30_000)
    expect(panel(page).locator("h3")).to_have_text("江津区", timeout=30_000)
    expect(panel(page)).to_contain_text(AREA_TEXT, timeout=30_000)
    wait_for_app(page)
    area_text = AREA_TEXT.search(panel(page).inner_text()).group(0)
    # its targets (专栏2 and the plan's other 2025/2035 targets) are one tab away
    expect(panel(page).get_by_role("tab", name=re.compile(r"^目标 \(\d+\)$"))).to_be_visible()
    # each target is a card: its full name, baseline → target as printed, status and source
    card = panel(page).locator(".st-key-card_target_jj_s2_01_rd_intensity")
    expect(card).to_contain_text("全社会R&D经费支出占地区GDP比重", timeout=30_000)
    expect(card).to_contain_text(re.compile(r"2020 2\.4\s*\w*\s*预计值\(非实际结果\) → 2025 ≥2\.8 %"))  # 2.4 is 预计
    expect(card).to_contain_text("专栏2")
    # the table view: the same targets in one table, with a status column and a CSV download
    panel(page).locator("[data-testid='stCheckbox']").filter(has_text="表格视图").first.click()
    grid = panel(page).locator("[data-testid='stDataFrame']").first
    expect(grid).to_be_visible(timeout=30_000)
    expect(panel(page).get_by_role("button", name="下载此表(CSV)")).to_be_visible()
    expect(card).to_have_count(0)
    wait_for_app(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map-jiangjin.png"))

    shared = page.url
    assert parse_qs(urlparse(shared).query)["area"] == ["jiangjin"]
    assert first.blocked == []

    # the link opens the same view in a fresh browser profile
    second, other, _ = open_map(offline, shared)
    expect(panel(other).locator("h3")).to_have_text("江津区", timeout=30_000)
    expect(panel(other)).to_contain_text(area_text, timeout=30_000)
    assert second.blocked == []


def test_malformed_link_shows_notice_not_exception(app_url: str, offline) -> None:
    _, page, _ = open_map(offline, f"{app_url}/?area=atlantis&zoom=abc")
    alerts = page.locator("[data-testid='stAlert']")
    expect(alerts.filter(has_text="atlantis")).to_have_count(1)
    expect(alerts.filter(has_text="abc")).to_have_count(1)
    assert page.locator("[data-testid='stException']").count() == 0


def test_layer_pill_toggles_layer_in_map_and_url(app_url: str, offline) -> None:
    ctx, page, frame = open_map(offline, f"{app_url}/?layers=districts")
    expect(frame.locator("path.leaflet-interactive")).to_have_count(37)
    page.locator("[data-testid='stSidebar'] button[aria-pressed]").filter(has_text="科学城与高新区").click()
    page.wait_for_function(
        "() => (new URL(location.href).searchParams.get('layers') || '').split(',').includes('science_city')",
        timeout=30_000,
    )
    wait_for_app(page)
    frame = map_frame(page)
    expect(frame.locator("path.leaflet-interactive")).not_to_have_count(37, timeout=30_000)
    assert ctx.blocked == []
