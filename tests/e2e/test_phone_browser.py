"""Issue 9 in Chromium at a phone's size: a shared link opens, nothing scrolls sideways, tap and pan work."""

from __future__ import annotations

import base64
import io
from urllib.parse import parse_qs, urlparse

import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from bench.browser import CLICK_TARGET_JS
from tests.e2e.conftest import card_overflow, map_frame, wait_for_app, wait_for_view_recorded

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
JIJIANG = (29.28993, 106.25001)  # 几江街道, the seat of 江津区
# Runs in the map iframe: whether the drawn area of that id lies wholly in the map's view.
IN_VIEW_JS = """((id) => { let box = null;
  window.map.eachLayer((l) => { if (l.feature && l.feature.properties.id === id && l.getBounds) box = l.getBounds(); });
  return box !== null && window.map.getBounds().contains(box); })"""


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def shared_link(app_url: str, offline) -> str:
    """Take the link from the desktop share box, as a presenter would show it."""
    desk = offline().new_page()
    desk.goto(f"{app_url}/?area=longsheng&layers=districts,liangjiang&center=29.45,106.45&zoom=8")
    wait_for_app(desk)
    map_frame(desk)
    wait_for_view_recorded(desk)  # the map's first report of its view is a rerun that redraws the share box
    desk.locator("[data-testid='stSidebar'] summary").filter(has_text="分享此视图").click()
    link = desk.locator(".cq-share-link input").input_value()
    # the QR code on screen is that same link: the image shown (loaded, not broken) decodes to it.
    # Decoded from the image's own bytes: a screenshot taken while the expander opens may be unreadable.
    qr = desk.locator("[data-testid='stSidebar'] [data-testid='stImage'] img")
    expect(qr).to_be_visible()
    expect(qr).to_have_js_property("complete", True)
    assert qr.evaluate("img => img.naturalWidth") > 0
    png = base64.b64decode(qr.get_attribute("src").removeprefix("data:image/png;base64,"), validate=True)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [d.text for d in decoded] == [link]
    # the link carries the view as opened (to Leaflet's pixel), never the map's default view in between
    query = parse_qs(urlparse(link).query)
    lat, lon = (float(v) for v in query["center"][0].split(","))
    assert abs(lat - 29.45) < 0.01 and abs(lon - 106.45) < 0.01 and query["zoom"] == ["8"]
    return link


def test_a_shared_link_on_a_phone_fits_the_screen_and_tap_selects(app_url, offline) -> None:
    link = shared_link(app_url, offline)
    phone = offline(**PHONE).new_page()
    phone.goto(link)
    wait_for_app(phone)
    map_frame(phone)

    # the shared area, framed for the small screen, and its name on the first screen; the sidebar folded away
    expect(phone.locator(".st-key-area_panel h3")).to_have_text("龙盛现代新城")
    expect(phone.locator("[data-testid='stSidebar']")).to_have_attribute("data-collapsed", "true")
    assert no_sideways_scroll(phone)
    inner = phone.locator(IFRAME).element_handle().content_frame()
    inner.wait_for_function(f"() => window.map.getZoom() >= 10 && {IN_VIEW_JS}('longsheng')", timeout=30_000)
    title = phone.locator(".st-key-map_title")
    expect(title).to_contain_text("龙盛现代新城")
    assert title.bounding_box()["y"] + title.bounding_box()["height"] <= 844  # above the fold
    legend = phone.locator("[data-testid='stExpander']").filter(has_text="图例")
    expect(legend.locator("details")).not_to_have_attribute("open", "")  # the legend starts folded

    # the map comes first, fills the width, and leaves the panel within reach below it
    box = phone.locator(IFRAME).bounding_box()
    panel = phone.locator(".st-key-area_panel").bounding_box()
    assert box["width"] >= 330 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert 250 <= box["height"] <= 0.7 * 844
    assert panel["y"] >= box["y"] + box["height"]

    # a tap selects, as a click does
    phone.locator(IFRAME).scroll_into_view_if_needed()
    inner.evaluate(f"() => window.map.setView([{JIJIANG[0]}, {JIJIANG[1]}], 9, {{animate: false}})")
    wait_for_app(phone)
    found = inner.evaluate(CLICK_TARGET_JS, [*JIJIANG, "jiangjin"])
    assert found is not None, "江津区 is not on the phone's map"
    box = phone.locator(IFRAME).bounding_box()
    phone.touchscreen.tap(box["x"] + found[0], box["y"] + found[1])
    expect(phone.locator(".st-key-area_panel h3")).to_have_text("江津区", timeout=30_000)
    assert parse_qs(urlparse(phone.url).query)["area"] == ["jiangjin"]
    phone.locator(".st-key-area_panel").scroll_into_view_if_needed()
    assert no_sideways_scroll(phone)
    # its targets are cards that fit the phone's width: nothing in them scrolls sideways or is cut off
    cards = phone.locator("[class*='st-key-card_target_']")
    expect(cards).to_have_count(21, timeout=30_000)
    wait_for_app(phone)
    cards.first.scroll_into_view_if_needed()
    assert card_overflow(phone) == []
    assert no_sideways_scroll(phone)
    box = cards.first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390

    # a one-finger drag pans the map
    phone.locator(IFRAME).scroll_into_view_if_needed()
    box = phone.locator(IFRAME).bounding_box()
    before = inner.evaluate("() => window.map.getCenter()")
    cdp = phone.context.new_cdp_session(phone)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x - 12 * step, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    inner.wait_for_function(f"() => Math.abs(window.map.getCenter().lng - {before['lng']}) > 0.05")


def test_every_page_fits_a_phone(app_url, offline) -> None:
    phone = offline(**PHONE).new_page()
    for path in ("indicators", "enterprises", "seismic", "sources"):
        phone.goto(f"{app_url}/{path}?area=jiangjin")
        wait_for_app(phone)
        phone.locator("[data-testid='stMain'] [data-testid='stHeading']").first.wait_for()
        assert no_sideways_scroll(phone), path
        # charts are no wider than the screen
        for chart in phone.locator("[data-testid='stVegaLiteChart'] svg, [data-testid='stVegaLiteChart'] canvas").all():
            box = chart.bounding_box()
            assert box is None or box["x"] + box["width"] <= 390 + 1, path
