"""Issue 16 in Chromium: measure a distance and an area on the overview map, offline, without selecting anything.

The measure tool is leaflet-measure (static/js/measure.js). Its clicks land on
an invisible marker that covers the map while measuring, so streamlit-folium
records no map click (``window.__GLOBAL_DATA__.lat_lng_clicked``, set in the
map's click handler before anything is sent) and no area is selected. Its
lengths are haversine distances on a sphere and its areas spherical polygon
areas (Turf): both are checked here against the WGS-84 ellipsoid (pyproj).
"""

from __future__ import annotations

import itertools
import math
import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect
from pyproj import Geod

from tests.e2e.conftest import SCREENSHOTS, click_latlon, open_map, wait_for_app, wait_for_view_recorded

WGS84 = Geod(ellps="WGS84")
# Three points in 九龙坡, 两江新区 and 巴南: without the tool, a click there selects the district.
A, B, C = (29.45, 106.35), (29.62, 106.52), (29.45, 106.56)
OUTSIDE = (29.80, 106.44)  # 北碚, away from the triangle: a plain click there selects the district again

IFRAME_WINDOW = "iframe[title='streamlit_folium.st_folium']"
CLICKED_JS = "() => window.__GLOBAL_DATA__.lat_lng_clicked || null"  # streamlit-folium's record of a map click
LATLNGS_JS = "() => window.map.cqMeasureControl._latlngs.map((p) => [p.lat, p.lng])"


def number(text: str) -> float:
    return float(text.replace(",", ""))


def haversine_m(points: list[list[float]]) -> float:
    """Turf's length: haversine on a sphere of the mean earth radius (6,371,008.8 m)."""
    total = 0.0
    for (lat1, lon1), (lat2, lon2) in itertools.pairwise(points):
        p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
        h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        total += 2 * 6371008.8 * math.asin(math.sqrt(h))
    return total


def open_measure(page, frame) -> None:
    """Open the tool (top right of the map: it unfolds under the pointer) and start a measurement."""
    frame.locator(".leaflet-control-measure").hover()
    frame.locator(".leaflet-control-measure .js-start").click()
    expect(frame.locator("#map_div[data-measuring]")).to_have_count(1)


def test_measure_a_distance_and_an_area_offline_in_chinese_and_select_nothing(app_url: str, offline) -> None:
    ctx, page, frame = open_map(offline, f"{app_url}/?layers=districts&center=29.6,106.4&zoom=10")
    wait_for_view_recorded(page)  # the map's first report reruns the script: nothing may be in flight
    window = page.locator(IFRAME_WINDOW).element_handle().content_frame()

    open_measure(page, frame)
    click_latlon(page, *A)
    click_latlon(page, *B)
    results = frame.locator(".leaflet-control-measure .js-results")
    length = re.compile(r"路径长度\s*([\d.,]+) 公里 \(([\d,]+) 米\)")
    expect(results).to_contain_text(length)
    km, metres = (number(x) for x in length.search(results.inner_text()).groups())
    points = window.evaluate(LATLNGS_JS)
    assert len(points) == 2
    # a click lands within a pixel (~130 m at zoom 10) of the point asked for
    assert all(
        abs(p - q) < 0.003 for got, want in zip(points, (A, B), strict=True) for p, q in zip(got, want, strict=True)
    )
    assert abs(metres - haversine_m(points)) <= 1 and abs(km * 1000 - metres) <= 5
    ellipsoid = WGS84.line_length([p[1] for p in points], [p[0] for p in points])
    assert abs(metres / ellipsoid - 1) < 0.005, (metres, ellipsoid)  # Turf's sphere against the WGS-84 ellipsoid

    click_latlon(page, *C)
    area = re.compile(r"面积\s*([\d.,]+) 平方公里 \(([\d.,]+) 公顷\)")
    expect(results).to_contain_text(area)
    km2, ha = (number(x) for x in area.search(results.inner_text()).groups())
    points = window.evaluate(LATLNGS_JS)
    geodesic_m2, _ = WGS84.polygon_area_perimeter([p[1] for p in points], [p[0] for p in points])
    assert abs(km2 * 1e6 / abs(geodesic_m2) - 1) < 0.01, (km2, geodesic_m2)
    assert abs(ha / 100 - km2) < 0.01
    # no coordinates of the last point on a WGS-84 map would be hidden: they are shown there
    expect(frame.locator(".leaflet-control-measure .results .lastpoint")).to_be_visible()

    frame.locator(".leaflet-control-measure .js-finish").click()
    expect(frame.locator("#map_div[data-measuring]")).to_have_count(0)
    popup = frame.locator(".leaflet-measure-resultpopup")
    expect(popup).to_contain_text("面积测量")
    expect(popup).to_contain_text(re.compile(r"[\d.]+ 平方公里 \([\d.,]+ 公顷\)"))
    expect(popup).to_contain_text(re.compile(r"[\d.]+ 公里 \([\d,]+ 米\) 周长"))
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "measure-area.png"))

    # none of the clicks was a map click: nothing selected, nothing for the server
    assert window.evaluate(CLICKED_JS) is None
    # nor is a click on the finished measurement (it would pass on to the map without static/js/measure.js)
    centroid = (sum(p[0] for p in points) / 3, sum(p[1] for p in points) / 3)
    click_latlon(page, *centroid)
    assert window.evaluate(CLICKED_JS) is None
    wait_for_app(page)
    assert "area" not in parse_qs(urlparse(page.url).query)

    # once the measurement is done, a click on the map selects as before
    click_latlon(page, *OUTSIDE)
    assert window.evaluate(CLICKED_JS) is not None
    page.wait_for_function("() => new URL(location.href).searchParams.get('area') === 'beibei'", timeout=30_000)
    expect(page.locator(".st-key-area_panel h3")).to_have_text("北碚区", timeout=30_000)
    assert ctx.blocked == []


