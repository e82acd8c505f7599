"""The one escaping function for data-derived text on its way into HTML or JavaScript.

folium does not escape tooltip or popup text, and renders some of it inside
JavaScript template literals, where ``${...}``, a backtick or a backslash is
live. ``html.escape`` alone is therefore not enough.
"""

from __future__ import annotations

import html

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
