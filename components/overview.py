"""The overview map's content for a view state, shared by the map page and the HTML export."""

from __future__ import annotations

import folium

from components.data import enterprise_points, get_basemaps, layer_geojson, layer_geojson_url
from components.i18n import t
from components.map_view import MapLayer, build_map
from geo.layers import LAYERS
from geo.state import DEFAULT_CENTER, DEFAULT_ZOOM, ViewState


def overview_layers(state: ViewState, gcj02: bool, served: bool = True) -> list[MapLayer]:
    """Return the visible layers of a view, in drawing order, in the basemap's datum.

    Parameters
    ----------
    state
        The view (its ``layers`` and ``lang`` are used).
    gcj02
        True to shift geometry for an Amap basemap.
    served
        True for the app: layer data are files the browser fetches from the
        server. False for standalone exports: GeoJSON is embedded and the
        clustered enterprise points, which need the server, are left out.

    Returns
    -------
    list of MapLayer
        Ready for :func:`components.map_view.build_map`.
    """
    lang = state.lang
    points_url, _count = enterprise_points(gcj02) if served else (None, 0)
    layers = []
    for spec in LAYERS:
        if spec.id not in state.layers:
            continue
        name = t(f"layer_{spec.id}", lang)
        if spec.id == "enterprises":
            if points_url:
                layers.append(MapLayer(spec.id, name, {}, spec.color, points=True, cluster_url=points_url))
            continue
        geojson = layer_geojson(spec.id, lang, gcj02)
        if not geojson["features"]:
            continue
        url = layer_geojson_url(spec.id, lang, gcj02) if served else None
        layers.append(MapLayer(spec.id, name, geojson, spec.color, points=spec.points, data_url=url))
    return layers


def export_map(state: ViewState, static_url: str) -> folium.Map:
    """Build the current view as a map for a standalone file (opened at the view's centre and zoom)."""
    basemap = get_basemaps()[state.basemap]
    center = state.center or DEFAULT_CENTER
    if basemap.is_gcj02 and state.center:
        from geo.crs import wgs84_to_gcj02

        lon, lat = wgs84_to_gcj02(center[1], center[0])
        center = (float(lat), float(lon))
    return build_map(
        overview_layers(state, basemap.is_gcj02, served=False),
        attribution=t("map_attribution_none", state.lang),
        basemap=basemap,
        coord_hint=t("coord_hint", state.lang),
        static_url=static_url,
        center=center,
        zoom=state.zoom or DEFAULT_ZOOM,
    )
