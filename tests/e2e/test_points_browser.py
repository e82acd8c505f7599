"""Enterprise points in Chromium: grid clusters that account for every point, zoom in on click."""

from __future__ import annotations

from playwright.sync_api import expect

from bench.browser import CLICK_TARGET_JS
from tests.e2e.conftest import map_frame, wait_for_app

# Runs in the map iframe: what the point layer shows, bubble by bubble.
SHOWN_JS = """
() => {
  const layer = Object.values(window.map._layers).find((l) => l.cqPoints);
  let inBubbles = 0, bubbles = 0, dots = 0;
  layer.eachLayer((l) => {
    if (l.options.icon) { bubbles++; inBubbles += Number(l.getElement().textContent); } else { dots++; }
  });
  return {count: layer.cqPoints.count, rendered: layer.cqPoints.rendered, bubbles, inBubbles, dots,
          zoom: window.map.getZoom()};
}
"""


def open_with_points(points_app_url: str, offline) -> tuple:
    """Open the map with districts and the 5,000 points; return the page, the map's frame locator and frame."""
    page = offline().new_page()
    page.goto(f"{points_app_url}/?layers=districts,enterprises&center=29.9,107.75&zoom=7")  # all of Chongqing
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator("[data-points-loaded='5000']").wait_for(state="attached", timeout=60_000)
    return page, frame, page.locator('iframe[title="streamlit_folium.st_folium"]').element_handle().content_frame()


def test_clusters_account_for_every_point_and_zoom_in_when_clicked(points_app_url, offline) -> None:
    _, frame, inner = open_with_points(points_app_url, offline)
    shown = inner.evaluate(SHOWN_JS)
    # the whole city is in view: every point is in exactly one bubble or drawn on its own
    assert shown["count"] == 5000 and shown["inBubbles"] + shown["dots"] == 5000
    assert 10 <= shown["bubbles"] <= 200 and shown["rendered"] == shown["bubbles"] + shown["dots"]
    # bubbles do not overlap much: no two centres closer than half a bubble (20 px)
    centres = inner.evaluate(
        "() => [...document.querySelectorAll('.marker-cluster')].map((e) => {"
        "const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })"
    )
    closest = min(
        ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 for i, (ax, ay) in enumerate(centres) for bx, by in centres[i + 1 :]
    )
    assert closest >= 20
    frame.locator(".marker-cluster").first.click()
    inner.wait_for_function(f"() => window.map.getZoom() === {shown['zoom'] + 2}")
    inner.wait_for_function("() => Object.values(window.map._layers).find((l) => l.cqPoints).cqPoints.rendered > 0")


def test_areas_under_the_points_can_still_be_clicked(points_app_url, offline) -> None:
    page, frame, inner = open_with_points(points_app_url, offline)
    # close enough that single points are drawn: their canvas spans the whole map
    inner.evaluate("() => window.map.setView([29.28993, 106.25001], 12, {animate: false})")
    frame.locator(".leaflet-pane canvas").first.wait_for(state="attached", timeout=30_000)
    found = inner.evaluate(CLICK_TARGET_JS, [29.28993, 106.25001, "jiangjin"])
    assert found is not None, "the points' canvas hides the district from the pointer"
    x, y, _ = found
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.locator(".st-key-area_panel h3")).to_have_text("江津区", timeout=30_000)
