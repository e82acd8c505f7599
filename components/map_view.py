"""The map: ``build_map`` (pure, tested as HTML) and ``show_map`` (the thin ``st_folium`` call).

Only Leaflet, topojson-client, (with enterprise points) supercluster and
(with the measure tool) leaflet-measure are loaded, from the app's own static
folder: popups (jQuery) or icons (awesome-markers) are not used. Element ids are made deterministic so the same
inputs give byte-identical HTML and the browser component is never remounted
by a rerun.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from components.assets import (
    IFRAME_STATIC_URL,
    LEAFLET_MEASURE_CSS,
    SUPERCLUSTER_JS,
    TOPOJSON_CLIENT_JS,
    asset_url,
    leaflet_measure_js,
)
from geo.basemaps import GCJ02, WGS84, Basemap
from geo.display import Datum
from geo.escape import escape_text
from geo.state import DEFAULT_CENTER, DEFAULT_ZOOM, ZOOM_RANGE

MAP_KEY = "main_map"
RETURNED_OBJECTS = ["last_clicked", "center", "zoom"]
SELECTION_COLOR = "#d53f8c"
PANE_Z = 350
# Names written on the map: centred on their point, readable over any fill, never catching the pointer.
MAP_CSS = (
    # the browser's focus ring on a clicked path is noise on a projector
    "<style>.leaflet-interactive:focus{outline:none}"
    # st_folium gives the map its Python height inline; on a phone the page's CSS makes the iframe shorter
    # (55vh, components/frame.py), and a taller map inside it would frame areas for pixels nobody sees
    "@media (max-width:480px){div#map_div{height:100vh!important}}"  # not "{#": Jinja reads that as a comment
    ".cq-label{white-space:nowrap;pointer-events:none}"
    ".cq-label span{position:absolute;transform:translate(-50%,-50%);font:12px/1.2 'Noto Sans CJK SC',sans-serif;"
    "color:#1a202c;text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff}"
    ".cq-label-districts span{font-weight:600;font-size:13px}"
    ".cq-label-towns span{font-size:11px;color:#4a5568}</style>"
)

# The measure tool: the coordinates of its last point are hidden on a GCJ-02 map (see static/js/measure.js).
MEASURE_CSS = (
    "<style>.cq-measure-nocoords .leaflet-control-measure .results .group:has(.lastpoint),"
    ".cq-measure-nocoords .leaflet-measure-resultpopup p:has(.coorddivider){display:none}</style>"
)
MEASURE_COLORS = {"activeColor": "#dd6b20", "completedColor": "#c05621"}  # orange: apart from every layer's colour


STATION_STYLE = {  # type -> (radius, colour); planned sites are hollow, unverified locations dashed
    "基本站": (8, "#e53e3e"),
    "一般站": (5.5, "#2d3748"),
    "示范点": (5.5, "#805ad5"),
    "运维保障站点": (5.5, "#718096"),
}


@dataclass(frozen=True)
class MapLayer:
    """One layer ready to draw.

    ``data`` is ``{"topo": {"source": url_or_topology, "object": name}}`` (areas
    from a TopoJSON topology) or ``{"geojson": url_or_collection}``. Area
    features carry ``id``, an escaped ``label`` (tooltip), ``acc`` (their
    accuracy: dashed when approximate, dotted when schematic) and, where they
    are named on the map, an escaped ``name`` and label point ``lp``; point
    features carry ``id``, ``label``, ``type``, ``status`` and ``unverified``.
    """

    id: str
    name: str
    data: dict
    color: str
    points: bool = False
    fill_opacity: float = 0.08
    weight: float = 1.2
    min_zoom: int | None = None  # drawn (and fetched) only from this zoom
    label_zoom: int | None = None  # names written on the map from this zoom; None: no names
    dash: str | None = None  # dash pattern of every line of the layer (township cells, approximate edges)
    interactive: bool = True  # tooltips and hover; False for decoration (the white under approximate edges)
    cluster_url: str | None = None  # a GeoJSON file of points drawn as clusters (supercluster) instead of data


def geojson_data(collection: dict | str) -> dict:
    """Return the ``data`` of a layer drawn from GeoJSON: inline (small layers, exports, mini-maps) or its URL."""
    return {"geojson": collection}


def has_features(data: dict) -> bool:
    """Return False only for inline GeoJSON without features (URLs and topologies are assumed to have some)."""
    inline = data.get("geojson")
    return not isinstance(inline, dict) or bool(inline.get("features"))


class _Attribution(MacroElement):
    """Add an attribution line to the map (there is no tile layer to carry one)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text


