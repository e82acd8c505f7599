"""The map as HTML: offline assets only, escaped labels, deterministic output.

Everything is checked on the map's public rendering, ``m.get_root().render()``:
the page folium makes, from which streamlit-folium takes the script it sends.
"""

from __future__ import annotations

import re

import pytest

from components.data import layer_data
from components.map_view import MapLayer, build_map, geojson_data, selection_group
from components.overview import overview_layers
from geo.display import DisplayContext
from geo.escape import escape_text
from geo.layers import LAYER_IDS, TOWNS_MIN_ZOOM
from geo.state import ViewState


@pytest.fixture(scope="module")
def topology() -> dict:
    """The inline topology the standalone export embeds (2026 divisions, Chinese labels)."""
    return layer_data(ctx=DisplayContext(lang="zh", asof=2026), served=False)["areas"]


@pytest.fixture(scope="module")
def districts_layer(topology: dict) -> MapLayer:
    return MapLayer("districts", "区县边界", {"topo": {"source": topology, "object": "districts"}}, "#4a5568")


def rendered(m) -> str:
    return m.get_root().render()


def test_only_local_leaflet_is_loaded(districts_layer: MapLayer) -> None:
    m = build_map([districts_layer], attribution="x")
    urls = [u for _, u in m.default_js + m.default_css]
    assert urls == [
        "../../app/static/vendor/leaflet/leaflet.js",
        "../../app/static/vendor/topojson-client-3.1.0/topojson-client.min.js",
        "../../app/static/js/coords.js",
        "../../app/static/js/layers.js",
        "../../app/static/vendor/leaflet/leaflet.css",
    ]
    html = rendered(m)
    assert not re.findall(r"""(?:src|href)=["']https?://""", html)
    # the class-level defaults (shared by all maps in the process) are untouched
    import folium

    assert folium.Map.default_js[0][1].startswith("https://")


def test_all_37_districts_of_2026_are_in_the_map_with_method_accuracy_and_name(districts_layer: MapLayer) -> None:
    script = rendered(build_map([districts_layer], attribution="x"))
    topology = districts_layer.data["topo"]["source"]
    features = topology["objects"]["districts"]["geometries"]
    assert len(features) == 37 and {"liangjiang_district", "beibei"} <= {f["id"] for f in features}
    assert not {"jiangbei", "yubei"} & {f["id"] for f in features}
    for feature in features:
        props = feature["properties"]
        assert props["m"] == "district" and props["acc"] in ("boundary", "partly_approximate")
        assert props["name"] and props["label"] and len(props["lp"]) == 2
    assert '"object": "districts"' in script and '"labels": {"minZoom": null' not in script


def test_every_feature_of_every_layer_names_its_method_and_accuracy() -> None:
    for year in (2023, 2026):
        data = layer_data(ctx=DisplayContext(lang="en", asof=year), served=False)
        objects = [*data["areas"]["objects"].values(), *data["towns"]["objects"].values()]
        features = [f["properties"] for obj in objects for f in obj["geometries"]]
        features += [f["properties"] for fc in data["points"].values() for f in fc["features"]]
        assert len(features) > 900
        for props in features:
            if props["acc"] is None:  # the approximate district edges: decoration of the districts layer
                assert data["areas"]["objects"]["edges"]["geometries"] and props["m"] is None
                continue
            assert props["m"] in ("district", "units", "seat", "circle", "union", "shape", "cells"), props
            assert props["acc"] in ("boundary", "partly_approximate", "approximate", "point", "schematic"), props
            if props["acc"] != "boundary":
                assert "(" in props["label"], props  # the tooltip says how it is drawn


def test_2023_has_38_districts_and_no_approximate_edges() -> None:
    data = layer_data(ctx=DisplayContext(lang="zh", asof=2023), served=False)["areas"]
    ids = {f["id"] for f in data["objects"]["districts"]["geometries"]}
    assert len(ids) == 38 and {"jiangbei", "yubei"} <= ids
    assert data["objects"]["edges"]["geometries"] == []


def test_overview_draws_cells_only_from_their_zoom_and_names_districts_and_towns() -> None:
    drawn = overview_layers(ViewState(layers=LAYER_IDS), ctx=DisplayContext(lang="zh"), served=False)
    layers = {layer.id: layer for layer in drawn}
    assert layers["towns"].min_zoom == TOWNS_MIN_ZOOM and layers["towns"].label_zoom == TOWNS_MIN_ZOOM
    assert layers["districts"].min_zoom is None and layers["districts"].label_zoom == 0
    assert layers["edges"].dash and not layers["edges"].interactive
    assert {"parks-points", "science_city-points", "liangjiang-points"} <= set(layers)  # seats drawn as points
    assert layers["circles"].data["topo"]["object"] == "circles"


def test_same_inputs_give_identical_html(districts_layer: MapLayer) -> None:
    first = build_map([districts_layer], attribution="边界")
    second = build_map([districts_layer], attribution="边界")
    assert rendered(first) == rendered(second)


def _point_layer(label: str) -> MapLayer:
    feature = {
        "type": "Feature",
        "properties": {"id": "a", "label": escape_text(label)},
        "geometry": {"type": "Point", "coordinates": [106.2, 29.3]},
    }
    return MapLayer("x", label, geojson_data({"type": "FeatureCollection", "features": [feature]}), "#000")


def test_hostile_labels_and_attribution_arrive_escaped() -> None:
    evil = "<img src=x onerror=alert(1)>`${alert(2)}`\\"
    plain = "img src x onerror alert 1 alert 2"
    evil_html = rendered(build_map([_point_layer(evil)], attribution=evil))
    plain_html = rendered(build_map([_point_layer(plain)], attribution=plain))
    assert "<img src=x" not in evil_html
    for live in ("`", "${", "\\\\"):
        assert evil_html.count(live) == plain_html.count(live), live
    assert "&lt;img src=x onerror=alert(1)&gt;&#96;&#36;{alert(2)}" in evil_html.replace("\\u0026", "&")