def test_the_tool_speaks_english_on_the_english_page(app_url: str, offline) -> None:
    ctx, page, frame = open_map(offline, f"{app_url}/?layers=districts&lang=en&center=29.6,106.4&zoom=10")
    wait_for_view_recorded(page)
    expect(frame.locator(".leaflet-control-measure-toggle")).to_have_attribute("title", "Measure distances and areas")
    open_measure(page, frame)
    expect(frame.locator(".leaflet-control-measure .js-starthelp")).to_be_visible()
    click_latlon(page, *A)
    click_latlon(page, *B)
    expect(frame.locator(".leaflet-control-measure .js-results")).to_contain_text(
        re.compile(r"Path distance\s*[\d.,]+ km \([\d,]+ m\)")
    )
    frame.locator(".leaflet-control-measure .js-finish").click()
    expect(frame.locator(".leaflet-measure-resultpopup")).to_contain_text(re.compile(r"[\d.]+ km \([\d,]+ m\)"))
    assert ctx.blocked == []


def test_the_exported_map_file_measures_offline_with_its_inlined_icons(offline, tmp_path) -> None:
    """The standalone export (share box) carries the tool: script, stylesheet and icons inlined, nothing fetched."""
    from components.export import PLACEHOLDER, standalone_html
    from components.map_view import build_map
    from components.overview import measure_tool

    m = build_map(
        [], attribution="x", static_url=PLACEHOLDER, center=(29.6, 106.4), zoom=10, measure=measure_tool("en")
    )
    target = tmp_path / "map.html"
    target.write_text(standalone_html(m, "map"), "utf-8")
    ctx = offline()
    page = ctx.new_page()
    page.goto(target.as_uri())
    control = page.locator(".leaflet-control-measure")
    icon = control.locator(".leaflet-control-measure-toggle").evaluate("(a) => getComputedStyle(a).backgroundImage")
    assert icon.startswith('url("data:image/png;base64,')
    control.hover()
    control.locator(".js-start").click()
    for lat, lon in (A, B):
        x, y = page.evaluate("([lat, lon]) => { const p = window.map_m.latLngToContainerPoint([lat, lon]);"
                             " const r = window.map_m.getContainer().getBoundingClientRect();"
                             " return [r.left + p.x, r.top + p.y]; }", [lat, lon])  # fmt: skip
        page.mouse.click(x, y)
    expect(control.locator(".js-results")).to_contain_text(re.compile(r"Path distance\s*2\d\.\d\d km \([\d,]+ m\)"))
    assert ctx.blocked == []


def test_on_amap_the_last_points_coordinates_are_hidden_and_lengths_shown(app_url: str, offline) -> None:
    """Over Amap tiles the map is drawn in GCJ-02: the tool's unlabelled coordinates would be GCJ-02 ones."""
    ctx, page, frame = open_map(offline, f"{app_url}/?layers=districts&basemap=amap&center=29.6,106.4&zoom=10")
    expect(frame.locator("#map_div.cq-measure-nocoords")).to_have_count(1)
    open_measure(page, frame)
    click_latlon(page, *A)  # in the map's datum: the points only need to be on the map
    click_latlon(page, *B)
    results = frame.locator(".leaflet-control-measure .js-results")
    expect(results).to_contain_text(re.compile(r"路径长度\s*[\d.,]+ 公里"))
    expect(results.locator(".lastpoint")).to_be_hidden()
    assert window_clicked(page) is None
    assert ctx.blocked and all("autonavi.com" in url for url in ctx.blocked)  # the tiles, blocked; nothing else


def window_clicked(page):
    return page.locator(IFRAME_WINDOW).element_handle().content_frame().evaluate(CLICKED_JS)