class _CoordReadout(MacroElement):
    """Cursor coordinates in WGS-84 (and GCJ-02 on an Amap-tiled map); see ``static/js/coords.js``."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "cqCoordReadout({{ this._parent.get_name() }}, {{ this.gcj02|tojson }}, {{ this.labels|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, datum: Datum, hint: str) -> None:
        super().__init__()
        self._name = "CoordReadout"
        self.gcj02 = datum == GCJ02
        self.labels = {"hint": hint}


@dataclass(frozen=True)
class MeasureTool:
    """The measure tool's language: leaflet-measure's build and the unit names, as plain text.

    ``locale`` is the build whose texts (buttons, headings) are in the page's
    language: ``"cn"`` or ``"en"`` (:data:`components.assets.LEAFLET_MEASURE_LOCALES`).
    Lengths are given in kilometres and metres, areas in square kilometres and
    hectares, named by ``km``, ``m``, ``km2`` and ``ha``.
    """

    locale: str
    km: str
    m: str
    km2: str
    ha: str

    def options(self) -> dict:
        """Return leaflet-measure's options: the app's units (names escaped) as primary and secondary units."""
        units = {
            "cq_km": {"factor": 1e-3, "display": escape_text(self.km), "decimals": 2},
            "cq_m": {"factor": 1, "display": escape_text(self.m), "decimals": 0},
            "cq_km2": {"factor": 1e-6, "display": escape_text(self.km2), "decimals": 2},
            "cq_ha": {"factor": 1e-4, "display": escape_text(self.ha), "decimals": 1},
        }
        return {
            "position": "topright",
            "primaryLengthUnit": "cq_km",
            "secondaryLengthUnit": "cq_m",
            "primaryAreaUnit": "cq_km2",
            "secondaryAreaUnit": "cq_ha",
            "units": units,
            **MEASURE_COLORS,
        }


class _Measure(MacroElement):
    """The measure tool: leaflet-measure's control, set up by ``cqMeasure`` (``static/js/measure.js``)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "cqMeasure({{ this._parent.get_name() }}, {{ this.options|tojson }}, {{ this.hide_coords|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, tool: MeasureTool, hide_coords: bool) -> None:
        super().__init__()
        self._name = "Measure"
        self.options = tool.options()
        self.hide_coords = hide_coords


class _PointCluster(MacroElement):
    """Points fetched from a GeoJSON file and clustered in the browser by supercluster (``static/js/layers.js``).

    The points are not in the map script, so reruns do not resend them and the
    browser caches the file. The map container gets ``data-points-loaded``
    once they are on the map (used by tests and the benchmark).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "cqPointCluster({{ this._parent.get_name() }}, {{ this.url|tojson }}, {{ this.style|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, url: str, color: str) -> None:
        super().__init__()
        self._name = "PointCluster"
        self.url = url
        self.style = {"radius": 4, "color": color, "weight": 1, "fillColor": color, "fillOpacity": 0.7}


class _Layer(MacroElement):
    """A layer drawn by ``cqLayer`` (``static/js/layers.js``): areas from TopoJSON or GeoJSON, points, names.

    Areas are styled by their accuracy (dashed, dotted), stations by type,
    status and location accuracy; each feature's escaped ``label`` is its
    tooltip. On a map, every layer gets its own pane so layers stack in list
    order however their files arrive; inside a feature group (the selection)
    it draws into the group.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "cqLayer({{ this.map_name or this._parent.get_name() }}, {{ this._parent.get_name() }},"
        " {{ this.spec|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, spec: dict, map_name: str | None = None) -> None:
        super().__init__()
        self._name = "Layer"
        self.spec = spec
        self.map_name = map_name


DASH = {"approximate": "6 4", "schematic": "2 5"}  # accuracy -> dash pattern (solid otherwise)


