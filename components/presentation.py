"""Presentation mode (``present=1``): no sidebar, a larger map and type, key targets as large figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import t
from components.tables import marked_value
from components.view import update_view
from geo.catalog import Catalog
from geo.display import localized
from geo.escape import escape_markdown
from geo.indicators import printed_value

KEY_FAMILIES = (  # a cumulative count (【】, 累计) is a family of its own, ranked beside the stock count
    "rd_intensity",
    "high_tech_enterprises",
    "high_tech_enterprises_cumulative",
    "tech_enterprises",
    "tech_enterprises_cumulative",
    "patents_per_10k",
    "platforms",
    "platforms_cumulative",
)
MAP_HEIGHT = {False: 720, True: 780}
_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] {display: none;}
html {font-size: 20px;}
.block-container {padding-top: 1rem; max-width: 100%;}
[data-testid="stMetricValue"] {font-size: 2.4rem;}
</style>"""


_SWITCH = {
    True: ("present_enter", "present_on", ":material/slideshow:"),
    False: ("present_exit", "present_off", ":material/undo:"),
}


def presentation_switch(lang: str, *, on: bool) -> None:
    """Draw the button that turns presentation mode on (share box) or off (the presentation frame)."""
    label, key, icon = _SWITCH[on]
    st.button(t(label, lang), key=key, icon=icon, on_click=update_view, kwargs={"present": on})


def apply_presentation_frame(lang: str) -> None:
    """Hide the sidebar, enlarge the type and offer a way back."""
    st.html(_CSS)
    presentation_switch(lang, on=False)


def key_targets(area_id: str, catalog: Catalog, limit: int = 4) -> pd.DataFrame:
    """Return the area's headline targets: the key families first, then the others, at most ``limit``."""
    rows = catalog.indicators[(catalog.indicators["area"] == area_id) & (catalog.indicators["status"] == "target")]
    order = {family: i for i, family in enumerate(KEY_FAMILIES)}
    ranked = rows.assign(_rank=rows["family"].map(order).fillna(len(order)))
    return ranked.sort_values("_rank", kind="stable").head(limit)


def render_key_figures(area_id: str | None, catalog: Catalog, lang: str) -> None:
    """Show the selected area's headline targets as large figures (target, with the baseline beneath)."""
    if not area_id:
        return
    rows = key_targets(area_id, catalog)
    if rows.empty:
        return
    with st.container(key="key_figures"):
        for col, (_, row) in zip(st.columns(len(rows)), rows.iterrows(), strict=True):
            unit = localized(row, "unit", lang)
            target = marked_value(row, "target", printed_value(row["target_text"], row["comparison"]), lang)
            baseline = marked_value(row, "baseline", printed_value(row["baseline_text"]), lang)
            col.metric(
                label=escape_markdown(f"{localized(row, 'name', lang)}({row['target_year']})"),
                value=f"{target} {unit}".strip(),
                delta=t("present_from", lang, year=row["baseline_year"], value=baseline) if baseline else None,
                delta_color="off",
            )
