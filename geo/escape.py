"""Escaping of data-derived text: one function for HTML and JavaScript, one for Streamlit markdown.

folium does not escape tooltip or popup text, and renders some of it inside
JavaScript template literals, where ``${...}``, a backtick or a backslash is
live. ``html.escape`` alone is therefore not enough: :func:`escape_text`.

Streamlit renders labels, headers and ``st.markdown`` as Markdown with its own
extensions (``$…$`` maths, ``:red[…]`` colours, ``:material/…:`` icons), so a
name such as ``R&D $5M *core*`` would lose characters or change style there:
:func:`escape_markdown` makes it show as typed. A value that must not even
become an autolink (a link's parameter shown back to its reader) goes into
a code span: :func:`markdown_code`.
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


def shorten(value: object, max_chars: int) -> str:
    """Return ``value`` on one line, cut to ``max_chars`` characters with an ellipsis when longer.

    Parameters
    ----------
    value
        Anything; ``None`` becomes the empty string.
    max_chars
        The most characters kept before the ``…``.

    Returns
    -------
    str
        Whitespace runs (line breaks included) as single spaces, then cut.
    """
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= max_chars else text[:max_chars] + "…"


_BACKTICKS = re.compile(r"`+")


def markdown_code(value: object, max_chars: int | None = None) -> str:
    """Return ``value`` as a Markdown inline code span: shown as typed, never a link, image, HTML or style.

    :func:`escape_markdown` keeps Markdown syntax from working, but the GFM
    autolink extension still turns a bare ``http://…`` in escaped text into a
    link. Inside a code span nothing is parsed, so untrusted text that the
    user should see verbatim (a value from a link) goes here.

    Parameters
    ----------
    value
        Anything; ``None`` becomes the empty string.
    max_chars
        Cut the text (on one line) to this many characters with ``…`` (no cut when None).

    Returns
    -------
    str
        The text between backtick fences longer than any backtick run inside it.
    """
    text = shorten(value, max_chars) if max_chars is not None else " ".join(str(value or "").split())
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"
