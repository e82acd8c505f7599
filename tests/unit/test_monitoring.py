"""The monitoring status (监测评估) on the printed cases: what the documents let one say of each target, no more."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.catalog import Catalog
from geo.monitoring import (
    STATUSES,
    Assessment,
    assess,
    assessments_from_indicators,
    is_due,
    meets,
    monitoring_rows,
    plan_periods,
    published_values,
    status_counts,
)
from tests.unit.conftest import TODAY


def _what_if(catalog: Catalog, like: str, **changes: object) -> pd.DataFrame:
    """The real table plus one hypothetical target shaped like row ``like`` (the documents print no such target)."""
    row = catalog.indicators.loc[like].copy()
    row["id"], row["status"] = "what_if", "target"
    for key, value in changes.items():
        row[key] = value
    return pd.concat([catalog.indicators, row.to_frame("what_if").T])


def test_a_target_is_due_once_its_year_has_ended() -> None:
    assert not is_due(2026, dt.date(2026, 12, 31))
    assert is_due(2025, dt.date(2026, 1, 1))
    assert not is_due(None, TODAY)


@pytest.mark.parametrize(
    ("value", "target", "sign", "expected"),
    [
        (65, 65, "≥", True),
        (65, 65, ">", False),  # 超过65%: reaching 65 is not enough
        (30, 30, "≤", True),  # 降低至30%以下
        (31, 30, "≤", False),
        (29.9, 30, "<", True),
        (1200, 1200, "", True),  # 达到1200家: a bare number reads as "reach at least"
        (1199, 1200, "", False),
        (4, 4, "=", True),
    ],
)
def test_meets_uses_the_printed_sign(value: float, target: float, sign: str, expected: bool) -> None:
    assert meets(value, target, sign) is expected


def test_an_unknown_sign_is_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="约"):
        meets(1, 1, "约")


def test_every_target_gets_exactly_one_status(catalog: Catalog, assessments: pd.DataFrame) -> None:
    targets = catalog.indicators[catalog.indicators["status"] == "target"]
    assert set(assessments.index) == set(targets.index)
    assert assessments["status"].notna().all()
    assert status_counts(assessments["status"]).sum() == len(targets)
    assert list(status_counts(assessments["status"]).index) == list(STATUSES)


def test_liangjiang_2020_targets_are_due_without_a_published_result(
    catalog: Catalog, assessments: pd.DataFrame
) -> None:
    """004 prints 2020 results for the whole 自创区 (高新区, 璧山, 两江直管园), not for 两江新区.

    So nothing decides 两江's targets: its 938 高新技术企业 (2020) belong to another area than 两江's 500, and
    its 海外人才62名 is undated.
    """
    ids = catalog.indicators.index[
        (catalog.indicators["area"] == "liangjiang") & (catalog.indicators["target_year"] == 2020)
    ]
    assert len(ids) == 27
    assert set(assessments.loc[ids, "status"]) == {"due_no_result"}
    assert pd.isna(assessments.loc["lj_2020_high_tech_ent", "outcome"])
    assert pd.isna(assessments.loc["lj_2020_overseas_talent", "actual"])


def test_2025_targets_are_due_without_result_and_2035_not_yet(catalog: Catalog, assessments: pd.DataFrame) -> None:
    years = catalog.indicators.loc[assessments.index, "target_year"]
    assert set(assessments.loc[years[years == 2025].index, "status"]) == {"due_no_result"}
    assert assessments.loc["jj_2035_rd_intensity", "status"] == "not_yet_due"
    before = assessments_from_indicators(catalog.indicators, today=dt.date(2025, 12, 31))
    assert before.loc["jj_s2_06_tech_ent", "status"] == "not_yet_due"  # the last day of 2025: not due yet


def test_a_baseline_is_reported_when_printed(assessments: pd.DataFrame) -> None:
    assert assessments.loc["jj_s2_06_tech_ent", "has_baseline"]  # 【1125】 → 【2000】
    assert not assessments.loc["jj_sci_2025_tech_ent", "has_baseline"]  # 科技型企业1200家以上
    assert not assessments.loc["jj_s2_10_tech_progress", "has_baseline"]  # printed "—"


def test_a_published_result_for_the_target_year_decides(catalog: Catalog) -> None:
    """专栏1 prints 6540 R&D personnel for 2020: a 2020 target of 6000 is met, one of 7000 is not."""
    met = assess_what_if(catalog, "jj_s1_02_rd_personnel", target_value=6000.0, baseline_value=2667.0)
    assert (met.status, met.outcome, met.actual_value) == ("met", "jj_s1_02_rd_personnel", 6540.0)
    assert met.progress == pytest.approx((6540 - 2667) / (6000 - 2667))
    missed = assess_what_if(catalog, "jj_s1_02_rd_personnel", target_value=7000.0)
    assert missed.status == "not_met"


def test_an_estimate_is_never_an_outcome(catalog: Catalog) -> None:
    """正文: 研发投入强度"预计"达到2.4% (the 2.4 of 专栏1): a 2020 target of 2.4 % stays undecided."""
    table = _what_if(catalog, "jj_s1_01_rd_intensity", target_value=2.0, comparison="≥", baseline_value=None)
    table.loc["jj_s1_01_rd_intensity", "estimate"] = "value"
    table.loc["jj_s2_01_rd_intensity", "estimate"] = "baseline"  # the same 预计 figure, printed as 专栏2's baseline
    verdict = assess(table.loc["what_if"], published_values(table), today=TODAY)
    assert verdict.status == "due_no_result" and verdict.outcome is None
    published = published_values(table)
    assert not ((published["id"] == "jj_s1_01_rd_intensity") & (published["kind"] == "result")).any()


def test_a_value_in_another_unit_or_cumulation_does_not_decide(catalog: Catalog) -> None:
    """10.67 项/万人 (专栏1) and 10 件/万人 (专栏2's baseline) are printed in different units: neither decides.

    A count of firms in existence is another measure than a cumulative 【】 count.
    """
    other_unit = assess_what_if(catalog, "jj_s1_08_patents_per_10k", unit_zh="件/万人", target_value=10.0)
    assert other_unit.outcome == "jj_s2_09_patents_per_10k"  # only the 件/万人 value, a baseline, decides
    assert other_unit.actual_kind == "baseline"
    stock = assess_what_if(catalog, "jj_s1_06_tech_ent", cumulative="", target_value=1000.0)
    assert stock.status == "due_no_result"  # 【1125】 is cumulative; a count of firms in existence is another measure


def test_another_areas_value_never_decides(catalog: Catalog) -> None:
    """自创区's 938 高新技术企业 in 2020 say nothing about 两江新区's 500."""
    verdict = assess_what_if(catalog, "nidz_2020_high_tech_ent", area="liangjiang", target_value=500.0)
    assert verdict.status == "due_no_result"


def test_a_target_without_a_printed_number_is_never_decided(catalog: Catalog, assessments: pd.DataFrame) -> None:
    assert assessments.loc["jj_2025_smart_agri_villages", "status"] == "due_no_result"  # 1-2个


def test_plan_periods_count_each_areas_targets_per_year(catalog: Catalog, assessments: pd.DataFrame) -> None:
    periods = plan_periods(monitoring_rows(assessments, catalog.indicators))
    assert periods.loc[("liangjiang", 2020), "total"] == 27
    assert periods.loc[("jiangjin", 2035), "not_yet_due"] == 1
    assert periods["total"].sum() == len(assessments)
    assert list(periods.columns) == [*STATUSES, "total"]


def assess_what_if(catalog: Catalog, like: str, **changes: object) -> Assessment:
    table = _what_if(catalog, like, **changes)
    return assess(table.loc["what_if"], published_values(table), today=TODAY)


@given(
    value=st.floats(-1e6, 1e6, allow_nan=False),
    target=st.floats(-1e6, 1e6, allow_nan=False),
)
def test_at_least_and_at_most_partition_the_line(value: float, target: float) -> None:
    """Every value meets ≥ or ≤ (both at the target), never neither; > and ≤ are exact complements."""
    assert meets(value, target, "≥") or meets(value, target, "≤")
    assert meets(value, target, ">") != meets(value, target, "≤")


def test_monitoring_rows_filter_by_area_source_and_status(catalog: Catalog, assessments: pd.DataFrame) -> None:
    every = monitoring_rows(assessments, catalog.indicators)
    assert len(every) == len(assessments) and list(every["target_year"]) == sorted(every["target_year"])
    liangjiang = monitoring_rows(assessments, catalog.indicators, areas=("liangjiang",))
    assert set(liangjiang["area"]) == {"liangjiang"} and len(liangjiang) == 27
    plans = monitoring_rows(assessments, catalog.indicators, sources=("jlp_plan_2022",))
    assert set(plans["source"]) == {"jlp_plan_2022"}
    later = monitoring_rows(assessments, catalog.indicators, statuses=("not_yet_due",))
    assert list(later.index) == ["jj_2035_rd_intensity"]
    assert monitoring_rows(assessments, catalog.indicators, statuses=("met",)).empty
