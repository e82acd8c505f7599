"""Map events applied to the view (hypothesis): pans never select, clicks select the smallest visible area or clear,
a click is applied once, either datum gives the same answer, and the result is always a link the app accepts."""

from __future__ import annotations

import math

import geopandas as gpd
import shapely
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from geo.display import DATUMS, display_from_wgs84, wgs84_from_display
from geo.events import state_from_map_event
from geo.layers import LAYER_IDS, TOWNS_MIN_ZOOM
from geo.select import MARKER_RADIUS_PX, AreaIndex, degrees_per_pixel
from geo.state import CENTER_BOUNDS, LANGS, YEARS, ZOOM_RANGE, ViewState, Vocabulary, state_from_query, state_to_query

AREAS = gpd.GeoDataFrame(
    {
        "layer": ["districts", "districts", "towns", "parks", "circles", "parks"],
        "area_km2": [3200.0, 430.0, 40.0, 3.3, 28.0, 0.0],
    },
    geometry=[
        shapely.box(106.0, 29.0, 106.6, 29.5),
        shapely.box(106.6, 29.0, 106.8, 29.5),
        shapely.box(106.1, 29.1, 106.3, 29.3),
        shapely.box(106.2, 29.2, 106.22, 29.22),
        shapely.Point(106.21, 29.21).buffer(0.03),
        shapely.Point(106.4, 29.4),
    ],
    index=["big", "east", "cell", "small", "ring", "marker"],
    crs="EPSG:4326",
)
INDEX = AreaIndex.from_areas(AREAS)
EDGES = shapely.boundary(AREAS.geometry[AREAS.geom_type != "Point"].to_numpy())
MARKER = AREAS.geometry["marker"]
BASEMAPS = ("none", "amap", "osm")
VOCAB = Vocabulary(areas=frozenset(AREAS.index), layers=LAYER_IDS, basemaps=BASEMAPS)
(LAT_MIN, LON_MIN), (LAT_MAX, LON_MAX) = CENTER_BOUNDS
MINX, MINY, MAXX, MAXY = AREAS.total_bounds

lat_in_bounds = st.floats(LAT_MIN, LAT_MAX).map(lambda v: round(v, 5))
lon_in_bounds = st.floats(LON_MIN, LON_MAX).map(lambda v: round(v, 5))
states = st.builds(
    ViewState,
    area=st.one_of(st.none(), st.sampled_from(list(AREAS.index))),
    layers=st.lists(st.sampled_from(LAYER_IDS), unique=True).map(tuple),
    basemap=st.sampled_from(BASEMAPS),
    lang=st.sampled_from(LANGS),
    center=st.one_of(st.none(), st.tuples(lat_in_bounds, lon_in_bounds)),
    zoom=st.one_of(st.none(), st.integers(*ZOOM_RANGE)),
    present=st.booleans(),
    asof=st.sampled_from(YEARS),
    circle_km=st.one_of(st.none(), st.sampled_from([0.5, 3.0, 20.0])),
)
near = st.tuples(st.floats(MINY - 0.1, MAXY + 0.1), st.floats(MINX - 0.1, MAXX + 0.1))  # (lat, lon) around the areas
anywhere = st.tuples(st.floats(-90, 90), st.floats(-540, 540))  # Leaflet reports unwrapped longitudes
points = st.one_of(near, anywhere).map(lambda p: {"lat": p[0], "lng": p[1]})
zooms = st.one_of(st.none(), st.integers(*ZOOM_RANGE))
pans = st.fixed_dictionaries({"center": points, "zoom": zooms})
clicks = st.fixed_dictionaries({"center": st.one_of(st.none(), points), "zoom": zooms, "last_clicked": points})


def apply(state: ViewState, event: dict, datum: str, handled: dict | None = None):
    return state_from_map_event(state, event, datum=datum, index=INDEX, handled_click=handled)


@settings(max_examples=300, deadline=None)
@given(states, st.one_of(pans, clicks), st.sampled_from(DATUMS))
def test_the_result_is_always_a_link_the_app_reads_back_unchanged(state: ViewState, event: dict, datum: str) -> None:
    outcome = apply(state, event, datum)
    parsed = state_from_query(state_to_query(outcome.state), VOCAB)
    assert parsed.state == outcome.state and parsed.notices == []


@settings(max_examples=300, deadline=None)
@given(states, pans, st.sampled_from(DATUMS))
def test_a_pan_or_zoom_never_changes_the_selection(state: ViewState, event: dict, datum: str) -> None:
    outcome = apply(state, event, datum)
    assert outcome.state.area == state.area and not outcome.clicked and outcome.also_here == ()
    assert outcome.state.with_(center=state.center, zoom=state.zoom) == state  # only the view may change


