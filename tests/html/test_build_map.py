"""The map as HTML: offline assets only, escaped labels, deterministic output."""

from __future__ import annotations

import re

import pytest
from streamlit_folium import _get_feature_group_string, _get_header, _get_map_string

from components.map_view import MapLayer, build_map, selection_group
from geo.catalog import load_catalog
from geo.escape import escape_text
from geo.layers import areas_from_catalog, simplify_for_display, to_geojson


@pytest.fixture(scope="module")
def districts_layer() -> MapLayer:
    areas = simplify_for_display(areas_from_catalog(load_catalog()))
    part = areas[areas["layer"] == "districts"].copy()
    part["label"] = [escape_text(n) for n in part["name_zh"]]
    return MapLayer("districts", "区县边界", to_geojson(part, ["id", "label"]), "#4a5568")


def rendered(m) -> str:
    return m.get_root().render()


def test_only_local_leaflet_is_loaded(districts_layer: MapLayer) -> None:
    m = build_map([districts_layer], attribution="x")
    urls = [u for _, u in m.default_js + m.default_css]
    assert urls == [
        "../../app/static/vendor/leaflet/leaflet.js",
        "../../app/static/js/coords.js",
        "../../app/static/js/layers.js",
        "../../app/static/vendor/leaflet/leaflet.css",
    ]
    html = rendered(m)
    assert not re.findall(r"""(?:src|href)=["']https?://""", html)
    # the class-level defaults (shared by all maps in the process) are untouched
    import folium

    assert folium.Map.default_js[0][1].startswith("https://")


def test_all_38_districts_are_in_the_map(districts_layer: MapLayer) -> None:
    script = _get_map_string(build_map([districts_layer], attribution="x"))
    ids = re.findall(r'"id": "([a-z]+)", "label"', script)
    assert len(set(ids)) == 38 and "jiangjin" in ids


def test_same_inputs_give_identical_html(districts_layer: MapLayer) -> None:
    first = build_map([districts_layer], attribution="边界")
    second = build_map([districts_layer], attribution="边界")
    assert _get_map_string(first) == _get_map_string(second)
    assert _get_header(first) == _get_header(second)


def _point_layer(label: str) -> MapLayer:
    feature = {
        "type": "Feature",
        "properties": {"id": "a", "label": escape_text(label)},
        "geometry": {"type": "Point", "coordinates": [106.2, 29.3]},
    }
    return MapLayer("x", label, {"type": "FeatureCollection", "features": [feature]}, "#000")


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
    m = build_map([], attribution="x")
    first = _get_feature_group_string(selection_group(fc), map=m)
    assert first == _get_feature_group_string(selection_group(fc), map=m)
    assert '"color": "#d53f8c"' in first


def test_point_clusters_load_local_markercluster_and_fetch_the_point_file() -> None:
    layer = MapLayer(
        "enterprises", "企业点位", {}, "#3182ce", points=True, cluster_url="../../app/static/generated/p.bin"
    )
    m = build_map([layer], attribution="x")
    urls = [u for _, u in m.default_js + m.default_css]
    assert "../../app/static/vendor/markercluster/MarkerCluster.Default.css" in urls  # the bubbles' look
    assert not any(u.endswith("leaflet.markercluster.js") for u in urls)  # clustering is layers.js's own
    assert all(not u.startswith("http") for u in urls)
    script = _get_map_string(m)
    assert 'cqPointCluster(map_div, "../../app/static/generated/p.bin"' in script
    # without points no cluster code or assets are sent
    plain = build_map([], attribution="x")
    assert "markercluster" not in " ".join(u for _, u in plain.default_js)


def test_served_layers_name_their_file_instead_of_embedding_geometry(districts_layer: MapLayer) -> None:
    from dataclasses import replace

    served = replace(districts_layer, data_url="../../app/static/generated/districts-x.geojson")
    script = _get_map_string(build_map([served], attribution="x"))
    assert '"../../app/static/generated/districts-x.geojson"' in script
    assert "jiangjin" not in script and len(script) < 20_000
    inline = _get_map_string(build_map([districts_layer], attribution="x"))
    assert "jiangjin" in inline and len(inline) > 100_000


def test_layers_get_stacking_panes_in_list_order(districts_layer: MapLayer) -> None:
    from dataclasses import replace

    parks = replace(districts_layer, id="parks")
    script = _get_map_string(build_map([districts_layer, parks], attribution="x"))
    panes = re.findall(r'"pane": "(cq-\w+)".*?"z": (\d+)', script)
    assert panes == [("cq-districts", "350"), ("cq-parks", "351")]


def test_a_served_map_loads_one_script_bundle_in_the_original_order(tmp_path, districts_layer: MapLayer) -> None:
    from components.assets import IFRAME_STATIC_URL, bundle_scripts

    m = build_map(
        [districts_layer, MapLayer("enterprises", "企业", {}, "#000", points=True, cluster_url="pts.bin")],
        attribution="x",
    )
    urls = [url for _, url in m.default_js]
    assert [u.rsplit("/", 1)[1] for u in urls] == ["leaflet.js", "coords.js", "layers.js"]
    for i, url in enumerate(urls):  # stand-ins for the served files
        path = tmp_path / url.removeprefix(IFRAME_STATIC_URL + "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"window.order = (window.order || []).concat({i}) // no trailing newline")
    bundle = bundle_scripts(urls, static_dir=tmp_path)
    assert re.fullmatch(rf"{IFRAME_STATIC_URL}/generated/map-[0-9a-f]{{16}}\.js", bundle)
    text = (tmp_path / bundle.removeprefix(IFRAME_STATIC_URL + "/")).read_text()
    assert [int(i) for i in re.findall(r"concat\((\d)\)", text)] == [0, 1, 2]
    assert text.count("\n;\n") == 2  # a line comment at the end of one file cannot swallow the next
    assert bundle_scripts(urls, static_dir=tmp_path) == bundle  # content-addressed: same files, same name
    with pytest.raises(ValueError, match="not a served script"):
        bundle_scripts(["https://cdn.example/leaflet.js"], static_dir=tmp_path)
