"""Issue 5 in Chromium: a shared link restores the view elsewhere, presentation mode, the offline export."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from components.data import layer_data
from components.export import PLACEHOLDER, standalone_html
from components.map_view import MapLayer, build_map
from geo.display import DisplayContext
from tests.e2e.conftest import map_frame, wait_for_app, wait_for_view_recorded


def sidebar_pill(page, name: str):
    pill = page.locator("[data-testid='stSidebar'] button[aria-pressed]").filter(has_text=name)
    expect(pill).to_have_count(1)
    return pill


def test_shared_link_opens_the_same_page_selection_layers_and_basemap(app_url, offline) -> None:
    first = offline().new_page()
    first.goto(f"{app_url}/?area=longsheng&layers=districts,liangjiang&basemap=osm&lang=en&zoom=9")
    wait_for_app(first)
    map_frame(first)
    # the link named an area but no centre: the map frames 龙盛 and reports the view it settled on
    wait_for_view_recorded(first)
    first.locator("[data-testid='stSidebar'] summary").filter(has_text="Share this view").click()
    first.context.grant_permissions(["clipboard-read", "clipboard-write"])
    box = first.locator(".cq-share-link")
    # the button says "Copied" for 1.5 s: record that it did, rather than race a loaded machine to see it
    first.evaluate(
        """() => { window.cqCopied = false; new MutationObserver(() => {
               for (const b of document.querySelectorAll('.cq-share-link button'))
                 if (b.textContent === b.dataset.done) window.cqCopied = true;
             }).observe(document.body, {childList: true, subtree: true, characterData: true}); }"""
    )
    for _ in range(3):  # the sidebar section was just opened: its script may attach a moment after the button
        box.get_by_role("button", name="Copy link").click()
        try:
            first.wait_for_function("window.cqCopied === true", timeout=3_000)
            break
        except PlaywrightTimeoutError:
            continue
    assert first.evaluate("window.cqCopied"), "the copy button never said Copied"
    link = first.evaluate("navigator.clipboard.readText()")
    assert link == box.locator("input").input_value()
    query = parse_qs(urlparse(link).query)
    assert urlparse(link).path == "/"
    assert (query["area"], query["layers"], query["basemap"], query["lang"]) == (
        ["longsheng"],
        ["districts,liangjiang"],
        ["osm"],
        ["en"],
    )

    other_ctx = offline()
    other = other_ctx.new_page()
    other.goto(link)
    wait_for_app(other)
    frame = map_frame(other)
    expect(other.locator(".st-key-area_panel h3")).to_have_text("Longsheng Modern New City")
    expect(sidebar_pill(other, "Liangjiang: one core, two extensions")).to_have_attribute("aria-pressed", "true")
    expect(sidebar_pill(other, "Industrial parks")).to_have_attribute("aria-pressed", "false")
    expect(other.get_by_role("radiogroup", name="Basemap").get_by_role("radio", name="OpenStreetMap")).to_be_checked()
    expect(frame.locator("img.leaflet-tile").first).to_be_attached()  # OSM tiles were requested (and blocked)
    assert urlparse(other.url).path == "/"
    assert other.locator(".stDialog").count() == 0  # no "page not found"


def test_presentation_mode_hides_the_sidebar_and_shows_key_figures(app_url, offline) -> None:
    page = offline().new_page()
    page.goto(f"{app_url}/?area=jiangjin&present=1&lang=en")
    wait_for_app(page)
    map_frame(page)
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    figures = page.locator(".st-key-key_figures [data-testid='stMetric']")
    expect(figures).to_have_count(4)
    expect(figures.first).to_contain_text("Gross R&D expenditure")
    expect(page.get_by_role("button", name="Leave presentation mode")).to_be_visible()
    height = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()["height"]
    assert height >= 760


def test_exported_map_draws_offline_from_a_file(offline, tmp_path) -> None:
    topology = layer_data(ctx=DisplayContext(lang="zh", asof=2026), served=False)["areas"]
    layer = MapLayer("districts", "区县边界", {"topo": {"source": topology, "object": "districts"}}, "#4a5568")
    target = tmp_path / "map.html"
    target.write_text(standalone_html(build_map([layer], attribution="x", static_url=PLACEHOLDER), "map"), "utf-8")
    ctx = offline()
    page = ctx.new_page()
    page.goto(target.as_uri())
    expect(page.locator("path.leaflet-interactive")).to_have_count(37)  # decoded by the inlined topojson-client
    assert ctx.blocked == []
