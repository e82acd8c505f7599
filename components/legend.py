"""The map legend and the list of areas that are not drawn."""

from __future__ import annotations

import streamlit as st

from components.i18n import md_name_of, t
from components.map_view import STATION_STYLE
from components.view import select_area
from geo.catalog import Catalog
from geo.escape import escape_text
from geo.layers import LAYERS


def _swatch(color: str, dashed: bool = False, round_: bool = False) -> str:
    style = f"border:2px {'dashed' if dashed else 'solid'} {color};background:{color}22;"
    shape = "border-radius:50%;width:12px;height:12px;" if round_ else "width:22px;height:12px;"
    return f'<span style="display:inline-block;{shape}{style}margin-right:6px;vertical-align:middle"></span>'


def render_legend(layers: tuple[str, ...], lang: str) -> None:
    """Explain colours, dashed schematic extents and station symbols of the visible layers."""
    rows = []
    for spec in LAYERS:
        if spec.id not in layers:
            continue
        if spec.id == "stations":
            for type_zh, (_radius, color) in STATION_STYLE.items():
                label = escape_text(t(f"station_type_{type_zh}", lang))
                rows.append(f"{_swatch(color, round_=True)}{label}")
        elif spec.points:
            rows.append(f"{_swatch(spec.color, round_=True)}{escape_text(t(f'layer_{spec.id}', lang))}")
        else:
            rows.append(f"{_swatch(spec.color)}{escape_text(t(f'layer_{spec.id}', lang))}")
    rows.append(f"{_swatch('#4a5568')}{escape_text(t('legend_boundary', lang))}")
    rows.append(f"{_swatch('#4a5568', dashed=True)}{escape_text(t('legend_schematic', lang))}")
    if "stations" in layers:
        rows.append(f"{_swatch('#2d3748', round_=True)}{escape_text(t('legend_station_planned', lang))}")
        rows.append(
            f"{_swatch('#2d3748', dashed=True, round_=True)}{escape_text(t('legend_station_unverified', lang))}"
        )
    with st.expander(t("legend_title", lang), expanded=True):
        st.html("<br>".join(rows))


def _picked_unmapped() -> None:
    area_id = st.session_state.get("unmapped_pick")
    if area_id:
        select_area(area_id)


def render_not_mapped(catalog: Catalog, lang: str) -> None:
    """List the areas that have no geometry, each selectable so its panel can still be read."""
    unmapped = catalog.areas[catalog.areas["geometry"] == "none"]
    if unmapped.empty:
        return
    names = {area_id: md_name_of(row, lang) for area_id, row in unmapped.iterrows()}
    with st.expander(t("legend_not_mapped", lang), expanded=False):
        st.pills(
            t("legend_not_mapped_pick", lang),
            options=list(names),
            format_func=names.get,
            selection_mode="single",
            key="unmapped_pick",
            on_change=_picked_unmapped,
            label_visibility="collapsed",
        )