def area_style(layer: MapLayer, accuracy: str) -> dict:
    """Return the Leaflet path style of an area: approximate extents dashed, schematic (assumed) ones dotted."""
    dash = layer.dash or DASH.get(accuracy)
    return {
        "color": layer.color,
        "weight": layer.weight + (0.6 if dash and not layer.dash else 0.0),
        "fillColor": layer.color,
        "fillOpacity": layer.fill_opacity,
        "dashArray": dash,
    }


def stabilise_ids(root: Element, prefix: str) -> None:
    """Replace folium's random element ids with ids derived from tree position.

    Identical inputs then give identical HTML, so Streamlit never sees a
    "new" map and the browser component is not remounted by a rerun.
    """
    counter = 0

    def walk(node: Element) -> None:
        nonlocal counter
        for child in node._children.values():
            child._id = f"{prefix}{counter}"
            counter += 1
            walk(child)

    root._id = prefix
    walk(root)


def layer_spec(layer: MapLayer, z: int | None = None, interactive: bool = True, fit: str | None = None) -> dict:
    """Return the drawing spec of a layer for ``cqLayer``: data, pane, styles, zooms, names, framing."""
    return {
        "data": layer.data,
        "pane": f"cq-{layer.id}" if z is not None else None,
        "z": z,
        "interactive": interactive,
        "minZoom": layer.min_zoom,
        "labels": {"minZoom": layer.label_zoom, "className": f"cq-label-{layer.id}"}
        if layer.label_zoom is not None
        else None,
        "fit": fit,
        "styles": {
            "_default": area_style(layer, "boundary"),
            **{accuracy: area_style(layer, accuracy) for accuracy in DASH},
        },
        "points": {
            **{kind: {"radius": r, "color": c, "weight": 2, "fillColor": c} for kind, (r, c) in STATION_STYLE.items()},
            "_default": {"radius": 6.5, "color": layer.color, "weight": 2, "fillColor": layer.color},
        },
    }


def build_map(
    layers: Sequence[MapLayer],
    *,
    attribution: str,
    basemap: Basemap | None = None,
    coord_hint: str = "",
    static_url: str = IFRAME_STATIC_URL,
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
    measure: MeasureTool | None = None,
) -> folium.Map:
    """Build the base map: local Leaflet, the basemap's tiles (if any), one layer per entry.

    Parameters
    ----------
    layers
        Layers to draw, bottom first; empty ones are skipped. Their geometry must
        already be in the basemap's datum and feature labels already escaped
        (layer names are escaped here).
    attribution
        Plain text credited in the corner for the boundaries (escaped here).
    basemap
        Tiles to draw under the layers; None or one without tiles draws none,
        and then the map needs no network at all.
    coord_hint
        Text of the coordinate readout before the cursor moves over the map.
    static_url
        Base URL of the served static folder as seen by the map's page.
    center, zoom
        The initial view (in the basemap's datum); the URL's view is applied by
        :func:`show_map` without remounting.
    measure
        The measure tool's language (distances and areas, top right); None
        for no measure tool. Clicks while measuring select nothing.

    Returns
    -------
    folium.Map
        A map whose only scripts and stylesheets are the app's own files.
    """
    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        min_zoom=ZOOM_RANGE[0],
        max_zoom=ZOOM_RANGE[1],
        maxZoom=ZOOM_RANGE[1],  # with tiles=None folium drops max_zoom, and clusters need it on the map
    )
    # Set on the instance: the class-level lists are shared by every map in the process.
    m.default_js = [
        ("leaflet", asset_url("leaflet/leaflet.js", static_url)),
        ("topojson_client", asset_url(TOPOJSON_CLIENT_JS, static_url)),
        ("cq_coords", f"{static_url}/js/coords.js"),
        ("cq_layers", f"{static_url}/js/layers.js"),
    ]
    m.default_css = [("leaflet_css", asset_url("leaflet/leaflet.css", static_url))]
    base_id, base_tiles = (basemap.id, basemap.tiles) if basemap is not None else ("", ())
    for i, tiles in enumerate(base_tiles):
        folium.TileLayer(
            tiles=tiles.url,
            attr=tiles.attribution,
            name=f"{base_id}-{i}",
            max_zoom=tiles.max_zoom,
            subdomains=tiles.subdomains or "abc",
            overlay=i > 0,
            control=False,
        ).add_to(m)
    if any(layer.cluster_url for layer in layers):
        # Clustering is supercluster's; the bubbles' look is Leaflet.markercluster's stylesheet.
        m.default_js.insert(2, ("supercluster", asset_url(SUPERCLUSTER_JS, static_url)))
        m.default_css += [
            ("markercluster_css", asset_url("markercluster/MarkerCluster.css", static_url)),
            ("markercluster_default_css", asset_url("markercluster/MarkerCluster.Default.css", static_url)),
        ]
    if measure is not None:
        m.default_js += [
            ("leaflet_measure", asset_url(leaflet_measure_js(measure.locale), static_url)),
            ("cq_measure", f"{static_url}/js/measure.js"),
        ]
        m.default_css.append(("leaflet_measure_css", asset_url(LEAFLET_MEASURE_CSS, static_url)))
    # Layer panes sit between tiles (200) and Leaflet's overlay pane (400), where the selection is drawn.
    for z, layer in enumerate(layers, start=PANE_Z):
        if layer.cluster_url:
            _PointCluster(layer.cluster_url, layer.color).add_to(m)
        elif has_features(layer.data):
            _Layer(layer_spec(layer, z, interactive=layer.interactive)).add_to(m)
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(MAP_CSS))
    _Attribution(escape_text(attribution)).add_to(m)
    _CoordReadout(basemap.datum if basemap else WGS84, coord_hint).add_to(m)
    if measure is not None:
        root.header.add_child(Element(MEASURE_CSS))
        _Measure(measure, hide_coords=basemap is not None and basemap.datum == GCJ02).add_to(m)
    stabilise_ids(m, "m")
    return m


