"""Monitoring of targets (监测评估): which targets are met, missed, due without a published result, or not yet due.

One function decides a target's status, and the panel's cards, the monitoring
page and the exports all use it. The rules, stated in the README:

- A target is **due** once its target year has ended (a 2025 target is due from
  1 January 2026).
- Only a **published value** can decide it: a result row, or a baseline printed
  by another row, for the same area and measure (``family``), in the same unit,
  both cumulative (【】/累计) or both not. A value the document calls an estimate
  (预计, the ``estimate`` column) is never an outcome.
- A due target is **met** or **not met** by the published value for its target
  year, or when there is none, by the earliest later one, compared with the
  printed sign (≥, >, ≤, <, =; a bare number reads as "reach at least"). A target
  without a printed number (``1-2个``) is never decided.
- Nothing is inferred: no interpolation, no value from another area, another
  measure or another unit; a due target without such a value is **due, no
  published result**.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from geo.indicators import progress

Status = Literal["met", "not_met", "due_no_result", "not_yet_due"]

#: The statuses in the order they are listed and counted.
STATUSES: tuple[Status, ...] = ("met", "not_met", "due_no_result", "not_yet_due")

#: Comparison used when a target prints a bare number ("达到1200家"): reach at least.
DEFAULT_COMPARISON = "≥"

# the columns a published value is matched on: like with like only
_MEASURE = ["area", "family", "unit_zh", "cumulative"]


@dataclass(frozen=True)
class Assessment:
    """The monitoring verdict on one target.

    Attributes
    ----------
    indicator
        The target row's id.
    status
        One of :data:`STATUSES`.
    has_baseline
        True when the target row prints a baseline value.
    outcome
        Id of the row whose published value decided ``met``/``not_met``, else None.
    actual
        Id of the row whose published value the progress bar shows (the outcome,
        or the newest value after the baseline year), else None.
    actual_year, actual_value
        That value and its year.
    actual_kind
        ``"result"`` when the value is a result row's, ``"baseline"`` when it is
        another row's printed baseline.
    progress
        Share of the way from baseline (or zero) to target that ``actual`` covers.
    """

    indicator: str
    status: Status
    has_baseline: bool
    outcome: str | None = None
    actual: str | None = None
    actual_year: int | None = None
    actual_value: float | None = None
    actual_kind: str | None = None
    progress: float | None = None


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _flag(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else str(value)


def _with_id_column(indicators: pd.DataFrame) -> pd.DataFrame:
    """Return the table with ``id`` as a column (the catalog keeps it both as index and column)."""
    return indicators if "id" in indicators.columns else indicators.reset_index()


def _by_id(indicators: pd.DataFrame) -> pd.DataFrame:
    """Return the table indexed by ``id``."""
    return indicators.set_index("id") if "id" in indicators.columns else indicators


def is_due(target_year: int | None, today: dt.date) -> bool:
    """Return True once the target year has ended (a target without a year is never due).

    Parameters
    ----------
    target_year
        The year a target is set for.
    today
        The date of the assessment.
    """
    return target_year is not None and today > dt.date(int(target_year), 12, 31)


def meets(value: float, target: float, comparison: str = "") -> bool:
    """Return True when ``value`` satisfies ``comparison target`` (a bare target reads as ``≥``).

    Parameters
    ----------
    value
        The published value.
    target
        The printed target.
    comparison
        ``≥``, ``>``, ``≤``, ``<``, ``=`` or empty.
    """
    sign = comparison or DEFAULT_COMPARISON
    if sign == "≥":
        return value >= target
    if sign == ">":
        return value > target
    if sign == "≤":
        return value <= target
    if sign == "<":
        return value < target
    if sign == "=":
        return math.isclose(value, target)
    raise ValueError(f"unknown comparison sign {comparison!r}")


def published_values(indicators: pd.DataFrame) -> pd.DataFrame:
    """Return every printed value that can measure a target, one row per value.

    Parameters
    ----------
    indicators
        The indicators table (``status``, ``target_*``, ``baseline_*``, ``estimate``, the measure columns).

    Returns
    -------
    pandas.DataFrame
        Columns ``id`` (the row printing it), ``kind`` (``result`` or
        ``baseline``), ``year``, ``value`` and the measure columns
        (area, family, unit, cumulative). Estimates (预计) and undated values
        are left out.
    """
    frame = _with_id_column(indicators)
    estimate = frame.get("estimate", pd.Series("", index=frame.index)).map(_flag)
    measure = frame[_MEASURE].map(_flag)
    results = frame["status"] == "result"
    parts = [
        pd.DataFrame(
            {"id": frame["id"], "kind": "result", "year": frame["target_year"], "value": frame["target_value"]}
        )[results & (estimate != "value")].join(measure),
        pd.DataFrame(
            {"id": frame["id"], "kind": "baseline", "year": frame["baseline_year"], "value": frame["baseline_value"]}
        )[estimate != "baseline"].join(measure),
    ]
    values = pd.concat(parts, ignore_index=True)
    values["year"] = pd.to_numeric(values["year"], errors="coerce")
    values["value"] = pd.to_numeric(values["value"], errors="coerce")
    return values.dropna(subset=["year", "value"]).astype({"year": int}).reset_index(drop=True)


def _same_measure(target: pd.Series, values: pd.DataFrame) -> pd.DataFrame:
    mask = pd.Series(True, index=values.index)
    for column in _MEASURE:
        mask &= values[column] == _flag(target.get(column))
    return values[mask & (values["id"] != target["id"])]


def _progress(target: pd.Series, actual: float) -> float | None:
    goal, base = _number(target.get("target_value")), _number(target.get("baseline_value"))
    if goal is None:
        return None
    if base is not None:
        return progress(base, goal, actual)
    if _flag(target.get("comparison")) in ("", "≥", ">") and goal > 0:
        return actual / goal
    return None


def assess(target: pd.Series, values: pd.DataFrame, *, today: dt.date) -> Assessment:
    """Decide one target's status from the published values.

    Parameters
    ----------
    target
        A row of the indicators table with ``status == "target"`` (``id`` as a column).
    values
        :func:`published_values` of the whole table.
    today
        The date of the assessment.

    Returns
    -------
    Assessment
    """
    year = _number(target.get("target_year"))
    base_year = _number(target.get("baseline_year"))
    goal = _number(target.get("target_value"))
    has_baseline = _number(target.get("baseline_value")) is not None
    same = _same_measure(target, values)
    # results before baselines, then the order of the table: the first printed value of a year wins
    same = same.assign(_rank=(same["kind"] != "result").astype(int)).sort_values(["year", "_rank"], kind="stable")
    if year is not None and is_due(int(year), today):
        later = same[same["year"] >= year]
        if not later.empty and goal is not None:
            chosen = later.iloc[0]
            value = float(chosen["value"])
            return Assessment(
                indicator=str(target["id"]),
                status="met" if meets(value, goal, _flag(target.get("comparison"))) else "not_met",
                has_baseline=has_baseline,
                outcome=str(chosen["id"]),
                actual=str(chosen["id"]),
                actual_year=int(chosen["year"]),
                actual_value=value,
                actual_kind=str(chosen["kind"]),
                progress=_progress(target, value),
            )
    status: Status = "due_no_result" if year is not None and is_due(int(year), today) else "not_yet_due"
    after_base = same if base_year is None else same[same["year"] > base_year]
    before_goal = after_base if year is None else after_base[after_base["year"] <= year]
    if before_goal.empty:
        return Assessment(indicator=str(target["id"]), status=status, has_baseline=has_baseline)
    newest = before_goal.iloc[-1]
    value = float(newest["value"])
    return Assessment(
        indicator=str(target["id"]),
        status=status,
        has_baseline=has_baseline,
        actual=str(newest["id"]),
        actual_year=int(newest["year"]),
        actual_value=value,
        actual_kind=str(newest["kind"]),
        progress=_progress(target, value),
    )


def assessments_from_indicators(indicators: pd.DataFrame, *, today: dt.date) -> pd.DataFrame:
    """Assess every target of the table.

    Parameters
    ----------
    indicators
        The indicators table (indexed by id, or with an ``id`` column).
    today
        The date of the assessment.

    Returns
    -------
    pandas.DataFrame
        One row per target, indexed by indicator id, with the fields of
        :class:`Assessment` (``status`` as an ordered categorical of :data:`STATUSES`).
    """
    frame = _with_id_column(indicators)
    values = published_values(frame)
    targets = frame[frame["status"] == "target"]
    rows = [assess(row, values, today=today).__dict__ for _, row in targets.iterrows()]
    table = pd.DataFrame(rows, columns=list(Assessment.__dataclass_fields__))
    table["status"] = pd.Categorical(table["status"], categories=list(STATUSES), ordered=True)
    return table.set_index("indicator")


def status_counts(statuses: pd.Series) -> pd.Series:
    """Count targets per status, every status listed (zero included), in :data:`STATUSES` order.

    Parameters
    ----------
    statuses
        One status per target (``assessments["status"]``, or ``monitoring_rows(...)["verdict"]``).
    """
    return statuses.astype(str).value_counts(sort=False).reindex(list(STATUSES), fill_value=0)


def plan_periods(rows: pd.DataFrame) -> pd.DataFrame:
    """Count each area's targets by target year and status: what was due in 2020, in 2025, what is due in 2035.

    Parameters
    ----------
    rows
        :func:`monitoring_rows` (every target, or those chosen).

    Returns
    -------
    pandas.DataFrame
        Index (area, target year), one column per status, and ``total``.
    """
    years = pd.to_numeric(rows["target_year"], errors="coerce").astype("Int64")
    counts = (
        rows.assign(target_year=years)
        .groupby(["area", "target_year", "verdict"], observed=False, dropna=False)
        .size()
        .unstack("verdict", fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
    )
    counts = counts[counts.sum(axis=1) > 0]
    counts["total"] = counts.sum(axis=1)
    return counts.rename_axis(columns=None)


def monitoring_rows(
    assessments: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    areas: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
    statuses: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Join each target's assessment to its row and keep those chosen; an empty choice keeps all.

    Parameters
    ----------
    assessments
        :func:`assessments_from_indicators`.
    indicators
        The indicators table (indexed by id, or with an ``id`` column).
    areas, sources, statuses
        Area ids, source ids and statuses to keep.

    Returns
    -------
    pandas.DataFrame
        The target rows with the assessment's columns (``status`` renamed
        ``verdict``, since ``status`` is the row's target/result kind), ordered
        by target year, area and the table's order.
    """
    frame = _by_id(indicators)
    rows = frame.loc[assessments.index].join(assessments.rename(columns={"status": "verdict"}))
    keep = pd.Series(True, index=rows.index)
    for column, chosen in (("area", areas), ("source", sources), ("verdict", statuses)):
        if chosen:
            keep &= rows[column].astype(str).isin(chosen)
    rows = rows[keep]
    order = pd.Series(range(len(frame)), index=frame.index)
    return (
        rows.assign(_order=order.loc[rows.index]).sort_values(["target_year", "area", "_order"]).drop(columns="_order")
    )
