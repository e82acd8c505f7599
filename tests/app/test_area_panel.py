"""Issue 3 acceptance on the panel and layers, through AppTest."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from components.status import status_badge, status_label
from geo.areas import areas_from_catalog
from geo.catalog import load_catalog
from geo.monitoring import STATUSES
from geo.stations import stations_by_area, stations_from_catalog
from tests.app.test_pages import folium_args, open_tab, run
from tests.conftest import ROOT, app_data
from tests.fixtures.what_if import make_what_if_data

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


TAB_OF = {"ind_target": ("目标", "Targets"), "ind_result": ("已公布结果", "Published results")}
SOURCE_LINE = ":small[:gray["  # the last line of every card: document and section


def tab_of(at, key: str):
    """Open the panel tab ``key`` names (either language) and return it."""
    return open_tab(at, tuple(f"{label} (" for label in TAB_OF[key]))


def table(at, key: str) -> pd.DataFrame:
    """Switch the tab ``key`` names to its table view and return the table shown there."""
    tab_of(at, key)
    at.toggle(key=f"{key}_table_view").set_value(True).run()
    assert not at.exception
    return tab_of(at, key).dataframe[0].value


def cards(at, key: str) -> list[str]:
    """Return the Markdown of every indicator card in the tab ``key`` names."""
    return [m.value for m in tab_of(at, key).markdown if SOURCE_LINE in m.value]


def plain(markdown: str) -> str:
    """Return escaped Markdown as the reader sees it (backslash escapes undone)."""
    return re.sub(r"\\(.)", r"\1", markdown)


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


def test_jiangjin_shows_one_card_per_target_with_its_full_name_status_and_source() -> None:
    catalog = load_catalog()
    indicators = catalog.indicators[catalog.indicators["area"] == "jiangjin"]
    targets = indicators[indicators["status"] == "target"]
    at = run({"area": "jiangjin"})
    assert not at.exception and not tab_of(at, "ind_target").dataframe  # cards, not a table
    shown = cards(at, "ind_target")
    assert len(shown) == len(targets) == 21
    assert sorted(plain(c.split("  \n")[0]) for c in shown) == sorted(f"**{n}**" for n in targets["name_zh"])
    statuses = [status_badge(s, "zh") for s in ("met", "not_met", "due_no_result", "not_yet_due")]
    assert all(sum(b in c for b in statuses) == 1 for c in shown)  # exactly one status chip each
    assert all("江津区“十四五”科技创新发展规划" in c and " · " in c for c in shown)
    (card,) = [c for c in shown if c.startswith("**科技型企业**")]
    assert plain(card.split("  \n")[1]) == "2020 【1125】 → 2025 >【2000】 个 · 预期性"
    assert status_badge("due_no_result", "zh") in card and "专栏2 第6项" in card
    # the plan's title heads its cards, and the cards go by target year
    headings = [m.value for m in tab_of(at, "ind_target").markdown if SOURCE_LINE not in m.value]
    assert plain(headings[0]).startswith(":material/description: **《江津区“十四五”科技创新发展规划")
    assert [plain(h) for h in headings[1:3]] == [":gray[**2025 年目标**]", ":gray[**2035 年目标**]"]
    # one progress bar: the 2035 target, measured by 专栏2's printed 2020 baseline
    (bar,) = tab_of(at, "ind_target").get("progress")
    assert "专栏1 第1项的基期值" in plain(bar.proto.text)
    # published results: a card each, no status chip; they run only once their tab is opened (a faster click)
    assert not next(tab for tab in at.tabs if tab.label.startswith("已公布结果")).children
    results = cards(at, "ind_result")
    assert len(results) == len(indicators) - len(targets) == 43
    statuses = [status_badge(s, "zh") for s in ("met", "not_met", "due_no_result", "not_yet_due")]
    assert not any(badge in c for c in results for badge in statuses)
    assert sum(status_badge("estimate", "zh") in c for c in results) == 2  # 预计: 2.4 % (专栏1) and 26.4 亿元


def test_the_table_view_has_a_status_column_and_a_csv_download() -> None:
    at = run({"area": "jiangjin"})
    targets = table(at, "ind_target")
    assert targets.columns[:2].tolist() == ["指标", "状态"]
    assert set(targets["状态"]) <= {status_label(s, "zh") for s in STATUSES}
    assert targets.set_index("指标").loc["科技型企业", "状态"] == "已到期·未公布结果"
    assert not cards(at, "ind_target")  # the table instead of the cards
    downloads = [b for b in at.get("download_button") if "ind_target_csv" in b.proto.id]
    assert len(downloads) == 1 and downloads[0].proto.label == "下载此表(CSV)"
    assert "状态" not in table(at, "ind_result").columns  # published results have no status


def test_english_cards_and_table() -> None:
    at = run({"area": "jiangjin", "lang": "en"})
    assert not at.exception
    shown = cards(at, "ind_target")
    assert len(shown) == 21
    (card,) = [c for c in shown if c.startswith("**Science and technology enterprises**")]
    assert plain(card.split("  \n")[1]) == "2020 【1125】 → 2025 >【2000】 enterprises · expected (预期性)"
    assert status_badge("due_no_result", "en") in card
    targets = table(at, "ind_target")
    assert targets.set_index("Indicator").loc["Science and technology enterprises", "Status"] == (
        "Due, no published result"
    )


def test_every_number_on_the_panel_cites_document_and_section() -> None:
    at = run({"area": "jiangjin"})
    for key in ("ind_target", "ind_result"):
        sources = table(at, key)["来源(文件 · 章节)"]
        assert sources.str.contains("《").all() and sources.str.contains(" · ").all()


@pytest.fixture
def what_if_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's caches on a data copy with one hypothetical 两江 result (tests/fixtures/what_if.py)."""
    with app_data(make_what_if_data(tmp_path / "data"), monkeypatch) as folder:
        yield folder


def test_liangjiang_2020_targets_are_due_without_a_result_and_a_published_one_decides(what_if_data: Path) -> None:
    """With the real data no 两江 2020 target is decided; with a (test) result of 520 the 500 target is met."""
    at = run({"area": "liangjiang"})
    assert not at.exception
    shown = {plain(c.split("  \n")[0]): c for c in cards(at, "ind_target")}
    assert len(shown) == 27
    met = shown["**高新技术企业**"]
    assert status_badge("met", "zh") in met and status_badge("no_baseline", "zh") in met
    others = [c for name, c in shown.items() if name != "**高新技术企业**"]
    assert all(status_badge("due_no_result", "zh") in c for c in others)
    bars = tab_of(at, "ind_target").get("progress")
    assert [plain(b.proto.text) for b in bars] == ["已公布值 520家(2020) · 进度 104%"]
    assert bars[0].proto.value == 100  # 104 % of the way: the bar is full


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
    station_text = " ".join(m.value for m in open_tab(at, "区域内的地震站点").markdown)
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
