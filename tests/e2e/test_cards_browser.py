"""Issue 16 in Chromium: the area panel's indicator cards are read whole at a laptop's width, with their status."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from playwright.sync_api import expect

from components.status import status_label
from components.tables import source_label
from geo.catalog import Catalog, load_catalog
from geo.indicators import printed_value
from geo.monitoring import assessments_from_indicators
from tests.e2e.conftest import SCREENSHOTS, card_overflow, wait_for_app
from tests.fixtures.what_if import WHAT_IF_TARGET

LAPTOP = {"viewport": {"width": 1440, "height": 900}}
TARGET_CARDS = "[class*='st-key-card_target_']"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _side(year: object, text: str) -> str:
    return f"{year} {text}" if pd.notna(year) else text


def expected_texts(catalog: Catalog, area: str) -> dict[str, list[str]]:
    """Return, per target of ``area``, what its card must show: name, baseline, target, status, source."""
    indicators = catalog.indicators
    targets = indicators[(indicators["area"] == area) & (indicators["status"] == "target")]
    verdicts = assessments_from_indicators(indicators, today=dt.date.today())  # the server's day
    texts = {}
    for ident, row in targets.iterrows():
        texts[ident] = [
            row["name_zh"],
            _side(row["target_year"], printed_value(row["target_text"], row["comparison"])),
            status_label(verdicts.loc[ident, "status"], "zh"),
            source_label(catalog, row["source"], row["section"], "zh"),
        ]
        if row["baseline_text"]:
            texts[ident].append(_side(row["baseline_year"], printed_value(row["baseline_text"])))
    return texts


def open_panel(page, url: str, n_cards: int) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.locator(TARGET_CARDS)).to_have_count(n_cards, timeout=60_000)
    wait_for_app(page)


def test_jiangjin_cards_are_whole_in_the_panel_at_1440(app_url, offline, catalog) -> None:
    ctx = offline(**LAPTOP)
    page = ctx.new_page()
    texts = expected_texts(catalog, "jiangjin")
    assert len(texts) == 21
    open_panel(page, f"{app_url}/?area=jiangjin", len(texts))
    for ident, expected in texts.items():
        card = page.locator(f".st-key-card_target_{ident}")
        for text in expected:
            expect(card).to_contain_text(text)
        expect(card.get_by_text(expected[0], exact=True)).to_be_visible()  # the full name, in one piece
    assert card_overflow(page) == []
    tech = page.locator(".st-key-card_target_jj_s2_06_tech_ent")
    expect(tech).to_contain_text("2020 【1125】 → 2025 >【2000】 个 · 预期性")
    tech.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "cards-jiangjin-1440.png"))
    assert ctx.blocked == []


def test_liangjiang_2020_targets_are_due_without_a_published_result(app_url, offline, catalog) -> None:
    """004 prints 2020 results for the whole 自创区, none for 两江新区: no 2020 target of 两江 is met or missed."""
    page = offline(**LAPTOP).new_page()
    texts = expected_texts(catalog, "liangjiang")
    open_panel(page, f"{app_url}/?area=liangjiang", len(texts))
    indicators = catalog.indicators
    of_2020 = indicators.index[(indicators["area"] == "liangjiang") & (indicators["target_year"] == 2020)]
    assert len(of_2020) == 27
    for ident in of_2020:
        card = page.locator(f".st-key-card_target_{ident}")
        expect(card).to_contain_text("已到期·未公布结果")
        expect(card).to_contain_text("无基期值")
        expect(card).not_to_contain_text("已达成")
        expect(card).not_to_contain_text("未达成")
    assert card_overflow(page) == []


def test_a_published_result_shows_a_met_chip_and_a_full_bar(what_if_app_url, offline) -> None:
    """On a data copy with a (hypothetical, test-only) 2020 result of 520, 两江's target of 500 reads as met."""
    page = offline(**LAPTOP).new_page()
    open_panel(page, f"{what_if_app_url}/?area=liangjiang", 27)
    card = page.locator(f".st-key-card_target_{WHAT_IF_TARGET}")
    expect(card).to_contain_text("高新技术企业")
    expect(card).to_contain_text("已达成")
    bar = card.locator("[data-testid='stProgress']")
    expect(bar).to_contain_text("已公布值 520家(2020) · 进度 104%")
    expect(bar.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    others = page.locator(TARGET_CARDS).filter(has_text="已达成")
    expect(others).to_have_count(1)  # only the target the test row measures
    assert card_overflow(page) == []
