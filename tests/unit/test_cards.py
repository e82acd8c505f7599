"""components.cards: each indicator of the panel as a card, on the printed cases, built without Streamlit."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from components.cards import build_card, indicator_cards, value_line
from components.status import status_badge
from geo.catalog import Catalog
from geo.monitoring import assessments_from_indicators

JJ_PLAN = "《江津区“十四五”科技创新发展规划(江津府发〔2022〕3号)》"


def plain(markdown: str) -> str:
    """Return escaped Markdown as the reader sees it (backslash escapes undone)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def card_of(catalog: Catalog, assessments: pd.DataFrame, ident: str, lang: str = "zh", **changes: object):
    row = catalog.indicators.loc[ident].copy()
    for column, value in changes.items():
        row[column] = value
    return build_card(row, catalog, assessments.loc[ident] if ident in assessments.index else None, lang)


def test_jiangjin_tech_enterprises_reads_as_printed_with_status_and_source(catalog, assessments) -> None:
    """专栏2 第6项: 科技型企业 【1125】 → >【2000】 个, 预期性; due since 2026 and no result published."""
    card = card_of(catalog, assessments, "jj_s2_06_tech_ent")
    lines = card.markdown.split("  \n")
    assert lines[0] == "**科技型企业**"
    assert plain(lines[1]) == "2020 【1125】 → 2025 >【2000】 个 · 预期性"
    assert lines[2] == status_badge("due_no_result", "zh") == ":orange-badge[:material/help: 已到期·未公布结果]"
    assert plain(lines[-1]) == f":small[:gray[{JJ_PLAN} · 专栏2 第6项]]"
    assert card.id == "jj_s2_06_tech_ent" and card.progress is None  # no published value after 2020
    before = assessments_from_indicators(catalog.indicators, today=dt.date(2025, 12, 31))
    early = build_card(catalog.indicators.loc["jj_s2_06_tech_ent"], catalog, before.loc["jj_s2_06_tech_ent"], "zh")
    assert status_badge("not_yet_due", "zh") in early.markdown


def test_english_card_translates_labels_and_keeps_the_print(catalog, assessments) -> None:
    card = card_of(catalog, assessments, "jj_s2_06_tech_ent", lang="en")
    assert card.markdown.startswith("**Science and technology enterprises**")
    assert plain(card.markdown.split("  \n")[1]) == "2020 【1125】 → 2025 >【2000】 enterprises · expected (预期性)"
    assert status_badge("due_no_result", "en") in card.markdown


def test_a_target_without_a_baseline_gets_the_no_baseline_chip(catalog, assessments) -> None:
    printed_dash = card_of(catalog, assessments, "jj_s2_10_tech_progress")  # 专栏2 prints "—"
    assert plain(printed_dash.markdown.split("  \n")[1]) == "2020 — → 2025 ≥65 % · 预期性"
    assert status_badge("no_baseline", "zh") in printed_dash.markdown
    prose = card_of(catalog, assessments, "jj_2025_new_rd_institutions")  # 力争培育新型研发机构10家
    assert plain(prose.markdown.split("  \n")[1]) == "目标 2025 10家"  # the print carries its unit
    assert status_badge("no_baseline", "zh") in prose.markdown
    with_baseline = card_of(catalog, assessments, "jj_s2_07_high_tech_ent")
    assert status_badge("no_baseline", "zh") not in with_baseline.markdown


def test_a_result_has_no_status_chip(catalog, assessments) -> None:
    card = card_of(catalog, assessments, "jj_s1_06_tech_ent")
    assert plain(card.markdown.split("  \n")[1]) == "2015 124 → 2020 【1125】 个"
    assert "-badge[" not in card.markdown and card.progress is None


def test_an_estimate_is_flagged_beside_the_estimated_value(catalog, assessments) -> None:
    """正文: 研发投入强度"预计"达到2.4% (专栏1's 2020 value, and 专栏2's baseline) when the data say so."""
    flag = status_badge("estimate", "zh")
    assert "预计值(非实际结果)" in flag
    unflagged = card_of(catalog, assessments, "jj_s1_01_rd_intensity", estimate="")
    assert flag not in unflagged.markdown
    result = card_of(catalog, assessments, "jj_s1_01_rd_intensity")  # data/indicators.csv: estimate = value
    assert result.markdown.split("  \n")[1] == f"2015 1\\.87 → 2020 2\\.4 % {flag}"
    target = card_of(catalog, assessments, "jj_s2_01_rd_intensity")  # estimate = baseline
    assert target.markdown.split("  \n")[1] == f"2020 2\\.4 {flag} → 2025 ≥2\\.8 % · 预期性"
    assert status_badge("due_no_result", "zh") in target.markdown  # a target keeps its status chip


