"""The overview map's content for a view state, shared by the map page and the HTML export."""

from __future__ import annotations

import folium

from components.data import (
    enterprise_points,
    get_basemaps,
    get_default_view,
    layer_data,
    stations_geojson,
    stations_url,
)
from components.i18n import t
from components.map_view import MapLayer, MeasureTool, build_map, geojson_data
from geo.display import DisplayContext, context_from_view, display_from_wgs84
from geo.layers import LAYERS, TOWNS_MIN_ZOOM
from geo.state import ViewState

EDGE_COLOR = "#2d3748"
MEASURE_LOCALE = {"zh": "cn", "en": "en"}  # the app's language -> leaflet-measure's build in that language


def measure_tool(lang: str) -> MeasureTool:
    """Return the overview map's measure tool in ``lang``: its texts and the names of km, m, km² and ha."""
    return MeasureTool(
        MEASURE_LOCALE[lang],
        km=t("measure_km", lang),
        m=t("measure_m", lang),
        km2=t("measure_km2", lang),
        ha=t("measure_ha", lang),
    )


def overview_layers(state: ViewState, *, ctx: DisplayContext, served: bool = True) -> list[MapLayer]:
    """Return the visible layers of a view, in drawing order, in the basemap's datum.

    Parameters
    ----------
    state
        The view (its ``layers`` and ``circle_km`` are used).
    ctx
        The language, datum and year of the divisions to draw in.
    served
        True for the app: layer data are files the browser fetches from the
        server. False for standalone exports: the topologies are embedded and
        the clustered enterprise points, which need the server, are left out.

    Returns
    -------
    list of MapLayer
        Ready for :func:`components.map_view.build_map`.
    """
    lang = ctx.lang
    data = layer_data(ctx=ctx, circle_km=state.circle_km, served=served)
    points_url, _count = enterprise_points(ctx.datum) if served else (None, 0)
    layers = []
    for spec in LAYERS:
        if spec.id not in state.layers:
            continue
        name = t(f"layer_{spec.id}", lang)
        if spec.id == "enterprises":
            if points_url:
                layers.append(MapLayer(spec.id, name, {}, spec.color, points=True, cluster_url=points_url))
            continue
        if spec.id == "stations":
            source = stations_url(ctx=ctx) if served else stations_geojson(ctx=ctx)
            layers.append(MapLayer(spec.id, name, geojson_data(source), spec.color, points=True))
            continue
        if spec.id == "towns":
            topo = {"topo": {"source": data["towns"], "object": "towns"}}
            layers.append(
                MapLayer(
                    spec.id, name, topo, spec.color, fill_opacity=0.0, weight=0.7,
                    min_zoom=TOWNS_MIN_ZOOM, label_zoom=TOWNS_MIN_ZOOM, dash="2 3",
                )
            )  # fmt: skip
            continue
        topo = {"topo": {"source": data["areas"], "object": spec.id}}
        layers.append(MapLayer(spec.id, name, topo, spec.color, label_zoom=0 if spec.id == "districts" else None))
        if spec.id == "districts":  # borders drawn from township cells: a white gap, then a dash
            edges = {"topo": {"source": data["areas"], "object": "edges"}}
            layers.append(
                MapLayer("edges-under", name, edges, "#ffffff", fill_opacity=0.0, weight=2.4, interactive=False)
            )
            layers.append(
                MapLayer("edges", name, edges, EDGE_COLOR, fill_opacity=0.0, weight=1.4, dash="5 4", interactive=False)
            )
        if spec.id in data["points"]:
            layers.append(MapLayer(f"{spec.id}-points", name, geojson_data(data["points"][spec.id]), spec.color))
    return layers


def export_map(state: ViewState, static_url: str) -> folium.Map:
    """Build the current view as a map for a standalone file (opened at the view's centre and zoom)."""
    basemap = get_basemaps()[state.basemap]
    ctx = context_from_view(state, basemap)
    default_center, default_zoom = get_default_view()
    center = display_from_wgs84(*(state.center or default_center), ctx.datum)
    return build_map(
        overview_layers(state, ctx=ctx, served=False),
        attribution=t("map_attribution_none", ctx.lang),
        basemap=basemap,
        coord_hint=t("coord_hint", ctx.lang),
        static_url=static_url,
        center=center,
        zoom=state.zoom or default_zoom,
        measure=measure_tool(ctx.lang),
    )
