"""Indicator arithmetic."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.indicators import progress, target_math


def row(**kw: object) -> pd.Series:
    base = {"baseline_year": 2020, "target_year": 2025, "unit_zh": "个", "status": "target"}
    return pd.Series({**base, **kw})


def test_count_target_grows_at_compound_rate() -> None:
    m = target_math(row(baseline_value=211.0, target_value=400.0))
    assert m.years == 5 and m.change == 189.0 and not m.is_share
    assert m.annual_growth == pytest.approx((400 / 211) ** 0.2 - 1)
    assert m.annual_growth == pytest.approx(0.1364, abs=1e-4)
    assert m.annual_change is None


def test_share_target_is_in_percentage_points() -> None:
    m = target_math(row(unit_zh="%", baseline_value=2.4, target_value=2.8))
    assert m.is_share and m.change == pytest.approx(0.4)
    assert m.annual_change == pytest.approx(0.08)
    assert m.annual_growth is None


def test_missing_baseline_gives_no_arithmetic() -> None:
    m = target_math(row(unit_zh="%", baseline_value=None, target_value=65.0))
    assert m.change is None and m.annual_growth is None and m.years == 5


def test_missing_years_and_nan_are_handled() -> None:
    m = target_math(row(baseline_year=pd.NA, baseline_value=float("nan"), target_value=4.0))
    assert m.years is None and m.change is None


def test_results_are_marked_achieved() -> None:
    assert target_math(row(status="result", baseline_value=63.0, target_value=211.0)).achieved


def test_progress() -> None:
    assert progress(211, 400, 305.5) == pytest.approx(0.5)
    assert progress(10, 10, 12) is None


def test_printed_value_adds_the_sign_only_to_bare_numbers() -> None:
    from geo.indicators import printed_value

    assert printed_value("【400】", "≥") == "≥【400】"
    assert printed_value("2.8", "≥") == "≥2.8"
    assert printed_value("1200家以上", "≥") == "1200家以上"
    assert printed_value("—", "") == "—"
    assert printed_value("65", "") == "65"


def test_latest_actual_picks_the_newest_result_inside_the_target_period() -> None:
    from geo.indicators import latest_actual

    target = pd.Series(
        {"area": "a", "family": "hte", "unit_zh": "个", "baseline_year": 2020, "target_year": 2025,
         "target_value": 400.0}
    )  # fmt: skip
    results = pd.DataFrame(
        [
            {"area": "a", "family": "hte", "unit_zh": "个", "target_year": 2022, "target_value": 260.0},
            {"area": "a", "family": "hte", "unit_zh": "个", "target_year": 2023, "target_value": 300.0},
            {"area": "a", "family": "hte", "unit_zh": "个", "target_year": 2020, "target_value": 211.0},
            {"area": "b", "family": "hte", "unit_zh": "个", "target_year": 2024, "target_value": 999.0},
            {"area": "a", "family": "hte", "unit_zh": "%", "target_year": 2024, "target_value": 5.0},
        ]
    )
    assert latest_actual(target, results)["target_value"] == 300.0
    assert latest_actual(target, results[results["target_year"] < 2021]) is None


def test_a_result_the_document_calls_an_estimate_is_not_taken_as_the_actual() -> None:
    from geo.indicators import is_estimate, latest_actual

    target = pd.Series(
        {"area": "a", "family": "rd", "unit_zh": "%", "baseline_year": 2020, "target_year": 2025, "target_value": 2.8}
    )
    results = pd.DataFrame(
        [
            {"area": "a", "family": "rd", "unit_zh": "%", "target_year": 2022, "target_value": 2.5, "estimate": ""},
            {
                "area": "a",
                "family": "rd",
                "unit_zh": "%",
                "target_year": 2023,
                "target_value": 2.6,
                "estimate": "value",
            },
            {
                "area": "a",
                "family": "rd",
                "unit_zh": "%",
                "target_year": 2024,
                "target_value": 2.7,
                "estimate": "baseline",
            },
        ]
    )
    assert latest_actual(target, results)["target_value"] == 2.7  # only its baseline is estimated
    assert latest_actual(target, results.iloc[:2])["target_value"] == 2.5  # 2023's 2.6 is 预计
    row = results.iloc[1]
    assert is_estimate(row, "target") and not is_estimate(row, "baseline")
    assert is_estimate(results.iloc[2], "baseline") and not is_estimate(target, "target")  # no column: none
