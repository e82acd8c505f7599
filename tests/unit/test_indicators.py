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


def test_is_estimate_reads_which_printed_number_the_document_calls_an_estimate() -> None:
    from geo.indicators import is_estimate

    value = pd.Series({"estimate": "value"})
    baseline = pd.Series({"estimate": "baseline"})
    assert is_estimate(value, "target") and not is_estimate(value, "baseline")
    assert is_estimate(baseline, "baseline") and not is_estimate(baseline, "target")
    assert not is_estimate(pd.Series({"target_value": 1.0}), "target")  # no column: no estimate