def test_selection_group_is_empty_without_selection_and_styled_with_one() -> None:
    assert list(selection_group(None)._children) == []
    fc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [106.2, 29.3]}}
        ],
    }
    group = selection_group(fc)
    assert len(group._children) == 1
    first, second = build_map([], attribution="x"), build_map([], attribution="x")
    selection_group(fc).add_to(first)
    selection_group(fc).add_to(second)
    assert rendered(first) == rendered(second)
    assert '"color": "#d53f8c"' in rendered(first) and '"fit": null' in rendered(first)
    assert '"color": "#d53f8c"' not in rendered(build_map([], attribution="x"))


@pytest.mark.parametrize("fit", ["fit", "ensure"])
def test_selection_group_carries_how_to_frame_the_area(fit: str) -> None:
    fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
          "geometry": {"type": "Point", "coordinates": [106.2, 29.3]}}]}  # fmt: skip
    m = build_map([], attribution="x")
    selection_group(fc, fit=fit).add_to(m)
    assert f'"fit": "{fit}"' in rendered(m)


def test_point_clusters_load_local_supercluster_and_fetch_the_point_file() -> None:
    url = "../../app/static/generated/enterprises-0123456789abcdef.geojson"
    layer = MapLayer("enterprises", "企业点位", {}, "#3182ce", points=True, cluster_url=url)
    m = build_map([layer], attribution="x")
    js = [u for _, u in m.default_js]
    # supercluster (pinned npm package, served locally) is loaded before layers.js, which uses it
    assert js.index("../../app/static/vendor/supercluster-9.1.0/supercluster.min.js") < js.index(
        "../../app/static/js/layers.js"
    )
    assert not any("markercluster" in u for u in js)  # only markercluster's stylesheet: the bubbles' look
    assert "../../app/static/vendor/markercluster/MarkerCluster.Default.css" in [u for _, u in m.default_css]
    assert all(not u.startswith("http") for _, u in m.default_js + m.default_css)
    script = rendered(m)
    assert re.search(rf'cqPointCluster\(map_\w+, "{re.escape(url)}"', script)
    # without points no cluster code or assets are sent
    plain = build_map([], attribution="x")
    assert not any("supercluster" in u or "markercluster" in u for _, u in plain.default_js + plain.default_css)


def test_served_layers_name_their_file_instead_of_embedding_geometry(districts_layer: MapLayer) -> None:
    from dataclasses import replace

    url = "../../app/static/generated/areas-x.topo.json"
    served = replace(districts_layer, data={"topo": {"source": url, "object": "districts"}})
    script = rendered(build_map([served], attribution="x"))
    assert f'"{url}"' in script
    assert "jiangjin" not in script and len(script) < 20_000
    inline = rendered(build_map([districts_layer], attribution="x"))
    assert "jiangjin" in inline and len(inline) > 100_000


def test_the_served_topology_files_are_content_addressed() -> None:
    data = layer_data(ctx=DisplayContext(lang="zh", asof=2026))
    assert re.fullmatch(r"\.\./\.\./app/static/generated/areas-[0-9a-f]{16}\.topo\.json", data["areas"])
    assert re.fullmatch(r"\.\./\.\./app/static/generated/towns-[0-9a-f]{16}\.topo\.json", data["towns"])
    assert layer_data(ctx=DisplayContext(lang="zh", asof=2023))["areas"] != data["areas"]


def test_layers_get_stacking_panes_in_list_order(districts_layer: MapLayer) -> None:
    from dataclasses import replace

    parks = replace(districts_layer, id="parks")
    script = rendered(build_map([districts_layer, parks], attribution="x"))
    panes = re.findall(r'"pane": "(cq-\w+)".*?"z": (\d+)', script)
    assert panes == [("cq-districts", "350"), ("cq-parks", "351")]


def test_a_served_map_loads_one_script_bundle_in_the_original_order(tmp_path, districts_layer: MapLayer) -> None:
    from components.assets import IFRAME_STATIC_URL, bundle_scripts

    m = build_map(
        [districts_layer, MapLayer("enterprises", "企业", {}, "#000", points=True, cluster_url="pts.geojson")],
        attribution="x",
    )
    urls = [url for _, url in m.default_js]
    names = ["leaflet.js", "topojson-client.min.js", "supercluster.min.js", "coords.js", "layers.js"]
    assert [u.rsplit("/", 1)[1] for u in urls] == names
    for i, url in enumerate(urls):  # stand-ins for the served files
        path = tmp_path / url.removeprefix(IFRAME_STATIC_URL + "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"window.order = (window.order || []).concat({i}) // no trailing newline")
    bundle = bundle_scripts(urls, static_dir=tmp_path)
    assert re.fullmatch(rf"{IFRAME_STATIC_URL}/generated/map-[0-9a-f]{{16}}\.js", bundle)
    text = (tmp_path / bundle.removeprefix(IFRAME_STATIC_URL + "/")).read_text()
    assert [int(i) for i in re.findall(r"concat\((\d)\)", text)] == [0, 1, 2, 3, 4]
    assert text.count("\n;\n") == 4  # a line comment at the end of one file cannot swallow the next
    assert bundle_scripts(urls, static_dir=tmp_path) == bundle  # content-addressed: same files, same name
    with pytest.raises(ValueError, match="not a served script"):
        bundle_scripts(["https://cdn.example/leaflet.js"], static_dir=tmp_path)
