"""Indicator families across areas, and the enterprise directory's filters and counts (geo.compare)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from geo.catalog import load_catalog
from geo.compare import (
    count_by,
    families,
    family_rows,
    filter_enterprises,
    map_options,
    map_values,
    unit_groups,
    unit_keys,
    value_points,
)

COLUMNS = [
    "id", "area", "name_zh", "name_en", "family", "unit_zh", "unit_en", "baseline_year", "baseline_value",
    "baseline_text", "target_year", "target_value", "target_text", "comparison", "cumulative", "status",
]  # fmt: skip


def indicators(*rows: tuple) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS).set_index("id", drop=False)
    for col in ("baseline_year", "target_year"):
        frame[col] = frame[col].astype("Int64")
    return frame


NAN = math.nan
NA = pd.NA


def row(
    ident: str,
    area: str,
    name_zh: str,
    name_en: str,
    family: str,
    unit_zh: str,
    unit_en: str,
    target: tuple,
    *,
    baseline: tuple = (NA, NAN, ""),
    comparison: str = "",
    cumulative: str = "",
    status: str = "target",
) -> tuple:
    """One indicator row; ``target`` and ``baseline`` are (year, value, text as printed), by default no baseline."""
    return (ident, area, name_zh, name_en, family, unit_zh, unit_en, *baseline, *target, comparison, cumulative, status)


# A family printed in two measure words of one unit (个/家 enterprises), a family in two
# different units, a value printed as a range (no number) and a row without years.
SAMPLE = indicators(
    # id, area, name_zh, name_en, family, unit_zh, unit_en, (target year, value, text)
    row("a_hte", "a", "高新技术企业", "High-tech enterprises", "hte", "个", "enterprises", (2025, 400.0, "【400】"),
        baseline=(2020, 211.0, "【211】"), comparison="≥", cumulative="yes"),
    row("b_hte", "b", "高新技术企业", "High-tech enterprises", "hte", "家", "enterprises", (2020, 500.0, "500家")),
    row("c_hte", "c", "集聚高新技术企业", "High-tech enterprises gathered", "hte", "家", "enterprises",
        (2025, 750.0, "750家")),
    row("a_hte_r", "a", "高新技术企业", "High-tech enterprises", "hte", "个", "enterprises", (2020, 211.0, "【211】"),
        baseline=(2015, 63.0, "63"), cumulative="yes", status="result"),
    row("a_inc", "a", "国家级孵化载体", "Incubation carriers", "inc", "个", "carriers", (2025, 5.0, "5个")),
    row("b_inc", "b", "国家级孵化器", "Incubators", "inc", "家", "incubators", (2020, 15.0, "超过15家"),
        comparison=">"),
    row("a_vil", "a", "示范村", "Demo villages", "vil", "个", "villages", (2025, NAN, "1-2个")),
    row("c_pers", "c", "研发人员", "R&D personnel", "pers", "", "", (NA, 6540.0, "6540"), status="result"),
)  # fmt: skip


def test_unit_key_is_the_english_unit_or_else_the_printed_one() -> None:
    assert list(unit_keys(SAMPLE)) == [
        "enterprises", "enterprises", "enterprises", "enterprises", "carriers", "incubators", "villages", "",
    ]  # fmt: skip
    frame = SAMPLE.assign(unit_en=["", "x", "", "", "", "", "", ""])
    assert unit_keys(frame).iloc[0] == "个"


def test_families_count_areas_and_take_the_most_printed_name() -> None:
    fams = families(SAMPLE)
    assert list(fams.index[:2]) == ["hte", "inc"]  # 3 areas, then 2 areas
    assert fams.loc["hte", "n_areas"] == 3 and fams.loc["hte", "n_rows"] == 4
    assert fams.loc["hte", "name_zh"] == "高新技术企业" and fams.loc["hte", "name_en"] == "High-tech enterprises"
    assert fams.loc["inc", "units"] == ("carriers", "incubators")
    assert set(fams.index) == set(SAMPLE["family"])


def test_family_rows_filter_by_status_and_carry_the_unit_key() -> None:
    targets = family_rows(SAMPLE, "hte", "target")
    assert list(targets.index) == ["a_hte", "b_hte", "c_hte"]
    assert set(targets["unit_key"]) == {"enterprises"}
    assert list(family_rows(SAMPLE, "hte").index) == ["a_hte", "b_hte", "c_hte", "a_hte_r"]
    assert family_rows(SAMPLE, "hte", "nothing").empty


def test_measure_words_of_one_unit_stay_together_but_unlike_units_are_split() -> None:
    assert [u for u, _ in unit_groups(family_rows(SAMPLE, "hte", "target"))] == ["enterprises"]
    groups = unit_groups(family_rows(SAMPLE, "inc", "target"))
    assert sorted(u for u, _ in groups) == ["carriers", "incubators"]
    assert all(len(part) == 1 for _, part in groups)


def test_value_points_keep_printed_text_years_and_signs() -> None:
    points = value_points(family_rows(SAMPLE, "hte", "target"))
    rows = {(r.area, r.point): r for r in points.itertuples()}
    assert (rows["a", "baseline"].year, rows["a", "baseline"].value, rows["a", "baseline"].text) == (
        2020,
        211.0,
        "【211】",
    )
    assert (rows["a", "target"].year, rows["a", "target"].value, rows["a", "target"].text) == (2025, 400.0, "≥【400】")
    assert (rows["b", "target"].year, rows["b", "target"].text) == (2020, "500家")
    assert ("b", "baseline") not in rows  # nothing printed
    assert len(points) == 4


def test_ranges_have_no_number_and_missing_years_are_none() -> None:
    assert value_points(family_rows(SAMPLE, "vil")).empty
    pers = value_points(family_rows(SAMPLE, "pers"))
    assert pers["year"].tolist() == [None] and pers["value"].tolist() == [6540.0]


def test_map_options_prefer_mapped_areas_then_more_areas_then_earlier_years() -> None:
    rows = family_rows(SAMPLE, "hte", "target")
    assert map_options(rows) == [("enterprises", 2025), ("enterprises", 2020)]  # 2 areas before 1
    assert map_options(rows, mapped={"b"}) == [("enterprises", 2020), ("enterprises", 2025)]
    assert map_options(family_rows(SAMPLE, "vil")) == []  # no number, nothing to map
    assert map_options(family_rows(SAMPLE, "pers")) == [("", None)]


def test_map_values_pick_one_unit_and_one_year() -> None:
    rows = family_rows(SAMPLE, "hte", "target")
    assert list(map_values(rows, "enterprises", 2025).index) == ["a", "c"]
    assert list(map_values(rows, "enterprises", 2020)["target_value"]) == [500.0]
    assert map_values(rows, "people", 2025).empty
    assert list(map_values(family_rows(SAMPLE, "pers"), "", None).index) == ["c"]


def test_real_families_include_the_acceptance_examples() -> None:
    catalog = load_catalog()
    fams = families(catalog.indicators)
    for family in ("rd_intensity", "high_tech_enterprises", "tech_enterprises", "patents_per_10k", "platforms"):
        assert fams.loc[family, "n_areas"] >= 1
    rows = family_rows(catalog.indicators, "high_tech_enterprises", "target")
    values = map_values(rows, "enterprises", 2025)
    assert values.loc["jiulongpo", "target_value"] == 750.0 and values.loc["jj_sci", "target_value"] == 250.0
    assert map_values(rows, "enterprises", 2020).loc["liangjiang", "target_value"] == 500.0
    # Jiangjin's 【】 counts are cumulative (its tables say so): a family of their own
    assert "jiangjin" not in set(rows["area"])
    cumulative = family_rows(catalog.indicators, "high_tech_enterprises_cumulative", "target")
    assert map_values(cumulative, "enterprises", 2025).loc["jiangjin", "target_text"] == "【400】"


def test_no_real_family_mixes_cumulative_and_stock_counts_or_the_audits_pairs() -> None:
    ind = load_catalog().indicators
    mixed = [f for f, rows in ind.groupby("family") if rows["cumulative"].nunique() > 1]
    assert mixed == []
    family = ind["family"]
    assert family["lj_nidz_overseas_talent"] != family["lj_2020_overseas_talent"]  # 62 (undated) vs 700 high-level
    assert family["tjh_2025_rd_institutions"] != family["lj_2020_rd_institutions"]  # 研发机构 vs 法人化研发机构
    assert family["jj_sci_2025_incubators_national"] != family["lj_2020_incubators_national"]  # 孵化载体 vs 孵化器
    assert family["jj_s1_08_patents_per_10k"] == family["jj_s2_09_patents_per_10k"]  # one measure, two prints


def test_families_of_the_mini_data(mini_data: Path) -> None:
    fams = families(load_catalog(mini_data).indicators)
    assert set(fams.index) == {"rd_intensity", "high_tech_enterprises"}
    assert (fams["n_areas"] == 1).all()


ENTERPRISES = pd.DataFrame(
    {
        "id": ["gear", "abb", "byd", "seed"],
        "name_zh": ["重庆齿轮箱", "重庆ABB", "比亚迪", "种业公司"],
        "name_en": ["Chongqing Gearbox", "Chongqing ABB", "BYD", ""],
        "area": ["jiangjin", "jiangjin", "bishan", "jiangjin"],
        "industry_zh": ["装备制造", "装备制造", "动力电池", "现代农业"],
        "role_zh": ["龙头企业", "龙头企业", "项目", "依托单位"],
    }
).set_index("id", drop=False)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["gear", "abb", "byd", "seed"]),
        ("齿轮", ["gear"]),
        ("gearbox", ["gear"]),
        ("  CHONGQING ", ["gear", "abb"]),
        ("abb", ["abb"]),
        ("重庆", ["gear", "abb"]),
        ("nothing", []),
    ],
)
def test_search_matches_chinese_or_english_substrings(query: str, expected: list[str]) -> None:
    assert list(filter_enterprises(ENTERPRISES, query).index) == expected


def test_filters_combine() -> None:
    assert list(filter_enterprises(ENTERPRISES, areas=["jiangjin"], industries=["装备制造"]).index) == ["gear", "abb"]
    assert list(filter_enterprises(ENTERPRISES, "重庆", roles=["项目"]).index) == []
    assert list(filter_enterprises(ENTERPRISES, roles=["依托单位", "项目"]).index) == ["byd", "seed"]


def test_counts_are_largest_first_ties_in_data_order() -> None:
    by_area = count_by(ENTERPRISES, "area")
    assert by_area.to_dict() == {"jiangjin": 3, "bishan": 1}
    assert list(count_by(ENTERPRISES, "industry_zh").index) == ["装备制造", "动力电池", "现代农业"]
