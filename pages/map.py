"""总览地图 / Overview map: every layer on the map and the selected area's panel."""

from __future__ import annotations

import streamlit as st

from components.area_panel import render_area_panel
from components.data import (
    area_contents,
    area_geojson,
    district_count,
    get_areas,
    get_basemaps,
    get_catalog,
)
from components.i18n import t
from components.legend import render_legend, render_map_title, render_not_mapped
from components.map_view import build_map, selection_group, show_map
from components.overview import measure_tool, overview_layers
from components.presentation import MAP_HEIGHT, render_key_figures
from components.view import (
    also_here,
    display_context,
    map_mount_view,
    map_view_request,
    on_map_event,
    read_view,
    selection_fit,
)

state = read_view().state
ctx = display_context(state)
lang = ctx.lang
catalog = get_catalog()
areas = get_areas(state.asof, state.circle_km)

if state.present:
    render_key_figures(state.area, catalog, lang)
view = map_view_request(state, ctx=ctx)
center, zoom = map_mount_view(ctx=ctx)
map_col, panel_col = st.columns([2, 1], gap="medium")
with map_col:
    render_map_title(state, catalog, district_count(state.asof))
    show_map(
        build_map(
            overview_layers(state, ctx=ctx),
            attribution=t("map_attribution_none", lang),
            basemap=get_basemaps()[state.basemap],
            coord_hint=t("coord_hint", lang),
            center=center,
            zoom=zoom,
            measure=measure_tool(lang),
        ),
        selection=selection_group(
            area_geojson(state.area, ctx=ctx, circle_km=state.circle_km) if state.area else None,
            fit=selection_fit(state),
        ),
        view=view,
        on_change=on_map_event,
        height=MAP_HEIGHT[state.present],
    )
    render_legend(state.layers, lang)
    render_not_mapped(catalog, lang)
with panel_col:
    render_area_panel(
        state.area,
        catalog=catalog,
        areas=areas,
        state=state,
        contents=area_contents(state, also_here()),
        lang=lang,
    )
