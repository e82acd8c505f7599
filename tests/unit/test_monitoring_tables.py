"""The monitoring page's pure table builders: labels, published values as printed, one column per plan period."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from components.tables import monitoring_table, periods_table, published_text, status_count_frame
from geo.catalog import load_catalog
from geo.monitoring import assessments_from_indicators, monitoring_rows, plan_periods, status_counts

CATALOG = load_catalog()
VERDICTS = assessments_from_indicators(CATALOG.indicators, today=dt.date(2026, 12, 1))


def test_the_table_has_one_row_per_target_with_status_source_and_link() -> None:
    rows = monitoring_rows(VERDICTS, CATALOG.indicators, areas=("jiangjin",))
    links = pd.Series({"jiangjin": "./map?area=jiangjin"})
    table = monitoring_table(rows, CATALOG, links, "zh")
    assert len(table) == len(rows) and list(table.columns)[-1] == "地图"
    row = table.set_index("指标").loc["科技型企业"]
    assert row["基期"] == "2020: 【1125】" and row["目标"] == "2025: >【2000】"
    assert row["状态"] == "已到期·未公布结果" and row["地图"] == "./map?area=jiangjin"
    assert row["来源(文件 · 章节)"].startswith("《江津区“十四五”科技创新发展规划") and row[
        "来源(文件 · 章节)"
    ].endswith("专栏2 第6项")


def test_a_published_value_names_its_year_and_kind() -> None:
    row = pd.Series({"actual_value": 6540.0, "actual_year": 2020, "actual_kind": "result"})
    assert published_text(row, "zh") == "2020: 6540(公布结果)"
    assert published_text(row, "en") == "2020: 6540 (published result)"
    assert published_text(pd.Series({"actual_value": float("nan")}), "zh") == ""


def test_counts_frame_lists_every_status_in_order() -> None:
    frame = status_count_frame(status_counts(VERDICTS["status"]), "en")
    assert list(frame["status"]) == ["met", "not_met", "due_no_result", "not_yet_due"]
    assert list(frame["label"]) == ["Met", "Not met", "Due, no published result", "Not yet due"]
    assert frame["count"].sum() == len(VERDICTS)


def test_the_periods_table_has_one_row_per_area_and_one_column_per_year() -> None:
    table = periods_table(plan_periods(monitoring_rows(VERDICTS, CATALOG.indicators)), CATALOG, "zh").set_index("区域")
    assert list(table.columns) == ["2020年", "2025年", "2035年"]
    assert table.loc["江津区", "2035年"] == "1项:未到期 1"
    assert table.loc["九龙坡区", "2020年"] == ""  # 九龙坡 sets no 2020 target


def test_every_status_has_a_badge_and_a_chart_colour_in_both_languages() -> None:
    from components.status import STATUS_COLORS, status_badge

    for status in ("met", "not_met", "due_no_result", "not_yet_due", "no_baseline"):
        assert status_badge(status, "zh").startswith(":") and status_badge(status, "en").endswith("]")
    assert status_badge("met", "zh") == ":green-badge[:material/check_circle: 已达成]"
    assert set(STATUS_COLORS) == {"met", "not_met", "due_no_result", "not_yet_due"}
