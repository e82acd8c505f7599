"""Charts of the analysis pages, drawn with Altair (bundled with Streamlit; Vega renders offline in the browser).

One chart never mixes units: callers pass one unit's values at a time.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

BAR_COLOR = "#2b6cb0"
KIND_ORDER = ("baseline", "result", "target")
SHADES = {  # light to dark: earlier years lighter
    "baseline": ("#cbd5e0", "#a0aec0", "#718096", "#4a5568"),
    "result": ("#9ae6b4", "#48bb78", "#2f855a", "#22543d"),
    "target": ("#90cdf4", "#4299e1", "#2b6cb0", "#2a4365"),
}


def series_colors(points: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Return the series in display order (baselines, results, targets; each by year) and their colours.

    Parameters
    ----------
    points
        Columns ``series``, ``kind`` and ``year`` (None when not printed).

    Returns
    -------
    tuple of lists
        Series labels and one colour each: grey for baselines, green for
        results, blue for targets, darker for later years.
    """
    first = points.drop_duplicates("series")
    keyed = sorted(
        zip(first["kind"], first["year"], first["series"], strict=True),
        key=lambda k: (KIND_ORDER.index(k[0]), -1 if pd.isna(k[1]) else k[1]),
    )
    series, colors = [], []
    for kind in KIND_ORDER:
        mine = [s for k, _y, s in keyed if k == kind]
        shades = SHADES[kind]
        offset = max(0, len(shades) - len(mine)) // 2 + (1 if len(mine) == 1 else 0)
        series += mine
        colors += [shades[min(offset + i, len(shades) - 1)] for i in range(len(mine))]
    return series, colors


def values_chart(points: pd.DataFrame, *, title: str, titles: dict[str, str]) -> alt.LayerChart:
    """Return a grouped horizontal bar chart of printed values, one bar per area and series.

    Parameters
    ----------
    points
        Columns ``area_label``, ``series`` (e.g. "目标 2025"), ``kind`` (``baseline``,
        ``target`` or ``result``) and ``year`` (for order and colour), ``value``,
        ``text`` (as printed), ``indicator`` and ``unit``; all in one unit.
    title
        The chart title (should name the quantity and the unit).
    titles
        Translated titles of the columns ``area_label``, ``indicator``, ``series``,
        ``text`` and ``unit``, and of ``value`` (the axis, with the unit).

    Returns
    -------
    altair.LayerChart
        Bars with their printed value written next to them.
    """
    areas = list(dict.fromkeys(points["area_label"]))
    series, colors = series_colors(points)
    base = alt.Chart(points, title=title).encode(
        y=alt.Y("area_label:N", sort=areas, title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("series:N", sort=series),
        x=alt.X("value:Q", title=titles["value"]),
        tooltip=[
            alt.Tooltip(f"{col}:N", title=titles[col]) for col in ("area_label", "indicator", "series", "text", "unit")
        ],
    )
    bars = base.mark_bar(opacity=0.9).encode(
        color=alt.Color(
            "series:N",
            sort=series,
            scale=alt.Scale(domain=series, range=colors),
            legend=alt.Legend(title=titles["series"], orient="bottom", columns=2),  # wraps on a phone
        )
    )
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(text="text:N")
    return (bars + labels).properties(height=alt.Step(16))


def counts_chart(counts: pd.DataFrame, *, title: str, label_title: str, count_label: str) -> alt.LayerChart:
    """Return a horizontal bar chart of counts, largest first.

    Parameters
    ----------
    counts
        Columns ``label`` and ``count``.
    title
        The chart title.
    label_title
        What the labels are (for the tooltip).
    count_label
        Axis title of the counts, with what is counted.

    Returns
    -------
    altair.LayerChart
        Bars with their count written next to them.
    """
    base = alt.Chart(counts, title=title).encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("count:Q", title=count_label, axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[alt.Tooltip("label:N", title=label_title), alt.Tooltip("count:Q", title=count_label)],
    )
    bars = base.mark_bar(color=BAR_COLOR)
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(text="count:Q")
    return bars + labels


def show_chart(chart: alt.Chart | alt.LayerChart, key: str) -> None:
    """Render an Altair chart at the container's width (Streamlit's bundled Vega; no outside request)."""
    st.altair_chart(chart, width="stretch", key=key)


def status_chart(counts: pd.DataFrame, *, title: str, count_label: str, colors: dict[str, str]) -> alt.LayerChart:
    """Return a horizontal bar chart of targets per monitoring status, in the statuses' order and colours.

    Parameters
    ----------
    counts
        Columns ``status``, ``label`` (translated) and ``count``, in display order.
    title
        The chart title.
    count_label
        Axis title of the counts.
    colors
        Colour of each status.
    """
    labels = list(counts["label"])
    base = alt.Chart(counts, title=title).encode(
        y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("count:Q", title=count_label, axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[alt.Tooltip("label:N", title=title), alt.Tooltip("count:Q", title=count_label)],
    )
    scale = alt.Scale(domain=labels, range=[colors[s] for s in counts["status"]])
    bars = base.mark_bar().encode(color=alt.Color("label:N", scale=scale, legend=None))
    return (bars + base.mark_text(align="left", dx=3, fontSize=11).encode(text="count:Q")).properties(
        height=alt.Step(28)
    )
