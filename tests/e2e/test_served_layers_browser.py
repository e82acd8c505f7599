"""What the browser decodes is the geometry Python computed: every served layer file, and the GCJ-02 inverse.

The area layers leave the server as TopoJSON (``geo.encoding.topology_from_frames``)
and are decoded in the page by the vendored topojson-client; points leave as
GeoJSON. Here the page itself fetches every layer file it was served and
decodes it with the same ``topojson`` object the app's layers use; the result
must hold the same features as the display geometry of ``components.data``,
each within the topology's quantisation step of it. On an Amap basemap the
geometry is shifted to GCJ-02 in Python, so the same holds against the
shifted frames.

The only GCJ-02 arithmetic left in the browser is the cursor readout's inverse
(``static/js/coords.js``, ``window.cqGcjToWgs``): it must agree with
``geo.crs.gcj02_to_wgs84`` to 1e-9 degrees.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pytest
import shapely

from components.data import get_display_areas, stations_geojson
from geo.areas import LATEST_YEAR
from geo.basemaps import GCJ02, WGS84, Datum
from geo.crs import gcj02_to_wgs84, wgs84_to_gcj02
from geo.display import DisplayContext
from geo.encoding import for_display_datum
from geo.layers import AREA_LAYERS, TOWNS_MIN_ZOOM
from tests.e2e.conftest import map_frame, wait_for_app

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
AREA_IDS = ",".join(spec.id for spec in AREA_LAYERS)
# zoomed in far enough that the township cells (their own file) are fetched too
URL = f"/?layers={AREA_IDS},stations&center=29.35,106.27&zoom={TOWNS_MIN_ZOOM}"
SERVED = re.compile(r"/app/static/generated/[a-z_-]+-[0-9a-f]{16}\.(topo\.json|geojson)$")
POLYGONAL = ("Polygon", "MultiPolygon")

# Runs in the map iframe: the layer files this page fetched, decoded with the page's own topojson-client.
DECODE_JS = """
async (pattern) => {
  const re = new RegExp(pattern), out = {topologies: {}, geojson: {}};
  const urls = [...new Set(performance.getEntriesByType('resource').map((e) => e.name).filter((u) => re.test(u)))];
  for (const url of urls) {
    const data = await (await fetch(url)).json();
    const name = url.split('/').pop();
    if (data.type === 'Topology') {
      const objects = {};
      for (const [object, value] of Object.entries(data.objects)) {
        objects[object] = topojson.feature(data, value).features
          .map((f) => ({id: f.properties.id, geometry: f.geometry}));  // the id the app's layers go by
      }
      out.topologies[name] = {scale: data.transform.scale, objects};
    } else {
      out.geojson[name] = data.features.map((f) => ({id: f.id, geometry: f.geometry}));
    }
  }
  return out;
}
"""
# Runs in the map iframe: the readout's GCJ-02 -> WGS-84 inverse at each [lon, lat].
INVERSE_JS = "(points) => points.map(([lon, lat]) => window.cqGcjToWgs(lon, lat))"
# Ten places across Chongqing (WGS-84 lon, lat): the centre, the corners and the far east and south-east.
REFERENCE = [
    (106.5516, 29.5630),  # 渝中
    (106.25001, 29.28993),  # 江津 几江
    (106.30, 30.05),  # 合川
    (105.5940, 29.4050),  # 荣昌, the west
    (106.6513, 29.0286),  # 綦江, the south
    (108.4089, 30.8078),  # 万州
    (108.6644, 31.9475),  # 城口, the north
    (109.8789, 31.0746),  # 巫山, the east
    (108.7707, 29.5330),  # 黔江
    (108.9888, 28.4480),  # 秀山, the south-east
]


def expected_objects(datum: Datum) -> dict[str, gpd.GeoSeries]:
    """The display geometry the app encodes, per topology object: the area layers and the approximate edges."""
    areas = get_display_areas(LATEST_YEAR, None, datum)
    areas = areas.set_axis(areas.index.astype(str))
    polygons = areas[areas.geom_type.isin(POLYGONAL)]
    objects = {spec.id: polygons[polygons["layer"] == spec.id].geometry for spec in AREA_LAYERS}
    edges = areas[areas["approximate_edges"].notna()]
    # that column is not shifted with the geometry: the app shifts it when it builds the topology
    frame = gpd.GeoDataFrame(geometry=list(edges["approximate_edges"]), index=edges.index, crs=areas.crs)
    objects["edges"] = for_display_datum(frame, datum).geometry
    return objects


def expected_points(datum: Datum) -> dict[str, shapely.Point]:
    """Every point a GeoJSON layer file carries: the stations and the areas drawn as a town's seat."""
    areas = get_display_areas(LATEST_YEAR, None, datum)
    points = {str(i): g for i, g in areas.geometry[areas.geom_type == "Point"].items()}
    for f in stations_geojson(ctx=DisplayContext(lang="zh", datum=datum))["features"]:
        points[f["id"]] = shapely.geometry.shape(f["geometry"])
    return points