def test_a_published_value_fills_the_progress_bar_clipped_and_labelled(catalog, assessments) -> None:
    """The 2035 target (3.5 %) is measured by the newest value that is not 预计: 专栏1's 2015 baseline, 1.87 %.

    The 2020 values, 专栏1's 2.4 and 专栏2's baseline 2.4, are estimates; were 专栏2's not, it would measure the
    target: 69 % of the way from zero.
    """
    card = card_of(catalog, assessments, "jj_2035_rd_intensity")
    assert card.progress == pytest.approx(1.87 / 3.5)
    assert plain(card.progress_text) == "已公布值 1.87(2015,专栏1 第1项的基期值) · 进度 53%"
    baseline = pd.Series(
        {"status": "not_yet_due", "has_baseline": False, "actual": "jj_s2_01_rd_intensity", "actual_year": 2020,
         "actual_value": 2.4, "actual_kind": "baseline", "progress": 2.4 / 3.5}
    )  # fmt: skip
    row = catalog.indicators.loc["jj_2035_rd_intensity"]
    card = build_card(row, catalog, baseline, "zh")
    assert card.progress == pytest.approx(2.4 / 3.5)
    assert plain(card.progress_text) == "已公布值 2.4(2020,专栏2 第1项的基期值) · 进度 69%"
    english = build_card(row, catalog, baseline, "en")
    assert plain(english.progress_text) == "Published value 2.4 (2020, baseline of 专栏2 第1项) · 69% of the way"
    # a what-if target of 6000 R&D staff by 2020 from 2667: 专栏1's 6540 is 116 % of the way, the bar stops at full
    row = catalog.indicators.loc["jj_s1_02_rd_personnel"].copy()
    row[["status", "target_value", "target_text"]] = ["target", 6000.0, "6000"]
    assessment = pd.Series(
        {"status": "met", "has_baseline": True, "actual": "jj_s1_02_rd_personnel", "actual_year": 2020,
         "actual_value": 6540.0, "actual_kind": "result", "progress": (6540 - 2667) / (6000 - 2667)}
    )  # fmt: skip
    met = build_card(row, catalog, assessment, "zh")
    assert met.progress == 1.0
    assert plain(met.progress_text) == "已公布值 6540(2020) · 进度 116%"
    assert status_badge("met", "zh") in met.markdown


def test_markdown_in_the_data_is_escaped_once(catalog, assessments) -> None:
    evil = "**粗** [点我](http://evil.example) :red[红] $x$ <b>"
    card = card_of(catalog, assessments, "jj_s2_06_tech_ent", name_zh=evil, note_zh="_斜_ `代码`", section="专栏*2*")
    name, *_ = card.markdown.split("  \n")
    assert name == "**\\*\\*粗\\*\\* \\[点我\\]\\(http\\://evil\\.example\\) \\:red\\[红\\] \\$x\\$ \\<b\\>**"
    assert plain(name) == f"**{evil}**"
    assert ":gray[\\_斜\\_ \\`代码\\`]" in card.markdown  # the note, beside the value
    assert card.markdown.endswith("专栏\\*2\\*]]")


def test_cards_are_grouped_by_plan_then_target_year(catalog, assessments) -> None:
    indicators = catalog.indicators
    targets = indicators[(indicators["area"] == "jiangjin") & (indicators["status"] == "target")]
    (plan,) = indicator_cards(targets, catalog, assessments, "zh")
    assert plain(plan.heading) == f":material/description: **{JJ_PLAN}**" and plan.source == "jj_s14_plan_2022"
    assert [plain(y.heading) for y in plan.years] == [":gray[**2025 年目标**]", ":gray[**2035 年目标**]"]
    assert [len(y.cards) for y in plan.years] == [20, 1]
    assert sorted(c.id for y in plan.years for c in y.cards) == sorted(targets.index)
    results = indicators[(indicators["area"] == "jiangjin") & (indicators["status"] == "result")]
    (plan,) = indicator_cards(results, catalog, assessments, "en")
    assert [plain(y.heading) for y in plan.years] == [":gray[**2020**]", ":gray[**Year not printed**]"]
    assert sum(len(y.cards) for y in plan.years) == len(results) == 43
    liangjiang = indicators[indicators["area"] == "liangjiang"]
    plans = indicator_cards(liangjiang, catalog, assessments, "zh")
    assert plain(plans[0].heading).startswith(":material/description: **我院编制的《重庆两江新区")  # no 《《…》》
    assert [p.source for p in plans] == [
        "lj_plan_2018",
        "cq_nidz_report_2021",
    ]


def test_value_line_of_a_row_without_the_new_columns(catalog) -> None:
    """Rows without ``estimate`` or notes (the data before those columns) still make a card."""
    row = catalog.indicators.loc["jj_s2_07_high_tech_ent"].drop(labels=["estimate", "note_zh"], errors="ignore")
    assert plain(value_line(row, "zh")) == "2020 【211】 → 2025 ≥【400】 个 · 预期性"
