"""Hit-testing clicks: smallest containing area first, markers within their radius, only visible layers."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.layers import TOWNS_MIN_ZOOM, visible_layers
from geo.select import MARKER_RADIUS_PX, AreaIndex, degrees_per_pixel


def make_index() -> AreaIndex:
    gdf = gpd.GeoDataFrame(
        {
            "layer": ["districts", "parks", "circles", "districts", "parks"],
            "area_km2": [3200.0, 3.3, 28.0, 430.0, 0.0],
        },
        geometry=[
            shapely.box(106.0, 29.0, 106.6, 29.5),
            shapely.box(106.2, 29.2, 106.22, 29.22),
            shapely.Point(106.21, 29.21).buffer(0.03),
            shapely.box(106.6, 29.0, 106.8, 29.5),
            shapely.Point(106.4, 29.4),
        ],
        index=["big", "small", "ring", "east", "marker"],
        crs="EPSG:4326",
    )
    return AreaIndex.from_areas(gdf)


def test_smallest_containing_area_wins_and_the_others_follow() -> None:
    assert make_index().hits(106.21, 29.21) == ["small", "ring", "big"]


def test_hidden_layers_are_not_hit() -> None:
    assert make_index().hits(106.21, 29.21, layers=("districts", "circles")) == ["ring", "big"]


def test_miss_returns_nothing() -> None:
    assert make_index().hits(110.0, 31.0) == []


def test_a_marker_is_hit_within_its_screen_radius_and_comes_first() -> None:
    index = make_index()
    step = degrees_per_pixel(10)
    assert index.hits(106.4 + (MARKER_RADIUS_PX - 1) * step, 29.4, zoom=10) == ["marker", "big"]
    assert index.hits(106.4 + (MARKER_RADIUS_PX + 1) * step, 29.4, zoom=10) == ["big"]
    # latitude is stretched on a Mercator map: the same pixel distance is fewer degrees north-south
    assert index.hits(106.4, 29.4 + (MARKER_RADIUS_PX + 1) * step * 0.87, zoom=10) == ["big"]
    assert index.hits(106.4, 29.4, zoom=None) == ["big"]  # without a zoom no marker radius is known


@pytest.mark.parametrize("zoom", [None, TOWNS_MIN_ZOOM - 1, TOWNS_MIN_ZOOM])
def test_township_cells_count_as_visible_only_from_their_zoom(zoom) -> None:
    shown = visible_layers(("districts", "towns", "parks", "nonsense"), zoom)
    assert ("towns" in shown) == (zoom is None or zoom >= TOWNS_MIN_ZOOM)
    assert "districts" in shown and "nonsense" not in shown


def test_real_click_in_jiangjin_selects_jiangjin() -> None:
    from geo.areas import areas_from_catalog
    from geo.catalog import load_catalog

    index = AreaIndex.from_areas(areas_from_catalog(load_catalog()))
    hits = index.hits(106.25001, 29.28993, layers=("districts",))  # 几江街道 seat, GeoNames
    assert hits == ["jiangjin"]
    assert index.hits(106.25001, 29.28993, layers=("districts", "towns"))[0] == "500116001"  # its cell, smaller
