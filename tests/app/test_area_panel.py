"""Issue 3 acceptance on the panel and layers, through AppTest."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from geo.areas import areas_from_catalog
from geo.catalog import load_catalog
from geo.stations import stations_by_area, stations_from_catalog
from tests.app.test_pages import folium_args, run
from tests.conftest import ROOT

JIANGJIN_COLUMN_2 = [  # 专栏2, as printed: (indicator, baseline, target)
    ("全社会R&D经费支出占地区GDP比重", "2020: 2.4(估计值)", "2025: ≥2.8"),  # 2.4 is called 预计 in 一、(一)
    ("规模以上工业企业R&D经费支出占主营业务收入比重", "2020: 1.8", "2025: ≥2"),
    ("战略性新兴产业产值占工业总产值比重", "2020: 22", "2025: 30"),
    ("有研发活动的规上企业比例", "2020: 50", "2025: ≥70"),
    ("有研发机构的规上企业比例", "2020: 30", "2025: ≥50"),
    ("科技型企业", "2020: 【1125】", "2025: >【2000】"),
    ("高新技术企业", "2020: 【211】", "2025: ≥【400】"),
    ("市级以上科技研发平台", "2020: 【163】", "2025: ≥【220】"),
    ("万人发明专利拥有量", "2020: 10", "2025: ≥15"),
    ("科技进步贡献率", "2020: —", "2025: ≥65"),
    ("公民具备科学素养的比例", "2020: 10.8", "2025: 16"),
]


TAB_OF = {"ind_target": "目标", "ind_result": "已公布结果"}


def table(at, key: str) -> pd.DataFrame:
    """Return the indicator table shown in the panel tab ``key`` names."""
    for tab in at.tabs:
        if tab.label.startswith(TAB_OF[key] + " ("):
            return tab.dataframe[0].value
    raise AssertionError(f"no tab for {key}")


def test_jiangjin_shows_every_column_2_target_with_source() -> None:
    at = run({"area": "jiangjin"})
    assert not at.exception
    targets = table(at, "ind_target")
    rows = {r["指标"]: r for _, r in targets.iterrows()}
    for name, baseline, target in JIANGJIN_COLUMN_2:
        assert rows[name]["基期"] == baseline, name
        assert rows[name]["目标"] == target, name
        assert "江津区“十四五”科技创新发展规划" in rows[name]["来源(文件 · 章节)"]
        assert "专栏2" in rows[name]["来源(文件 · 章节)"]
    assert rows["高新技术企业"]["仍需变化"] == "+189"
    assert rows["全社会R&D经费支出占地区GDP比重"]["仍需变化"] == "+0.4 个百分点"
    assert rows["全社会R&D经费支出占地区GDP比重"]["隐含年均"] == "+0.08 个百分点/年"
    assert rows["高新技术企业"]["隐含年均"] == "+13.6%/年"


def test_a_selected_target_opens_in_full_with_every_value_and_its_source() -> None:
    at = run({"area": "jiangjin"})
    assert any(c.value.startswith("选中表格中的一行") for c in at.caption)
    targets = table(at, "ind_target")
    (row,) = targets.index[targets["指标"] == "全社会R&D经费支出占地区GDP比重"]
    at.session_state["ind_target_jiangjin"] = {"selection": {"rows": [int(row)], "columns": []}}
    at.run()
    assert not at.exception
    assert "**全社会R\\&D经费支出占地区GDP比重**" in [m.value for m in at.markdown]
    (card,) = [tb.value for tb in at.table if "基期" in tb.value.index]
    shown = {label: value.replace("\\", "") for label, value in card.iloc[:, 0].items()}  # cells are escaped Markdown
    assert shown["基期"] == "2020: 2.4(估计值)" and shown["目标"] == "2025: ≥2.8"
    assert "预计" in shown["说明"]
    assert shown["仍需变化"] == "+0.4 个百分点" and shown["隐含年均"] == "+0.08 个百分点/年"
    assert "江津区“十四五”科技创新发展规划" in shown["来源(文件 · 章节)"] and "专栏2" in shown["来源(文件 · 章节)"]
    assert "" not in shown.values()  # empty columns are left out
    # another area's table starts with nothing selected
    at.query_params["area"] = "jiulongpo"
    at.run()
    assert not table(at, "ind_target").empty
    assert not [tb for tb in at.table if "基期" in tb.value.index]


def test_every_number_on_the_panel_cites_document_and_section() -> None:
    at = run({"area": "jiangjin"})
    for key in ("ind_target", "ind_result"):
        sources = table(at, key)["来源(文件 · 章节)"]
        assert sources.str.contains("《").all() and sources.str.contains(" · ").all()


@pytest.mark.parametrize(
    ("area", "industry", "platform"),
    [
        ("zhaomushan", "软件设计及服务外包", "软件产业园"),
        ("shuitu_hitech_city", "电子核心部件", "两江国际云计算产业园"),
        ("longsheng", "汽车", "鱼复园区"),
    ],
)
def test_one_core_two_extensions_show_role_industries_platforms(area: str, industry: str, platform: str) -> None:
    at = run({"area": area})
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "**定位**" in text and "**主导产业**" in text and "**平台与项目**" in text
    assert industry in text and platform in text
    assert any("区位布局" in c.value for c in at.caption)


def test_jiangjin_lists_the_plans_platforms_citing_the_plan() -> None:
    at = run({"area": "jiangjin"})
    text = " ".join(m.value for m in at.markdown)
    assert "**平台与项目**" in text and "西部食谷公共检测中心" in text and "重庆市军民协同创新联盟" in text
    assert any("江津区“十四五”科技创新发展规划" in c.value and "专栏10" in c.value for c in at.caption)


def test_liangjiang_shows_the_reports_facts_and_cites_both_documents() -> None:
    at = run({"area": "liangjiang"})
    text = " ".join(m.value for m in at.markdown)
    assert "沪渝协同创新中心" in text and "新能源及智能汽车" in text
    (cite,) = [c.value for c in at.caption if "区位布局" in c.value]
    assert "两江新区国家自主创新示范区建设实施方案" in cite and "重庆国家自主创新示范区建设进展情况" in cite


def test_a_cooperation_zone_is_listed_not_drawn() -> None:
    at = run({"area": "luyongjiang"})
    assert not at.exception
    values = " ".join(str(v) for v in at.table[0].value.values.ravel())
    assert "跨区域合作区" in values and "没有可绘制的几何" in values and "泸州" in values


def test_zone_of_units_is_labelled_approximate_next_to_official_figure() -> None:
    at = run({"area": "cq_hitech_core"})
    facts = at.table[0].value
    values = " ".join(str(v) for v in facts.values.ravel())
    assert "按近似单元计算" in values and "313" in values
    assert "不是法定边界" in values
    units = next(e for e in at.expander if e.label.startswith("组成街镇"))
    assert units.label == "组成街镇:10 个(图上绘出 10 个)"


def test_unmapped_area_says_so() -> None:
    at = run({"area": "zhaomushan"})
    values = " ".join(str(v) for v in at.table[0].value.values.ravel())
    assert "没有可绘制的几何" in values


def test_seismic_layer_draws_every_mappable_station() -> None:
    catalog = load_catalog()
    stations = stations_from_catalog(catalog)
    mapped = stations[stations["mapped"]]
    assert len(mapped) == 19  # 21 new sites less 行政中心 and 示范点 (locations unpublished)
    script = folium_args(run({"layers": "stations"}))["script"]
    # the layer's GeoJSON is a served file the map fetches: read that file
    url = re.search(r'"(\.\./\.\./app/static/generated/stations-[0-9a-f]+\.geojson)"', script).group(1)
    served = json.loads((ROOT / "static" / url.removeprefix("../../app/static/")).read_text(encoding="utf-8"))
    ids = {f["properties"]["id"] for f in served["features"]}
    assert ids == set(mapped.index)


def test_every_mapped_station_lies_in_jiangjin_and_shows_in_its_panel() -> None:
    catalog = load_catalog()
    stations = stations_from_catalog(catalog)
    joined = stations_by_area(stations, areas_from_catalog(catalog))
    assert set(joined["jiangjin"]) == set(stations[stations["mapped"]].index)
    at = run({"area": "jiangjin"})
    station_text = " ".join(m.value for m in at.markdown)
    assert "四面山基本站" in station_text and "油溪一般站" in station_text


def test_approximate_extents_are_dashed_and_legend_explains_them() -> None:
    at = run({"layers": "districts,science_city"})
    script = json.dumps(folium_args(at))
    assert '\\"approximate\\": {' in script and '\\"dashArray\\": \\"6 4\\"' in script  # drawn dashed
    legend = " ".join(h.proto.body for h in at.get("html"))  # the legend is st.html (no markdown parser)
    assert "近似范围" in legend and "并非法定边界" in legend and "示意圆" in legend
    assert any("并非法定边界" in c.value for c in at.caption)  # the one line shown while the legend is folded
    assert not next(e for e in at.expander if e.label == "图例").proto.expanded


def test_the_pdf_brief_is_printed_on_request_once_and_then_offered_to_everyone(tmp_path, monkeypatch) -> None:
    from tests.unit.test_renders import FAKE_CHROMIUM, _runs
    from web.renders import reset_pdf_briefs

    log, script = tmp_path / "runs.log", tmp_path / "chromium"
    script.write_text(FAKE_CHROMIUM.format(log=log))
    script.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(script))
    reset_pdf_briefs()
    try:
        at = run({"area": "jiangjin"})
        assert not any("dl_brief_pdf" in b.proto.id for b in at.get("download_button"))
        at.button(key="make_brief_pdf").click().run()
        assert not at.exception and not at.warning
        assert len(_runs(log)) == 1
        assert any("dl_brief_pdf" in b.proto.id for b in at.get("download_button"))
        # another visitor, same area, language, year and data: offered at once, no browser started
        other = run({"area": "jiangjin"})
        assert any("dl_brief_pdf" in b.proto.id for b in other.get("download_button"))
        assert not [b for b in other.button if b.key == "make_brief_pdf"]
        assert len(_runs(log)) == 1
        # the other year is another brief (its areas and facts differ)
        assert [b for b in run({"area": "jiangjin", "asof": "2023"}).button if b.key == "make_brief_pdf"]
    finally:
        reset_pdf_briefs()


def test_a_busy_printer_gets_a_friendly_message_after_a_bounded_wait(tmp_path, monkeypatch) -> None:
    from tests.unit.test_renders import FAKE_CHROMIUM
    from web.renders import pdf_briefs, reset_pdf_briefs

    script = tmp_path / "chromium"
    script.write_text(FAKE_CHROMIUM.format(log=tmp_path / "runs.log"))
    script.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(script))
    reset_pdf_briefs()
    briefs = pdf_briefs()
    briefs.wait_s = 0.2
    try:
        at = run({"area": "jiangjin"})
        with briefs._render_lock:  # another visitor's brief is being printed
            at.button(key="make_brief_pdf").click().run()
        assert not at.exception
        assert [w.value for w in at.warning] == [
            "服务器正在生成另一份简报,请稍后再试(或下载 HTML 简报后用浏览器打印)。"
        ]
        assert not any("dl_brief_pdf" in b.proto.id for b in at.get("download_button"))
    finally:
        reset_pdf_briefs()
