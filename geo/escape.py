"""Escaping of data-derived text: one function for HTML and JavaScript, one for Streamlit markdown.

folium does not escape tooltip or popup text, and renders some of it inside
JavaScript template literals, where ``${...}``, a backtick or a backslash is
live. ``html.escape`` alone is therefore not enough: :func:`escape_text`.

Streamlit renders labels, headers and ``st.markdown`` as Markdown with its own
extensions (``$…$`` maths, ``:red[…]`` colours, ``:material/…:`` icons), so a
name such as ``R&D $5M *core*`` would lose characters or change style there:
:func:`escape_markdown` makes it show as typed.
"""

from __future__ import annotations

import html
import re

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape_text(value: object) -> str:
    """Return ``value`` as text safe inside HTML and inside a JS template literal.

    Parameters
    ----------
    value
        Anything; ``None`` becomes the empty string.

    Returns
    -------
    str
        HTML-escaped text with backtick, dollar and backslash as entities.
    """
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:&])")


def escape_markdown(value: object) -> str:
    """Return ``value`` as Markdown that Streamlit shows exactly as typed, on one line.

    Parameters
    ----------
    value
        Anything; ``None`` becomes the empty string.

    Returns
    -------
    str
        Every ASCII punctuation mark Markdown or Streamlit's extensions could
        read as syntax, backslash-escaped; line breaks become spaces.
    """
    if value is None:
        return ""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(value).split()))
