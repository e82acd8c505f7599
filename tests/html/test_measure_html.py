"""Issue 16: the overview map's measure tool (leaflet-measure) in the map HTML: local files, the page's language.

Lengths are shown in km (and m), areas in km² (and ha); the labels are the
app's (locales), the control's own texts come from leaflet-measure's build in
the page's language (``cn`` for Chinese, ``en`` for English).
"""

from __future__ import annotations

import json
import re

import pytest

from components.assets import ensure_static_assets, vendor_path
from components.export import PLACEHOLDER, standalone_html
from components.map_view import MeasureTool, build_map
from components.overview import measure_tool
from geo.basemaps import available_basemaps

VENDOR = "../../app/static/vendor/leaflet-measure-3.1.0"


def measure_options(html: str) -> tuple[dict, bool]:
    """Return the options and the hide-coordinates flag that the map's script hands to ``cqMeasure``."""
    match = re.search(r"cqMeasure\(map_\w+, (\{.*?\}), (true|false)\);", html)
    assert match, "no measure control in the map script"
    return json.loads(match.group(1)), match.group(2) == "true"


@pytest.mark.parametrize(
    ("lang", "locale", "labels"),
    [("zh", "cn", ["公里", "米", "平方公里", "公顷"]), ("en", "en", ["km", "m", "km²", "ha"])],
)
def test_the_measure_tool_is_on_the_map_from_local_files_in_the_pages_language(
    lang: str, locale: str, labels: list[str]
) -> None:
    m = build_map([], attribution="x", measure=measure_tool(lang))
    js, css = [u for _, u in m.default_js], [u for _, u in m.default_css]
    assert js[-2:] == [f"{VENDOR}/leaflet-measure.{locale}.js", "../../app/static/js/measure.js"]
    assert js.index("../../app/static/vendor/leaflet/leaflet.js") < js.index(js[-2])  # a Leaflet plugin
    assert f"{VENDOR}/leaflet-measure.css" in css
    html = m.get_root().render()
    assert not re.findall(r"""(?:src|href)=["']https?://""", html)
    assert not re.findall(r"https?://(?!127\.0\.0\.1|localhost)", html.split("<body>", 1)[1])
    options, hide_coords = measure_options(html)
    assert not hide_coords  # no basemap: the map is WGS-84
    units = options["units"]
    assert [units[u]["display"] for u in ("cq_km", "cq_m", "cq_km2", "cq_ha")] == labels
    assert [units[u]["factor"] for u in ("cq_km", "cq_m", "cq_km2", "cq_ha")] == [1e-3, 1, 1e-6, 1e-4]
    assert (options["primaryLengthUnit"], options["secondaryLengthUnit"]) == ("cq_km", "cq_m")
    assert (options["primaryAreaUnit"], options["secondaryAreaUnit"]) == ("cq_km2", "cq_ha")


def test_the_served_files_are_the_pinned_packages_and_speak_the_language() -> None:
    ensure_static_assets()
    folder = vendor_path("leaflet-measure-3.1.0")
    chinese = (folder / "leaflet-measure.cn.js").read_text(encoding="utf-8")
    english = (folder / "leaflet-measure.en.js").read_text(encoding="utf-8")
    assert "同时测量距离和面积" in chinese and "路径长度" in chinese and "Measure distances and areas" not in chinese
    assert "Measure distances and areas" in english and "路径长度" not in english
    for text in (chinese, english):
        assert "L.Control.Measure" in text and not re.search(r"https?://(?!www\.w3\.org)", text)
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")
    css = (folder / "leaflet-measure.css").read_text(encoding="utf-8")
    for image in re.findall(r"url\(\"?([^)\"]+)\"?\)", css):  # every icon the stylesheet names is served
        assert (folder / image).is_file(), image


def test_maps_without_the_tool_load_none_of_it() -> None:
    m = build_map([], attribution="x")
    assert not any("measure" in u for _, u in m.default_js + m.default_css)
    assert "cqMeasure" not in m.get_root().render()


def test_coordinates_are_hidden_where_they_would_be_gcj02() -> None:
    maps = {b.id: b for b in available_basemaps(tianditu_key="k")}
    for basemap_id, hidden in (("amap", True), ("amap-satellite", True), ("osm", False), ("tianditu", False)):
        html = build_map([], attribution="x", basemap=maps[basemap_id], measure=measure_tool("zh")).get_root().render()
        assert measure_options(html)[1] is hidden, basemap_id


def test_unit_names_are_escaped_once() -> None:
    tool = MeasureTool("en", km="<b>km</b>", m="m&", km2="km²", ha="ha")
    options, _ = measure_options(build_map([], attribution="x", measure=tool).get_root().render())
    assert options["units"]["cq_km"]["display"] == "&lt;b&gt;km&lt;/b&gt;"
    assert options["units"]["cq_m"]["display"] == "m&amp;"


def test_an_unserved_language_is_refused() -> None:
    with pytest.raises(ValueError, match="not served"):
        build_map([], attribution="x", measure=MeasureTool("de", km="km", m="m", km2="km²", ha="ha"))


def test_the_standalone_export_inlines_the_tool_and_its_icons() -> None:
    html = standalone_html(build_map([], attribution="x", static_url=PLACEHOLDER, measure=measure_tool("zh")), "T")
    assert "L.Control.Measure" in html and "cqMeasure(" in html and "同时测量距离和面积" in html
    assert "url(assets/" not in html and 'url("assets/' not in html
    assert html.count('url("data:image/png;base64,') >= 12  # the tool's six icons at two resolutions
