"""Indicator arithmetic: the change still required, implied annual growth, progress.

Percentages are shares, so their change is expressed in percentage points and
their pace as points per year; counts and money grow at a compound annual rate.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

SHARE_UNITS = ("%",)


@dataclass(frozen=True)
class TargetMath:
    """What a baseline → target pair implies.

    Attributes
    ----------
    years
        Target year minus baseline year.
    change
        Target minus baseline, in the indicator's unit (points for percentages).
    is_share
        True when the unit is a percentage, so ``change`` is in percentage points.
    annual_change
        ``change / years`` (used for shares).
    annual_growth
        Compound annual growth rate as a fraction (used for counts and money).
    achieved
        True for rows that record a result (the change happened), False for targets.
    """

    years: int | None
    change: float | None
    is_share: bool
    annual_change: float | None
    annual_growth: float | None
    achieved: bool


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def target_math(row: pd.Series) -> TargetMath:
    """Compute the change and pace implied by one indicator row.

    Parameters
    ----------
    row
        A row of the indicators table (``baseline_*``, ``target_*``, ``unit_zh``, ``status``).

    Returns
    -------
    TargetMath
        Fields are None where the printed values do not allow the computation
        (a missing baseline, a zero baseline for growth, equal years).
    """
    base, target = _number(row.get("baseline_value")), _number(row.get("target_value"))
    by, ty = _number(row.get("baseline_year")), _number(row.get("target_year"))
    is_share = str(row.get("unit_zh", "")).strip() in SHARE_UNITS
    achieved = row.get("status") == "result"
    years = int(ty - by) if by is not None and ty is not None and ty > by else None
    if base is None or target is None:
        return TargetMath(years, None, is_share, None, None, achieved)
    change = target - base
    annual_change = change / years if years else None
    growth = None
    if years and not is_share and base > 0 and target > 0:
        growth = (target / base) ** (1.0 / years) - 1.0
    return TargetMath(years, change, is_share, annual_change if is_share else None, growth, achieved)


def progress(baseline: float, target: float, actual: float) -> float | None:
    """Share of the way from baseline to target that an actual value has covered.

    Parameters
    ----------
    baseline, target, actual
        Values in the same unit.

    Returns
    -------
    float or None
        0.0 at the baseline, 1.0 at the target (may exceed 1); None when
        baseline equals target.
    """
    if target == baseline:
        return None
    return (actual - baseline) / (target - baseline)


ESTIMATE_OF_POINT = {"baseline": "baseline", "target": "value"}  # point of a row -> its ``estimate`` value


def is_estimate(row: pd.Series, point: str) -> bool:
    """Return True when the document calls one printed number of the row an estimate (预计, 近 …).

    Parameters
    ----------
    row
        A row of the indicators table; without an ``estimate`` field nothing is an estimate.
    point
        ``"baseline"`` (``baseline_*``) or ``"target"`` (``target_*``: the target, or a result row's result).
    """
    value = row.get("estimate", "")
    return isinstance(value, str) and value == ESTIMATE_OF_POINT[point]


_BARE_NUMBER = re.compile(r"【?[-+]?[\d.,]+】?")


def printed_value(text: str, comparison: str = "") -> str:
    """Return a value for display exactly as printed, with its comparison sign when the print is a bare number.

    Table cells print bare numbers (``2.8``, ``【400】``) and leave "以上/不低于"
    to the column heading or text, so the sign is added; prose prints the
    qualifier itself (``1200家以上``), so the text is shown untouched.

    Parameters
    ----------
    text
        The value as printed.
    comparison
        ``≥``, ``≤``, ``>``, ``<``, ``=`` or empty.

    Returns
    -------
    str
        The display string.
    """
    if comparison and _BARE_NUMBER.fullmatch(text):
        return f"{comparison}{text}"
    return text
