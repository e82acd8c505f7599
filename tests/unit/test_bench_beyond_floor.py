"""bench.report: the first view beyond the empty page, app against baseline, per round and of the medians."""

from __future__ import annotations

import pytest

from bench.report import beyond_floor, beyond_floor_rounds, evaluate_targets, summarize_points

BYTES = {"total": 1, "websocket": 0, "streamlit_frontend": 0, "component_frontend": 0}


def _view(round_: int, drawn_s: float) -> dict:
    drawn = {"first_polygon_ms": drawn_s * 1000 - 100}
    return {"round": round_, "time_to_drawn_s": drawn_s, "drawn": drawn, "bytes": BYTES, "reruns": 1}


def _kind(views: list[dict]) -> dict:
    return {"views": views, "clicks": [], "rss_after_first_view": None, "rss_end": None, "cold": None,
            "errors": [], "stopped": ""}  # fmt: skip


SCENARIO = {
    "points": 1000,
    # round 1 has no floor view (it failed), round 3 no baseline view: both are left out of the per-round values
    "floor": {"clicks": [], "views_s": [1.0, 2.0, 1.0], "views_round": [0, 2, 3]},
    "app": _kind([_view(0, 2.0), _view(1, 2.0), _view(2, 2.5), _view(3, 1.5)]),
    "baseline": _kind([_view(0, 3.0), _view(1, 3.0), _view(2, 5.0)]),
}


def test_beyond_floor() -> None:
    assert beyond_floor(2.3, 2.7, 1.0) == pytest.approx(1.3 / 1.7)
    assert beyond_floor(2.0, 1.0, 1.0) is None  # the baseline no slower than the floor: no ratio
    assert beyond_floor(None, 2.0, 1.0) is None


def test_each_round_is_measured_against_its_own_floor() -> None:
    assert beyond_floor_rounds(SCENARIO) == [pytest.approx(0.5), pytest.approx(1 / 6)]
    summary = summarize_points(SCENARIO)
    assert summary["beyond_floor_rounds"]["median"] == pytest.approx((0.5 + 1 / 6) / 2)
    # of the medians: app 2.0, baseline 3.0, floor 1.0
    assert summary["ratios"]["beyond_floor"] == pytest.approx(0.5)
    target = next(t for t in evaluate_targets([summary]) if t["key"] == "beyond_floor_ratio")
    assert target["value"] == pytest.approx(1 / 3) and target["status"] == "pass"