def selection_group(geojson: dict | None, fit: str | None = None) -> folium.FeatureGroup:
    """Return the highlight of the selected area as a feature group (empty when nothing is selected).

    Sent through ``feature_group_to_add`` so that changing the selection does
    not rebuild or remount the base map. The browser evaluates the group only
    when it changes, so ``fit`` acts once per new highlight.

    Parameters
    ----------
    geojson
        The selected area's display GeoJSON.
    fit
        ``"fit"`` to frame the area once drawn (it was just chosen), ``"ensure"``
        to frame it only if it is not wholly in view or the map is phone-sized
        (a desktop's link opened on a phone), None to leave the view alone.
    """
    fg = folium.FeatureGroup(name="selection")
    if geojson and geojson.get("features"):
        selection = MapLayer(
            "selection", "selection", geojson_data(geojson), SELECTION_COLOR, fill_opacity=0.15, weight=3.5
        )
        spec = layer_spec(selection, interactive=False, fit=fit)
        spec["styles"] = {"_default": spec["styles"]["_default"]}  # the highlight is solid whatever its accuracy
        spec["points"]["_default"] = {**spec["points"]["_default"], "radius": 11, "fillOpacity": 0.15}
        _Layer(spec, map_name="map_div").add_to(fg)  # streamlit-folium names the map map_div
    stabilise_ids(fg, "s")
    return fg


def with_bundled_scripts(m: folium.Map) -> folium.Map:
    """Point a served map at one bundle of its scripts instead of one file each; return ``m``.

    Only for maps handed to ``st_folium`` (which loads scripts one by one);
    exports keep the separate files, which :mod:`components.export` inlines.
    """
    from components.data import script_bundle

    m.default_js = [("cq_bundle", script_bundle(tuple(url for _, url in m.default_js)))]
    return m


def show_map(
    m: folium.Map,
    *,
    selection: folium.FeatureGroup,
    view: tuple[tuple[float, float] | None, int | None],
    on_change: Callable[[], None],
    height: int = 640,
) -> None:
    """Render the map with ``st_folium``; events reach ``on_change`` via ``st.session_state[MAP_KEY]``.

    Parameters
    ----------
    m
        The base map from :func:`build_map`.
    selection
        The highlight group from :func:`selection_group`.
    view
        ``(center, zoom)`` to show; a change moves the map without remounting it.
    on_change
        Called before the rerun whenever a returned object changes.
    height
        Pixel height.
    """
    from streamlit_folium import st_folium

    center, zoom = view
    st_folium(
        with_bundled_scripts(m),
        key=MAP_KEY,
        returned_objects=RETURNED_OBJECTS,
        feature_group_to_add=selection,
        center=center,
        zoom=zoom,
        height=height,
        use_container_width=True,
        on_change=on_change,
    )
