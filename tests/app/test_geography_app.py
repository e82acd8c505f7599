"""Issue 13 through AppTest: divisions of a year, township panels, the circle's radius, the map's framing."""

from __future__ import annotations

import re

from tests.app.test_pages import folium_args, run, url


def facts(at) -> str:
    """The panel's facts table as shown: labels and values, Markdown escapes removed."""
    table = at.table[0].value
    text = " ".join(f"{label} {value}" for label, value in zip(table.index, table.iloc[:, 0], strict=True))
    return re.sub(r"\\(.)", r"\1", text)


def title(at) -> str:
    return next(m.value for m in at.markdown if (" · " in m.value and "行政区划" in m.value) or "divisions" in m.value)


def test_the_map_opens_on_the_layers_not_on_all_of_chongqing() -> None:
    script = folium_args(run())["script"]
    lat, lon = (float(v) for v in re.search(r"center: \[([\d.]+), ([\d.]+)\]", script).groups())
    zoom = int(re.search(r'"zoom": (\d+)', script).group(1))
    assert 28.9 < lat < 29.6 and 106.1 < lon < 106.7  # the metropolitan core, between 江津 and 两江
    assert zoom >= 9  # Chongqing as a whole needs 7


def test_2026_is_the_default_and_2023_brings_back_yubei() -> None:
    now = run()
    assert url(now)["asof"] == "2026" and "2026年行政区划(37个区县)" in title(now)
    then = run({"asof": "2023", "area": "yubei"})
    assert url(then)["asof"] == "2023" and "2023年行政区划(38个区县)" in title(then)
    assert [s.value for s in then.subheader] == ["渝北区"]
    assert "1,458 km²" in facts(then)  # drawn: its computed area is exact (a boundary)
    assert not then.info  # no "does not exist" notice in its own year


def test_an_abolished_district_says_so_and_offers_its_year() -> None:
    at = run({"area": "yubei"})
    assert any("2026 年行政区划,此区县不存在" in i.value for i in at.info)
    assert "2025-11-06 撤销" in facts(at)
    at.button(key="switch_year").click().run()
    assert url(at)["asof"] == "2023" and url(at)["area"] == "yubei"


def test_the_year_is_a_sidebar_choice_carried_in_share_links() -> None:
    at = run({"area": "liangjiang_district"})
    at.sidebar.button_group(key="w_asof").set_value(2023).run()
    assert url(at)["asof"] == "2023"
    link = next(h.proto.body for h in at.sidebar.get("html") if "cq-share-link" in h.proto.body)
    assert "asof=2023" in link


def test_liangjiang_district_shows_both_areas_and_its_units() -> None:
    at = run({"area": "liangjiang_district"})
    text = facts(at)
    assert "约1360平方公里" in text and "部分边界为近似" in text  # printed next to computed
    units = next(e for e in at.expander if e.label.startswith("组成街镇"))
    assert units.label.startswith("组成街镇:42 个")


def test_a_district_names_its_units_without_a_seat_and_why() -> None:
    at = run({"area": "yuzhong"})
    expander = next(e for e in at.expander if e.label.startswith("组成街镇"))
    assert expander.label == "组成街镇:11 个(图上绘出 0 个)"
    captions = " ".join(c.value for c in at.caption)
    assert "解放碑街道" in captions and "GeoNames cities500 在本区没有名为" in captions


def test_a_township_panel_has_code_district_seat_zones_and_stations() -> None:
    at = run({"area": "500116004"})
    assert [s.value for s in at.subheader] == ["双福街道"]
    text = facts(at)
    for part in ("500116004", "江津区", "GeoNames 8421327", "近似单元", "不是法定边界"):
        assert part in text, part
    labels = [re.sub(r"\\(.)", r"\1", b.label) for b in at.button]  # button labels are escaped Markdown
    assert {"西部(重庆)科学城江津片区", "西部(重庆)科学城", "江津区"} <= set(labels)
    luohuang = run({"area": "500116117"})  # 珞璜镇: a station stands at its seat; no zone lists it
    assert "珞璜一般站" in " ".join(m.value for m in luohuang.markdown)
    assert any("都不包含该街镇" in c.value for c in luohuang.caption)


def test_a_moved_township_shows_both_of_its_districts() -> None:
    at = run({"area": "500109008", "lang": "en"})  # 水土街道
    text = facts(at)
    assert "District (2026) Liangjiang District" in text and "District (2023) Beibei District" in text


def test_the_circle_radius_is_an_assumption_the_user_changes() -> None:
    at = run({"area": "jj_jtu_circle"})
    slider = at.slider(key="w_circle_km")
    assert slider.value == 3.0
    assert "约 28 km²(按假设半径计算)" in facts(at)
    slider.set_value(5.0).run()
    assert url(at)["circle_km"] == "5"
    assert "约 79 km²(按假设半径计算)" in facts(at)


def test_a_point_area_says_where_it_is_and_has_no_area() -> None:
    at = run({"area": "baisha_park", "lang": "en"})
    text = facts(at)
    assert "location only, no area" in text and "in Baisha Town" in text