def assert_close(got: shapely.Geometry, want: shapely.Geometry, step: float, what: str) -> None:
    """Assert that a decoded geometry is Python's up to the topology's integer grid.

    Every decoded vertex lies within one grid step of Python's outline (lines:
    of the line); and the two shapes differ by no more than the band half a
    step wide along the outline that rounding every vertex can sweep. (Rounding
    may also collapse a spike narrower than the grid: 龙盛's outline has one,
    ~40 m long, which the topology drops; the band allows that, a shift of the
    whole shape by a few steps, or a missing part, does not fit in it.)
    """
    outline = want.boundary if want.geom_type in POLYGONAL else want
    off = float(shapely.distance(outline, shapely.points(shapely.get_coordinates(got))).max())
    assert off <= step, f"{what}: a vertex {off:.1e} degrees off (grid step {step:.1e})"
    if want.geom_type in POLYGONAL:
        swept = float(shapely.symmetric_difference(shapely.make_valid(got), shapely.make_valid(want)).area)
        assert swept <= want.length * step / 2, f"{what}: shapes differ by {swept:.1e} square degrees"
    else:
        assert shapely.hausdorff_distance(got, want) <= step, f"{what}: the line is not Python's"


def open_layers(app_url: str, offline, basemap: str):
    """Open the map with every layer at zoom 11; return its iframe once both topologies have been fetched."""
    page = offline().new_page()
    page.goto(f"{app_url}{URL}&basemap={basemap}")
    wait_for_app(page)
    map_frame(page)
    inner = page.locator(IFRAME).element_handle().content_frame()
    inner.wait_for_function(
        "(p) => new Set(performance.getEntriesByType('resource').map((e) => e.name)"
        ".filter((u) => new RegExp(p).test(u) && u.endsWith('.topo.json'))).size >= 2",
        arg=SERVED.pattern,
        timeout=60_000,
    )
    return inner


@pytest.mark.parametrize("basemap", ["none", "amap"])
def test_each_served_layer_decodes_in_the_page_to_the_python_geometry(app_url, offline, basemap: str) -> None:
    datum: Datum = GCJ02 if basemap == "amap" else WGS84
    decoded = open_layers(app_url, offline, basemap).evaluate(DECODE_JS, SERVED.pattern)

    # the area topology and the township cells' one, with exactly the objects Python put in them
    assert sorted(name.split("-")[0] for name in decoded["topologies"]) == ["areas", "towns"]
    expected = expected_objects(datum)
    objects = {name: (t["scale"], o) for t in decoded["topologies"].values() for name, o in t["objects"].items()}
    assert set(objects) == set(expected)
    for name, (scale, features) in objects.items():
        want = expected[name]
        assert sorted(f["id"] for f in features) == sorted(map(str, want.index)), name
        step = float(np.hypot(*scale))  # one step of the topology's integer grid, diagonally (~7 m)
        for f in features:
            assert_close(shapely.geometry.shape(f["geometry"]), want.loc[f["id"]], step, f"{name}/{f['id']}")
    assert len(objects["districts"][1]) == 37 and len(objects["towns"][1]) > 800  # not vacuous

    # the point files (stations, seats) hold the same points, to the 4 decimals they are sent with
    points = expected_points(datum)
    served = {f["id"]: f["geometry"] for features in decoded["geojson"].values() for f in features}
    assert set(served) == set(points) and len(served) >= 19
    for point_id, geometry in served.items():
        assert shapely.geometry.shape(geometry).distance(points[point_id]) < 1e-4, point_id


def test_the_pages_gcj02_inverse_matches_geo_crs(app_url, offline) -> None:
    page = offline().new_page()
    page.goto(f"{app_url}/?basemap=amap&layers=districts")
    wait_for_app(page)
    map_frame(page)
    inner = page.locator(IFRAME).element_handle().content_frame()
    inner.wait_for_function("() => typeof window.cqGcjToWgs === 'function'")
    lon, lat = np.array(REFERENCE).T
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    in_page = np.array(inner.evaluate(INVERSE_JS, np.column_stack([g_lon, g_lat]).tolist()))
    w_lon, w_lat = gcj02_to_wgs84(g_lon, g_lat)
    assert np.abs(in_page - np.column_stack([w_lon, w_lat])).max() < 1e-9
    assert np.abs(in_page - np.column_stack([lon, lat])).max() < 1e-9  # and both invert the forward transform
    assert np.abs(np.column_stack([g_lon - lon, g_lat - lat])).min() > 1e-3  # the shift is real (~500 m)
