"""The one escaping function."""

from __future__ import annotations

import re

import pytest

from geo.escape import escape_text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("江津区", "江津区"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("${alert(1)}", "&#36;{alert(1)}"),
        ("a`b", "a&#96;b"),
        ("back\\slash", "back&#92;slash"),
        ("\"quoted\" & 'single'", "&quot;quoted&quot; &amp; &#x27;single&#x27;"),
        (None, ""),
        (3.5, "3.5"),
    ],
)
def test_escape_text(raw: object, escaped: str) -> None:
    assert escape_text(raw) == escaped


def test_result_has_no_live_characters() -> None:
    out = escape_text("<>&\"'`$\\")
    assert not set(out) & set("<>\"'`$\\")


@pytest.mark.parametrize(
    "raw",
    [
        "**粗体** $x$ :red[红]",
        "[链接](javascript:alert(1))",
        "&lt;b&gt;",
        "# 标题",
        "a_b_c `code` \\x",
        "1. 列表",
        "> 引用",
    ],
)
def test_markdown_escape_leaves_no_syntax(raw: str) -> None:
    from geo.escape import escape_markdown

    escaped = escape_markdown(raw)
    # every markup character is preceded by a backslash, so Markdown shows it as typed
    assert re.fullmatch(r"(?:\\[\\`*_{}\[\]()#+\-.!|$<>~:&]|[^\\`*_{}\[\]()#+\-.!|$<>~:&])*", escaped)
    assert re.sub(r"\\(.)", r"\1", escaped) == raw


def test_markdown_escape_keeps_one_line_and_none_is_empty() -> None:
    from geo.escape import escape_markdown

    assert escape_markdown("a\nb\r\n  c") == "a b c"
    assert escape_markdown(None) == ""


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("[会话已过期](http://evil.example)", "`[会话已过期](http://evil.example)`"),
        ("![](http://evil.example/x.png)", "`![](http://evil.example/x.png)`"),
        ("a`b", "``a`b``"),
        ("``x", "``` ``x ```"),
        ("line\n\n# heading", "`line # heading`"),  # a blank line would end the span and the paragraph
        (None, "`  `"),
    ],
)
def test_markdown_code_puts_any_text_in_one_code_span(raw: object, code: str) -> None:
    from geo.escape import markdown_code

    assert markdown_code(raw) == code


def test_markdown_code_and_shorten_cut_long_values() -> None:
    from geo.escape import markdown_code, shorten

    assert shorten("x" * 41, 40) == "x" * 40 + "…" and shorten("x" * 40, 40) == "x" * 40
    assert markdown_code("y" * 5000, 40) == "`" + "y" * 40 + "…`"
