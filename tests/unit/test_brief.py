"""The brief's HTML comes from an autoescaped Jinja2 template: data can never become markup."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from components.brief import CSP, TEMPLATES, brief_html
from geo.areas import areas_from_catalog
from geo.catalog import load_catalog

EVIL = '<img src=x onerror="alert(1)">&'


def test_hostile_names_facts_and_cells_arrive_as_text() -> None:
    catalog = load_catalog()
    areas = catalog.areas.copy()
    areas.loc["jiangjin", ["name_zh", "positioning_zh"]] = [EVIL, EVIL]
    sources = catalog.sources.copy()
    sources.loc[areas.loc["jiangjin", "source"], "title_zh"] = EVIL
    evil = dataclasses.replace(catalog, areas=areas, sources=sources)
    targets = pd.DataFrame({EVIL: [EVIL], "单位": ["%"]})
    html = brief_html(
        "jiangjin", catalog=evil, areas=areas_from_catalog(catalog), facts={EVIL: EVIL},
        targets=targets, enterprise_ids=(), lang="zh",
    )  # fmt: skip
    assert "<img src=x" not in html and 'onerror="' not in html
    escaped = "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;&amp;"
    assert f"<title>{escaped}</title>" in html and f"<h1>{escaped}</h1>" in html
    assert html.count(escaped) >= 7  # title, heading, fact label and value, profile, column, cell, source
    assert f'content="{CSP}"' in html  # the policy's own quotes stay quotes


def test_no_targets_and_no_enterprises_are_said_in_words() -> None:
    catalog = load_catalog()
    html = brief_html(
        "jiangjin", catalog=catalog, areas=areas_from_catalog(catalog), facts={}, targets=pd.DataFrame(),
        enterprise_ids=(), lang="en",
    )  # fmt: skip
    assert "<table>" not in html
    assert re.search(r"<h2>Enterprises</h2><div>[^<]+</div>", html)


def test_the_template_marks_nothing_safe() -> None:
    text = (TEMPLATES / "brief.html.j2").read_text(encoding="utf-8")
    assert "|safe" not in text.replace(" ", "") and "autoescape false" not in text
