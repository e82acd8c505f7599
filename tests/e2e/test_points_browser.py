"""Enterprise points in Chromium: supercluster's clusters account for every point, zoom in on click, names on hover."""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from bench.browser import CLICK_TARGET_JS
from tests.e2e.conftest import POINTS, map_frame, wait_for_app, wait_for_view_recorded

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
# Runs in the map iframe: the zoom at which the first bubble splits, as supercluster computes it.
EXPANSION_JS = """
() => {
  const layer = Object.values(window.map._layers).find((l) => l.cqPoints);
  const first = document.querySelector('.marker-cluster');
  let zoom = null;
  layer.eachLayer((l) => {
    if (l.getElement && l.getElement() === first) {
      const ll = l.getLatLng(), z = Math.round(window.map.getZoom());
      const hit = layer.cqPoints.index.getClusters([ll.lng - 1e-9, ll.lat - 1e-9, ll.lng + 1e-9, ll.lat + 1e-9], z)
        .find((f) => f.properties.cluster);
      zoom = layer.cqPoints.index.getClusterExpansionZoom(hit.properties.cluster_id);
    }
  });
  return zoom;
}
"""


def open_with_points(points_app_url: str, offline) -> tuple:
    """Open the map with districts and the synthetic points; return the page, the map's frame locator and frame."""
    page = offline().new_page()
    page.goto(f"{points_app_url}/?layers=districts,enterprises&center=29.9,107.75&zoom=7")  # all of Chongqing
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator(f"[data-points-loaded='{POINTS}']").wait_for(state="attached", timeout=60_000)
    return page, frame, page.locator('iframe[title="streamlit_folium.st_folium"]').element_handle().content_frame()


def test_clusters_account_for_every_point_and_zoom_in_when_clicked(points_app_url, offline) -> None:
    _, frame, inner = open_with_points(points_app_url, offline)
    shown = inner.evaluate(SHOWN_JS)
    # the whole city is in view: every point is in exactly one bubble or drawn on its own
    assert shown["count"] == POINTS and shown["inBubbles"] + shown["dots"] == POINTS
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
    # a click on a bubble zooms in to where it splits
    expansion = inner.evaluate(EXPANSION_JS)
    assert expansion > shown["zoom"]
    frame.locator(".marker-cluster").first.click()
    inner.wait_for_function(f"() => window.map.getZoom() === {expansion}")
    inner.wait_for_function("() => Object.values(window.map._layers).find((l) => l.cqPoints).cqPoints.rendered > 0")


def test_a_single_point_is_named_on_hover_and_areas_under_the_points_can_still_be_clicked(
    points_app_url, offline
) -> None:
    page, frame, inner = open_with_points(points_app_url, offline)
    # close enough that single points are drawn, over the district
    inner.evaluate("() => window.map.setView([29.28993, 106.25001], 12, {animate: false})")
    wait_for_view_recorded(page)  # the rerun that records the new view has redrawn what it redraws
    dots = frame.locator(".leaflet-cqPoints-pane path.leaflet-interactive")
    dots.first.wait_for(state="attached", timeout=30_000)
    tooltip = frame.locator(".leaflet-tooltip").filter(has_text="合成企业")
    for i in range(min(dots.count(), 5)):  # a dot at the map's edge may sit under a control: try the next
        dots.nth(i).hover(force=True)
        try:
            tooltip.first.wait_for(timeout=3_000)
            break
        except PlaywrightTimeoutError:
            continue
    expect(tooltip).to_have_count(1)
    found = inner.evaluate(CLICK_TARGET_JS, [29.28993, 106.25001, "jiangjin"])
    assert found is not None, "the points hide the district from the pointer"
    x, y, _ = found
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.locator(".st-key-area_panel h3")).to_have_text("江津区", timeout=30_000)
