"""Issue 5 through AppTest: share box, search, presentation mode, English, exports."""

from __future__ import annotations

import html
import re

from tests.app.test_pages import run, url


def test_share_box_shows_the_full_link_and_a_qr_code() -> None:
    at = run({"area": "jiangjin", "layers": "districts,stations", "basemap": "osm", "lang": "en"})
    assert not at.exception
    boxes = [h.proto.body for h in at.sidebar.get("html") if "cq-share-link" in h.proto.body]
    assert len(boxes) == 1
    link = html.unescape(re.search(r'<input readonly value="([^"]*)"', boxes[0]).group(1))
    assert 'data-done="Copied"' in boxes[0]  # the copy button, in the page's language
    assert "/?" in link and "/map?" not in link  # the overview is the default page, at the root
    for part in ("area=jiangjin", "layers=districts%2Cstations", "basemap=osm", "lang=en"):
        assert part in link
    images = at.sidebar.get("image")  # the QR code, inline: no media file that a rerun could delete
    assert len(images) == 1 and images[0].proto.imgs[0].url.startswith("data:image/png;base64,")
    assert any("Jiangjin District · District boundaries" in m.value for m in at.sidebar.markdown)


def test_search_by_pinyin_selects_and_zooms() -> None:
    at = run()
    at.sidebar.text_input(key="search_query").input("longsheng").run()
    hit = at.button(key="hit_area_longsheng")
    hit.click().run()
    assert not at.exception
    query = url(at)
    assert query["area"] == "longsheng"
    lat, lon = (float(v) for v in query["center"].split(","))
    assert 29.6 < lat < 29.8 and 106.7 < lon < 106.9
    assert int(query["zoom"]) >= 10
    assert [s.value for s in at.subheader] == ["龙盛现代新城"]


def test_search_for_a_station_zooms_to_its_point() -> None:
    at = run()
    at.sidebar.text_input(key="search_query").input("油溪").run()
    at.button(key="hit_station_st_general_18_youxi").click().run()
    query = url(at)
    assert query["zoom"] == "12"
    assert query["area"] == "jiangjin"


def test_presentation_mode_has_key_figures_and_a_way_back() -> None:
    at = run({"area": "jiangjin", "present": "1"})
    assert not at.exception
    labels = [m.label.replace("\\", "") for m in at.metric]  # as shown: the label is escaped Markdown
    assert any(label.startswith("全社会R&D经费支出占地区GDP比重") for label in labels)
    assert any(m.value.startswith("≥【400】") for m in at.metric)
    at.button(key="present_off").click().run()
    assert "present" not in url(at)
    assert at.metric.len == 0


def test_english_everywhere_on_the_map_page() -> None:
    at = run({"area": "longsheng", "lang": "en"})
    texts = " ".join([*(m.value for m in at.markdown), *(s.value for s in at.subheader), *(b.label for b in at.button)])
    assert "Longsheng Modern New City" in texts and "Clear selection" in texts
    assert "**Role**" in texts and "**Leading industries**" in texts
    assert at.sidebar.title[0].value == "Chongqing Innovation Layout"
