"""The display context: built from the view and the basemap; bilingual fields; points to and from the map's datum."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.basemaps import GCJ02, WGS84, available_basemaps
from geo.crs import wgs84_to_gcj02
from geo.display import (
    DisplayContext,
    context_from_view,
    display_from_wgs84,
    localized,
    localized_column,
    wgs84_from_display,
)
from geo.state import ViewState

BASEMAPS = {b.id: b for b in available_basemaps("key", "http://tiles.local/{z}/{x}/{y}.png", GCJ02)}


@pytest.mark.parametrize("basemap", sorted(BASEMAPS))
def test_the_context_takes_language_and_year_from_the_view_and_the_datum_from_the_basemap(basemap: str) -> None:
    state = ViewState(lang="en", asof=2023, basemap=basemap)
    ctx = context_from_view(state, BASEMAPS[basemap])
    assert ctx == DisplayContext(lang="en", datum=BASEMAPS[basemap].datum, asof=2023)
    assert ctx.datum == (GCJ02 if basemap in {"amap", "amap-satellite", "intranet"} else WGS84)


def test_the_context_is_frozen_and_hashable_so_caches_can_key_on_it() -> None:
    ctx = DisplayContext(lang="en", datum=GCJ02, asof=2023)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.lang = "zh"  # type: ignore[misc]
    assert {ctx: 1}[DisplayContext(lang="en", datum=GCJ02, asof=2023)] == 1
    assert DisplayContext() == DisplayContext(lang="zh", datum=WGS84, asof=2026)


def test_localized_reads_the_field_of_the_language() -> None:
    row = pd.Series({"note_zh": "说明", "note_en": "note", "name_zh": "江津区", "name_en": ""})
    assert localized(row, "note", "zh") == "说明"
    assert localized(row, "note", "en") == "note"
    assert localized_column("note", "en") == "note_en" and localized_column("note", "zh") == "note_zh"
    assert localized(row, "name", "en") == ""  # as stored: an empty translation is not made up
    assert localized(row, "name", "en", fallback=True) == "江津区"
    assert localized(row, "name", "zh", fallback=True) == "江津区"
    assert localized(row, "missing", "en") == ""


def test_localized_works_on_whole_columns_dicts_and_objects() -> None:
    frame = pd.DataFrame({"unit_zh": ["家", "%"], "unit_en": ["firms", "%"]})
    assert list(localized(frame, "unit", "en")) == ["firms", "%"]
    assert localized({"title_zh": "规划", "title_en": "Plan"}, "title", "en") == "Plan"
    hit = type("Hit", (), {"name_zh": "龙盛", "name_en": "Longsheng"})()
    assert localized(hit, "name", "en") == "Longsheng" and localized(hit, "name", "zh") == "龙盛"


chongqing = st.tuples(st.floats(28.1, 32.3), st.floats(105.2, 110.3))


@settings(max_examples=200, deadline=None)
@given(chongqing)
def test_a_point_goes_to_the_maps_datum_and_back(point: tuple[float, float]) -> None:
    lat, lon = point
    assert display_from_wgs84(lat, lon, WGS84) == (lat, lon)
    assert wgs84_from_display(lat, lon, WGS84) == (lat, lon)
    g_lat, g_lon = display_from_wgs84(lat, lon, GCJ02)
    expected_lon, expected_lat = wgs84_to_gcj02(lon, lat)
    assert (g_lat, g_lon) == (float(expected_lat), float(expected_lon))
    assert abs(g_lat - lat) + abs(g_lon - lon) > 1e-3  # about 480 m in Chongqing: a real shift
    back = wgs84_from_display(g_lat, g_lon, GCJ02)
    assert abs(back[0] - lat) < 1e-8 and abs(back[1] - lon) < 1e-8
