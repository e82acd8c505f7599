"""The one escaping function."""

from __future__ import annotations

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
