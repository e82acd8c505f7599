"""The map's title line, its legend and the list of areas that are not drawn."""

from __future__ import annotations

import streamlit as st

from components.i18n import md_name_of, t
from components.map_view import STATION_STYLE
from components.view import select_area
from geo.catalog import Catalog
from geo.escape import escape_text
from geo.layers import LAYERS, TOWNS_MIN_ZOOM
from geo.state import ViewState


def _swatch(color: str, style: str = "solid", round_: bool = False, filled: bool = False) -> str:
    style = f"border:2px {style} {color};background:{color}{'' if filled else '22'};"
    shape = "border-radius:50%;width:12px;height:12px;" if round_ else "width:22px;height:12px;"
    return f'<span style="display:inline-block;{shape}{style}margin-right:6px;vertical-align:middle"></span>'


def render_map_title(state: ViewState, catalog: Catalog, districts: int) -> None:
    """Write what the map shows above it: the selected area (or Chongqing) and the year of the divisions."""
    name = md_name_of(catalog.area_row(state.area), state.lang) if state.area else t("map_title_none", state.lang)
    asof = t("map_title_asof", state.lang, year=state.asof, n=districts)
    with st.container(key="map_title"):
        st.markdown(f"**{name}** · {asof}")


def render_legend(layers: tuple[str, ...], lang: str) -> None:
    """Explain colours, line styles and station symbols of the visible layers (folded; one line always shown)."""
    rows = []
    for spec in LAYERS:
        if spec.id not in layers or spec.id == "towns":
            continue
        if spec.id == "stations":
            for type_zh, (_radius, color) in STATION_STYLE.items():
                label = escape_text(t(f"station_type_{type_zh}", lang))
                rows.append(f"{_swatch(color, round_=True)}{label}")
        elif spec.points:
            rows.append(f"{_swatch(spec.color, round_=True)}{escape_text(t(f'layer_{spec.id}', lang))}")
        else:
            rows.append(f"{_swatch(spec.color)}{escape_text(t(f'layer_{spec.id}', lang))}")
    grey = "#4a5568"
    rows.append(f"{_swatch(grey)}{escape_text(t('legend_boundary', lang))}")
    rows.append(f"{_swatch(grey, style='dashed')}{escape_text(t('legend_partly_approximate', lang))}")
    rows.append(f"{_swatch(grey, style='dashed')}{escape_text(t('legend_approximate', lang))}")
    rows.append(f"{_swatch(grey, style='dotted')}{escape_text(t('legend_schematic', lang))}")
    rows.append(f"{_swatch(grey, round_=True, filled=True)}{escape_text(t('legend_point', lang))}")
    if "towns" in layers:
        rows.append(f"{_swatch('#718096', style='dotted')}{escape_text(t('legend_towns', lang, zoom=TOWNS_MIN_ZOOM))}")
    if "stations" in layers:
        rows.append(f"{_swatch('#2d3748', round_=True)}{escape_text(t('legend_station_planned', lang))}")
    st.caption(t("legend_summary", lang))
    with st.expander(t("legend_title", lang), expanded=False):
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
            format_func=names.__getitem__,
            selection_mode="single",
            key="unmapped_pick",
            on_change=_picked_unmapped,
            label_visibility="collapsed",
        )