@settings(max_examples=300, deadline=None)
@given(states, clicks, st.sampled_from(DATUMS))
def test_a_click_already_handled_changes_nothing_but_the_view(state: ViewState, event: dict, datum: str) -> None:
    first = apply(state, event, datum)
    again = apply(first.state, event, datum, handled=event["last_clicked"])
    assert not again.clicked and again.fit is None and again.state.area == first.state.area


@settings(max_examples=300, deadline=None)
@given(states, pans, st.sampled_from(DATUMS))
def test_the_view_is_recorded_in_wgs84_when_the_link_can_carry_it_else_the_last_one_stays(
    state: ViewState, event: dict, datum: str
) -> None:
    outcome = apply(state, event, datum)
    lat, lon = wgs84_from_display(event["center"]["lat"], event["center"]["lng"], datum)
    fits = LAT_MIN <= round(lat, 5) <= LAT_MAX and LON_MIN <= round(lon, 5) <= LON_MAX
    if event["zoom"] and fits:
        assert outcome.state.center == (round(lat, 5), round(lon, 5)) and outcome.state.zoom == event["zoom"]
    else:
        assert (outcome.state.center, outcome.state.zoom) == (state.center, state.zoom)


@settings(max_examples=300, deadline=None)
@given(states, st.tuples(st.floats(-90, 90), st.floats(-540, 540)), zooms, st.sampled_from(DATUMS))
def test_a_click_outside_every_area_clears_the_selection(state, point, zoom, datum) -> None:
    lat, lon = point
    assume(not (MINY - 0.01 <= lat <= MAXY + 0.01 and MINX - 0.01 <= lon <= MAXX + 0.01))
    shown = display_from_wgs84(lat, lon, datum)
    outcome = apply(state, {"zoom": zoom, "last_clicked": {"lat": shown[0], "lng": shown[1]}}, datum)
    assert outcome.clicked and outcome.state.area is None and outcome.also_here == () and outcome.fit is None


@settings(max_examples=500, deadline=None)
@given(states, near, st.integers(*ZOOM_RANGE))
def test_a_click_selects_the_smallest_visible_area_under_it_the_same_on_either_datum(state, point, zoom) -> None:
    lat, lon = point
    # a click on an edge (or at a marker's reach) may fall either side once shifted to GCJ-02 and back (1e-9 deg)
    assume(shapely.distance(EDGES, shapely.Point(lon, lat)).min() > 1e-6)
    step = degrees_per_pixel(zoom)
    pixels = math.hypot((MARKER.x - lon) / step, (MARKER.y - lat) / (step * math.cos(math.radians(lat))))
    assume(abs(pixels - MARKER_RADIUS_PX) > 1e-3)
    plain = apply(state, {"zoom": zoom, "last_clicked": {"lat": lat, "lng": lon}}, "wgs84")
    g_lat, g_lon = display_from_wgs84(lat, lon, "gcj02")
    shifted = apply(state, {"zoom": zoom, "last_clicked": {"lat": g_lat, "lng": g_lon}}, "gcj02")
    assert (plain.state, plain.also_here) == (shifted.state, shifted.also_here)
    assert plain.fit == plain.state.area
    chosen = [plain.state.area, *plain.also_here] if plain.state.area else []
    shown = [layer for layer in state.layers if layer != "towns" or zoom >= TOWNS_MIN_ZOOM]
    under = AREAS[AREAS.covers(shapely.Point(lon, lat)) & (AREAS.geom_type != "Point") & AREAS["layer"].isin(shown)]
    marker = ["marker"] if "parks" in shown and pixels <= MARKER_RADIUS_PX else []
    assert set(chosen) == {*under.index, *marker}  # exactly the visible areas under the click are offered
    sizes = [AREAS.loc[i, "area_km2"] for i in chosen]
    assert sizes == sorted(sizes)  # the selected one is the smallest


def test_township_cells_are_selected_only_from_their_zoom() -> None:
    state = ViewState(layers=("districts", "towns"))
    click = {"lat": 29.15, "lng": 106.15}
    assert apply(state, {"zoom": TOWNS_MIN_ZOOM - 1, "last_clicked": click}, "wgs84").state.area == "big"
    at_town_zoom = apply(state, {"zoom": TOWNS_MIN_ZOOM, "last_clicked": click}, "wgs84")
    assert at_town_zoom.state.area == "cell" and at_town_zoom.also_here == ("big",)
