"""Small maps of the analysis pages: each its own ``st_folium`` call with a stable key.

They reuse :func:`components.map_view.build_map` (local Leaflet only, no tiles,
deterministic element ids) and draw WGS-84 geometry on a plain background, so
they need no network whatever basemap the overview map uses.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
import streamlit as st

from components.data import get_display_areas, layer_data
from components.i18n import t
from components.map_view import MapLayer, with_bundled_scripts
from geo.areas import LATEST_YEAR
from geo.display import DisplayContext
from geo.encoding import geojson_from_frame
from geo.escape import escape_text

CONTEXT_COLOR = "#a0aec0"
RAMP = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


def districts_layer(lang: str, year: int = LATEST_YEAR) -> MapLayer:
    """Return the district boundaries of ``year`` as a light context layer (the overview map's topology file)."""
    data = {"topo": {"source": layer_data(ctx=DisplayContext(lang=lang, asof=year))["areas"], "object": "districts"}}
    return MapLayer("districts", t("layer_districts", lang), data, CONTEXT_COLOR, fill_opacity=0.0, weight=0.8)


@st.cache_data(show_spinner=False)
def area_feature(area_id: str, label: str, year: int = LATEST_YEAR) -> dict:
    """Return one area's display GeoJSON with an escaped ``label`` and its accuracy ``acc``."""
    gdf = get_display_areas(year)
    part = gdf.loc[[area_id]].copy()
    part["label"] = escape_text(label)
    part["acc"] = part["accuracy"]
    return geojson_from_frame(part, ["id", "label", "acc"])


def ramp_color(value: float, low: float, high: float) -> str:
    """Return the colour of ``value`` on a five-step sequential ramp from ``low`` to ``high``."""
    if high <= low:
        return RAMP[len(RAMP) // 2]
    step = round((value - low) / (high - low) * (len(RAMP) - 1))
    return RAMP[max(0, min(len(RAMP) - 1, step))]


def swatch_line(color: str, text: str) -> str:
    """Return one legend line as HTML: a colour swatch and the escaped ``text``."""
    box = f"display:inline-block;width:22px;height:12px;background:{color};border:1px solid #4a5568;margin-right:6px"
    return f'<span style="{box};vertical-align:middle"></span>{escape_text(text)}'


def table_height(rows: int) -> int:
    """Return the pixel height at which a dataframe shows ``rows`` rows without scrolling."""
    return (rows + 1) * 35 + 3


def show_mini_map(
    m: folium.Map,
    *,
    key: str,
    returned_objects: Sequence[str] = (),
    overlay: folium.FeatureGroup | None = None,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    height: int = 460,
) -> dict | None:
    """Render a map with ``st_folium`` under its own ``key``.

    Parameters
    ----------
    m
        A map from :func:`components.map_view.build_map`.
    key
        A stable key, different from the overview map's.
    returned_objects
        What the map reports back (keep it short: each entry can trigger a rerun).
    overlay
        Drawn through ``feature_group_to_add``: changing it does not remount the map.
    center, zoom
        The view; changing them moves the map without remounting it.
    height
        Pixel height.

    Returns
    -------
    dict or None
        The component's value (the requested objects).
    """
    from streamlit_folium import st_folium

    return st_folium(
        with_bundled_scripts(m),
        key=key,
        returned_objects=list(returned_objects),
        feature_group_to_add=overlay,
        center=center,
        zoom=zoom,
        height=height,
        use_container_width=True,
    )
