"""URL state under arbitrary input (hypothesis): parsing never raises, and every valid state round-trips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.state import CENTER_BOUNDS, LANGS, ZOOM_RANGE, ViewState, Vocabulary, state_from_query, state_to_query

AREAS = ("jiangjin", "liangjiang", "longsheng")
LAYERS = ("districts", "parks", "circles", "stations")
BASEMAPS = ("none", "osm", "amap")
VOCAB = Vocabulary(areas=set(AREAS), layers=LAYERS, basemaps=BASEMAPS, default_layers=("districts",))
PARAMS = ("area", "layers", "basemap", "lang", "center", "zoom", "present")

# Anything a link can carry: known names, near misses, numbers, unicode, control characters, huge strings.
text = st.one_of(
    st.text(max_size=200),
    st.sampled_from([*AREAS, *LAYERS, *BASEMAPS, "zh", "en", "1", "true", "nan", "inf", "-0", "1e308", ",", ""]),
    st.lists(st.sampled_from([*LAYERS, "x", " ", ""]), max_size=6).map(",".join),
    st.tuples(st.floats(), st.floats()).map(lambda p: f"{p[0]},{p[1]}"),
    st.integers().map(str),
)
value = st.one_of(text, st.lists(text, max_size=3))
query = st.dictionaries(st.one_of(st.sampled_from(PARAMS), st.text(max_size=20)), value, max_size=10)

(lat_min, lon_min), (lat_max, lon_max) = CENTER_BOUNDS
valid_state = st.builds(
    ViewState,
    area=st.one_of(st.none(), st.sampled_from(AREAS)),
    layers=st.lists(st.sampled_from(LAYERS), unique=True).map(tuple),
    basemap=st.sampled_from(BASEMAPS),
    lang=st.sampled_from(sorted(LANGS)),
    center=st.one_of(
        st.none(),
        st.tuples(
            st.floats(lat_min, lat_max).map(lambda v: round(v, 5)),
            st.floats(lon_min, lon_max).map(lambda v: round(v, 5)),
        ),
    ),
    zoom=st.one_of(st.none(), st.integers(*ZOOM_RANGE)),
    present=st.booleans(),
)


@settings(max_examples=500, deadline=None)
@given(query)
def test_parsing_any_query_never_raises_and_gives_a_valid_state(q: dict) -> None:
    parsed = state_from_query(q, VOCAB)
    state = parsed.state
    assert state.area is None or state.area in AREAS
    assert set(state.layers) <= set(LAYERS) and len(set(state.layers)) == len(state.layers)
    assert state.basemap in BASEMAPS and state.lang in LANGS
    assert state.zoom is None or ZOOM_RANGE[0] <= state.zoom <= ZOOM_RANGE[1]
    if state.center is not None:
        assert lat_min <= state.center[0] <= lat_max and lon_min <= state.center[1] <= lon_max
    # what it produces is itself a link that parses back to the same state without complaint
    again = state_from_query(state_to_query(state), VOCAB)
    assert again.state == state and again.notices == []


@settings(max_examples=500, deadline=None)
@given(valid_state)
def test_every_valid_state_round_trips_through_its_link(state: ViewState) -> None:
    parsed = state_from_query(state_to_query(state), VOCAB)
    assert parsed.state == state
    assert parsed.notices == []
