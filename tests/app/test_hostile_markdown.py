"""Every page on hostile data: no data-derived string reaches a Markdown-rendering element unescaped.

Streamlit reads Markdown in far more places than ``st.markdown``: captions,
headings, alerts, metric and button labels, expander and tab labels, and every
cell of ``st.table``. The browser test checks one page as rendered; this one
reads the Markdown sources of every page and view, so a new element that
forgets :func:`geo.escape.escape_markdown` fails here.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import open_tab, run
from tests.conftest import app_data
from tests.fixtures.hostile import make_hostile_data

# Markdown and HTML as typed in the hostile data; escaped, each shows up with backslashes instead
RAW = ["**粗", "](javascript", "![", "<img", "<svg", "<b ", "<script", ":red[", "$x$", "_斜体_", "*斜体说明*"]

VIEWS = [
    ("map", {"area": "yubei", "lang": "zh"}),
    ("map", {"area": "longsheng"}),
    ("map", {"area": "jiangjin", "layers": "districts,stations,enterprises"}),
    ("map", {"area": "jiangjin", "present": "1"}),
    ("map", {"area": "hechuan", "lang": "en"}),
    ("map", {"area": "500116004"}),  # a township unit's own panel
    ("map", {"area": "jj_sci"}),  # its zone, which lists it among its units
    ("indicators", {}),
    ("enterprises", {}),
    ("seismic", {}),
    ("sources", {}),
]


@pytest.fixture(scope="module")
def hostile_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the app at a hostile copy of the data, with caches emptied before and after."""
    data = tmp_path_factory.mktemp("hostile-md") / "data"
    make_hostile_data(data)
    with pytest.MonkeyPatch.context() as patch, app_data(data, patch):
        yield
    shutil.rmtree(data, ignore_errors=True)


def unescaped(token: str, text: str) -> bool:
    """Whether ``token`` occurs in ``text`` without a backslash escaping its first character."""
    for match in re.finditer(re.escape(token), text):
        before = text[: match.start()]
        if (len(before) - len(before.rstrip("\\"))) % 2 == 0:  # an even run of backslashes escapes nothing
            return True
    return False


def markdown_sources(at: AppTest) -> list[str]:
    """Return the Markdown source of every element on the page that Streamlit renders as Markdown."""
    texts = [
        el.value
        for kind in ("markdown", "caption", "subheader", "header", "title", "info", "warning", "error", "success")
        for el in getattr(at, kind)
    ]
    texts += [m.label for m in at.metric] + [b.label for b in at.button]
    texts += [e.label for e in at.expander] + [tab.label for tab in at.tabs]
    for table in at.table:
        frame = table.value
        texts += [str(v) for v in frame.to_numpy().ravel()] + [str(i) for i in frame.index]
    return texts


@pytest.mark.parametrize(("page", "query"), VIEWS, ids=[f"{p}-{'-'.join(q.values())}" for p, q in VIEWS])
def test_no_data_reaches_markdown_unescaped(hostile_env: None, page: str, query: dict[str, str]) -> None:
    at = run(query, page=None if page == "map" else page)
    assert not at.exception
    texts = markdown_sources(at)
    assert texts, "the page showed nothing"
    for label in [tab.label for tab in at.tabs][1:]:  # the panel runs its open tab only: open each in turn
        open_tab(at, label)
        texts += markdown_sources(at)
    leaks = [(token, text) for text in texts for token in RAW if unescaped(token, text)]
    assert leaks == []


def test_the_leak_check_tells_escaped_from_raw() -> None:
    assert unescaped("<img", "a <img") and unescaped("<img", "a \\\\<img")  # an escaped backslash, then raw
    assert not unescaped("<img", "a \\<img") and not unescaped("**粗", "\\*\\*粗")


def test_the_hostile_data_do_reach_these_pages(hostile_env: None) -> None:
    """The check above is only worth something if hostile strings are on screen, escaped."""
    at = run({"area": "longsheng"})
    joined = " ".join(markdown_sources(at))
    assert "\\*\\*粗体定位\\*\\*" in joined and "\\!\\[外图\\]" in joined
    at = run({"area": "jiangjin", "present": "1"})
    assert any("粗指标" in m.label for m in at.metric)
    for area in ("500116004", "jj_sci"):  # the township's own panel, and the zone that lists it
        assert "双福\\*\\*粗体\\*\\*街道" in " ".join(markdown_sources(run({"area": area}))), area
