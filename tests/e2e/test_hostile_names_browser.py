"""Hostile names in Chromium: nothing runs, every name shows as typed, the map still draws."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import map_frame, wait_for_app
from tests.fixtures.hostile import AREA_NAMES, ENTERPRISE_NAMES, PROFILE, TOWN_NAMES

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

# Runs in the map iframe: every tooltip text Leaflet would show for an area, by feature id.
TOOLTIPS_JS = """
() => {
  const out = {};
  window.map.eachLayer((l) => {
    const p = l.feature && l.feature.properties;
    if (p && l.getTooltip && l.getTooltip()) {
      const div = document.createElement('div');
      div.innerHTML = l.getTooltip().getContent();
      out[p.id] = div.textContent;
    }
  });
  return out;
}
"""


def _watch(page) -> list[str]:
    """Record dialogs (alert/confirm/prompt) and dismiss them."""
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def _pwned(page) -> list:
    return [frame.evaluate("() => window.__pwned === undefined ? null : window.__pwned") for frame in page.frames]


def test_hostile_names_stay_text_on_map_panel_and_search(hostile_app, offline) -> None:
    url, _ = hostile_app
    ctx = offline()
    page = ctx.new_page()
    dialogs = _watch(page)
    page.goto(f"{url}/?area=jiangjin&layers=districts,liangjiang,stations&asof=2023")  # 2023: 渝北 is drawn
    wait_for_app(page)
    map_frame(page)  # the map still draws

    # the panel's heading and enterprise list show the names exactly
    expect(page.locator(".st-key-area_panel h3")).to_have_text(AREA_NAMES["jiangjin"])
    page.get_by_role("tab", name=re.compile("企业")).click()  # the open tab runs: its content comes with a rerun
    listed = page.locator(".st-key-area_panel [data-testid='stMarkdownContainer']").filter(has_text="模板企业")
    expect(listed).to_be_visible()
    wait_for_app(page)
    panel = page.locator(".st-key-area_panel").inner_text()
    for name in ENTERPRISE_NAMES:
        assert name in panel, name

    # every tooltip is the literal name (zones add how they are drawn)
    inner = page.locator(IFRAME).element_handle().content_frame()
    tooltips = inner.evaluate(TOOLTIPS_JS)
    for area_id in ("jiangjin", "hechuan", "yubei"):
        assert tooltips[area_id] == " ".join(AREA_NAMES[area_id].split())
    for area_id in ("longsheng", "shuitu_hitech_city"):
        assert tooltips[area_id].startswith(AREA_NAMES[area_id])
    # hovering really opens one (and runs nothing)
    page.locator(IFRAME).hover()
    inner.evaluate("() => { window.map.eachLayer((l) => { if (l.getTooltip && l.getTooltip()) l.openTooltip(); }); }")

    # a township's name is written on the map once zoomed in: as text, like its tooltip
    page.goto(f"{url}/?area=500116004&layers=districts,towns&center=29.41,106.27&zoom=12")
    wait_for_app(page)
    frame = map_frame(page)
    town = " ".join(TOWN_NAMES["500116004"].split())
    label = frame.locator(".cq-label-towns span").filter(has_text="双福")
    expect(label).to_have_count(1, timeout=30_000)
    assert label.inner_text() == town and label.locator("img, b, strong, a").count() == 0
    expect(page.locator(".st-key-area_panel h3")).to_have_text(TOWN_NAMES["500116004"])

    # search finds a hostile name and lists it as text
    page.locator("[data-testid='stSidebar'] input[type='text']").first.fill("龙盛")
    page.keyboard.press("Enter")
    expect(page.locator(".st-key-search_results")).to_contain_text(" ".join(AREA_NAMES["longsheng"].split()))

    # a markdown-looking name is not formatted: no bold, no colour, no link
    page.goto(f"{url}/?area=yubei&layers=districts")
    wait_for_app(page)
    heading = page.locator(".st-key-area_panel h3")
    expect(heading).to_have_text(AREA_NAMES["yubei"])
    assert heading.locator("strong, a, .katex, span[style*='color']").count() == 0

    # an imported profile (定位, 主导产业) is text too: no outside image, no link, no formatting
    page.goto(f"{url}/?area=longsheng&layers=districts")
    wait_for_app(page)
    panel = page.locator(".st-key-area_panel")
    expect(panel).to_contain_text(PROFILE["positioning_zh"])
    expect(panel).to_contain_text(PROFILE["industries_zh"].replace("|", "、"))
    profile = panel.locator("[data-testid='stMarkdownContainer']").filter(has_text="粗体定位")
    assert profile.locator("img, em").count() == 0 and profile.locator("strong").count() == 1  # the label only
    # a bare URL may become a link to itself (GFM autolink), never the Markdown link's javascript: target
    links = profile.locator("a").evaluate_all("els => els.map(e => [e.getAttribute('href'), e.textContent])")
    assert links == [["http://evil.example/x.png", "http://evil.example/x.png"]]
    facts = panel.locator("[data-testid='stTable']")  # st.table reads its cells as Markdown
    expect(facts).to_contain_text(PROFILE["accuracy_note_zh"])
    assert facts.locator("em, strong, a, b").count() == 0

    assert dialogs == []
    assert _pwned(page) == [None] * len(page.frames)
    assert ctx.blocked == []  # nothing a name or profile says made the browser reach out


def test_a_links_hostile_values_show_as_text_and_fetch_nothing(hostile_app, offline) -> None:
    """A phishing link, an outside image and HTML in the URL's values: shown back as cut text, nothing fetched."""
    from urllib.parse import urlencode

    url, _ = hostile_app
    ctx = offline()
    page = ctx.new_page()
    query = {
        "area": "[会话已过期，请点此重新登录](http://evil.example/login)",
        "asof": "![](http://evil.example/pixel.png)",
        "circle_km": "<img src=http://evil.example/i.png>",
        "layers": ",".join(f"x{i:05d}" for i in range(8001)),  # 56 KB
    }
    page.goto(f"{url}/?{urlencode(query)}")
    wait_for_app(page)
    alerts = page.locator("[data-testid='stAlert']").filter(has_text="链接")
    expect(alerts).to_have_count(4)  # three notices and a count of the rest
    expect(alerts.first).to_contain_text("[会话已过期，请点此重新登录](http://evil.example/lo")
    assert alerts.locator("a, img").count() == 0
    assert ctx.blocked == []
