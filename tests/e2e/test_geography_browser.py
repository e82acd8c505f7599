"""Issue 13 in Chromium: the map opens on the layers, frames what is chosen, names places, and shows each year."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import click_latlon, open_map, wait_for_view_recorded

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Runs in the map iframe: the bounds Leaflet draws an area with, and the share of the view they take.
FRAMING_JS = """(id) => {
  let box = null;
  window.map.eachLayer((l) => { if (l.feature && l.feature.properties.id === id && l.getBounds) box = l.getBounds(); });
  if (box === null) return null;
  const view = window.map.getBounds();
  const share = Math.max((box.getEast() - box.getWest()) / (view.getEast() - view.getWest()),
                         (box.getNorth() - box.getSouth()) / (view.getNorth() - view.getSouth()));
  return {inView: view.contains(box), share: share, zoom: window.map.getZoom()};
}"""
LABELS_JS = "(cls) => [...document.querySelectorAll('.' + cls + ' span')].map((s) => s.textContent)"
FORMER_YUBEI = (29.72, 106.63)  # near the airport at 两路: 渝北区 until 2025, 两江新区 since


def inner(page):
    return page.locator(IFRAME).element_handle().content_frame()


def test_the_map_opens_on_the_metropolitan_area_with_district_names(app_url, offline) -> None:
    _, page, _ = open_map(offline, app_url)
    frame = inner(page)
    view = frame.evaluate("() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]")
    assert view[0] >= 9 and 28.9 < view[1] < 29.7 and 106.1 < view[2] < 106.7
    frame.wait_for_function(f"() => ({LABELS_JS})('cq-label-districts').includes('两江新区')")
    names = frame.evaluate(LABELS_JS, "cq-label-districts")
    assert {"江津区", "两江新区", "北碚区"} <= set(names) and "渝北区" not in names
    assert frame.evaluate(LABELS_JS, "cq-label-towns") == []  # township names only from zoom 11
    expect(page.locator(".st-key-map_title")).to_contain_text("2026年行政区划(37个区县)")
    # closer in, the township cells and their names appear (fetched only now)
    frame.evaluate("() => window.map.setView([29.35, 106.27], 12, {animate: false})")
    frame.wait_for_function(f"() => ({LABELS_JS})('cq-label-towns').includes('双福街道')", timeout=30_000)
    assert "几江街道" in frame.evaluate(LABELS_JS, "cq-label-towns")


def test_a_link_to_an_area_without_a_view_frames_it(app_url, offline) -> None:
    _, page, _ = open_map(offline, f"{app_url}/?area=longsheng")
    expect(page.locator(".st-key-area_panel h3")).to_have_text("龙盛现代新城")
    frame = inner(page)
    frame.wait_for_function(
        f"() => {{ const f = ({FRAMING_JS})('longsheng'); return f && f.inView && f.share > 0.4; }}"
    )
    framing = frame.evaluate(FRAMING_JS, "longsheng")
    assert framing["zoom"] >= 10
    # the map reports the view it settled on: the address bar (and so the share link) carries it
    wait_for_view_recorded(page)


def test_a_click_in_former_yubei_opens_liangjiang_and_frames_it(app_url, offline) -> None:
    _, page, _ = open_map(offline, f"{app_url}/?layers=districts")
    click_latlon(page, *FORMER_YUBEI)
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('area') === 'liangjiang_district'", timeout=30_000
    )
    expect(page.locator(".st-key-area_panel h3")).to_have_text("两江新区", timeout=30_000)
    expect(page.locator(".st-key-map_title")).to_contain_text("两江新区")
    frame = inner(page)
    frame.wait_for_function(
        f"() => {{ const f = ({FRAMING_JS})('liangjiang_district'); return f && f.inView && f.share > 0.5; }}"
    )


def test_2023_brings_back_jiangbei_and_yubei(app_url, offline) -> None:
    ctx, page, frame = open_map(offline, f"{app_url}/?layers=districts&asof=2023")
    expect(frame.locator("path.leaflet-interactive")).to_have_count(38)
    inner(page).wait_for_function(f"() => ({LABELS_JS})('cq-label-districts').includes('渝北区')")
    click_latlon(page, *FORMER_YUBEI)
    page.wait_for_function("() => new URL(location.href).searchParams.get('area') === 'yubei'", timeout=30_000)
    expect(page.locator(".st-key-area_panel h3")).to_have_text("渝北区", timeout=30_000)
    assert parse_qs(urlparse(page.url).query)["asof"] == ["2023"]
    assert ctx.blocked == []
