"""Issue 5 through AppTest: share box, search, presentation mode, English, exports."""

from __future__ import annotations

import html
import json
import re

from tests.app.test_pages import folium_args, run, url


def test_share_box_shows_the_full_link_and_a_qr_code() -> None:
    at = run({"area": "jiangjin", "layers": "districts,stations", "basemap": "osm", "lang": "en"})
    assert not at.exception
    boxes = [h.proto.body for h in at.sidebar.get("html") if "cq-share-link" in h.proto.body]
    assert len(boxes) == 1
    link = html.unescape(re.search(r'<input readonly value="([^"]*)"', boxes[0]).group(1))
    assert 'data-done="Copied"' in boxes[0]  # the copy button, in the page's language
    assert "/?" in link and "/map?" not in link  # the overview is the default page, at the root
    for part in ("area=jiangjin", "layers=districts%2Cstations", "basemap=osm", "lang=en", "asof=2026"):
        assert part in link
    images = at.sidebar.get("image")  # the QR code, inline: no media file that a rerun could delete
    assert len(images) == 1 and images[0].proto.imgs[0].url.startswith("data:image/png;base64,")
    assert any("Jiangjin District · 2026 divisions · District boundaries" in m.value for m in at.sidebar.markdown)


def test_search_by_pinyin_selects_and_zooms() -> None:
    at = run()
    at.sidebar.text_input(key="search_query").input("longsheng").run()
    hit = at.button(key="hit_area_longsheng")
    hit.click().run()
    assert not at.exception
    assert url(at)["area"] == "longsheng"
    assert [s.value for s in at.subheader] == ["龙盛现代新城"]
    assert '\\"fit\\": \\"fit\\"' in json.dumps(folium_args(at))  # the map frames it, at its real size


def test_search_for_a_station_selects_its_town_and_frames_it() -> None:
    at = run()
    at.sidebar.text_input(key="search_query").input("油溪").run()
    at.button(key="hit_station_st_general_18_youxi").click().run()
    assert url(at)["area"] == "500116101"  # 油溪镇, whose seat the station's point is
    assert [s.value for s in at.subheader] == ["油溪镇"]
    assert '\\"fit\\": \\"fit\\"' in json.dumps(folium_args(at))


def test_search_for_a_township_without_a_seat_moves_to_its_district() -> None:
    at = run()
    at.sidebar.text_input(key="search_query").input("解放碑").run()
    at.button(key="hit_town_500103003").click().run()
    query = url(at)
    assert query["area"] == "500103003" and int(query["zoom"]) >= 11  # 渝中区, framed
    assert any("没有驻地点" in str(v) for t in at.table for v in t.value.to_numpy().ravel())


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
