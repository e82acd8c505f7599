"""The monitoring page (监测评估) through AppTest: every due target with its status, counts, filters and map links."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from streamlit.testing.v1 import AppTest

from components.i18n import name_of
from geo.catalog import load_catalog
from tests.app.test_pages import run

CATALOG = load_catalog()
TARGETS = CATALOG.indicators[CATALOG.indicators["status"] == "target"]
LIANGJIANG = name_of(CATALOG.areas.loc["liangjiang"], "zh")  # the national new area, told apart from the district


def _tables(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe if "状态" in d.value.columns or "Status" in d.value.columns]


def test_every_2020_and_2025_target_is_listed_with_its_status() -> None:
    at = run(page="monitoring")
    assert not at.exception
    headings = [s.value for s in at.subheader]
    due = {y: int((TARGETS["target_year"] == y).sum()) for y in (2020, 2025, 2035)}
    assert [h for h in headings if "年目标" in h] == [f"{y}年目标({n}项)" for y, n in due.items()]
    tables = _tables(at)
    assert sum(len(t) for t in tables) == len(TARGETS)
    everything = pd.concat(tables)
    assert set(everything["指标"]) == set(TARGETS["name_zh"])
    assert set(everything["状态"]) <= {"已达成", "未达成", "已到期·未公布结果", "未到期"}
    if dt.date.today() > dt.date(2025, 12, 31):  # the documents publish no result for a 2020 or 2025 target
        assert (everything.loc[everything["状态"] != "未到期"].shape[0]) == due[2020] + due[2025]


def test_counts_per_status_are_charted_and_the_plan_periods_shown() -> None:
    at = run(page="monitoring")
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert charts, "no chart of counts per status"
    periods = next(d.value for d in at.dataframe if "区域" in d.value.columns and "2020年" in d.value.columns)
    liangjiang = periods.set_index("区域").loc[LIANGJIANG]
    assert liangjiang["2020年"].startswith("27项")
    assert "判断规则" in "".join(m.value for m in at.markdown)


def test_filters_narrow_the_list() -> None:
    at = run(page="monitoring")
    at.multiselect(key="mon_areas").set_value(["liangjiang"]).run()
    assert not at.exception
    (table,) = _tables(at)
    assert set(table["区域"]) == {LIANGJIANG} and len(table) == 27
    at.multiselect(key="mon_statuses").set_value(["not_yet_due"]).run()
    assert not _tables(at) and any("没有符合" in i.value for i in at.info)


def test_each_row_links_to_its_area_on_the_map_keeping_the_view() -> None:
    at = run({"lang": "en", "basemap": "none", "asof": "2023"}, page="monitoring")
    table = _tables(at)[0]
    link = table["Map"].iloc[0]
    parts = urlsplit(link)
    assert parts.path == "./map"
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    assert query["area"] == CATALOG.areas.loc[CATALOG.areas["name_en"] == table["Area"].iloc[0]].index[0]
    assert query["lang"] == "en" and query["asof"] == "2023"


def test_english_page() -> None:
    at = run({"lang": "en"}, page="monitoring")
    assert not at.exception
    assert at.header[0].value == "Monitoring"
    assert "Due, no published result" in set(pd.concat(_tables(at))["Status"])
