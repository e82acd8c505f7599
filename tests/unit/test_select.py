"""Hit-testing clicks: smallest containing area first, restricted to visible layers."""

from __future__ import annotations

import geopandas as gpd
import shapely

from geo.select import AreaIndex


def make_index() -> AreaIndex:
    gdf = gpd.GeoDataFrame(
        {
            "layer": ["districts", "parks", "circles", "districts"],
            "area_km2": [3200.0, 3.3, 28.0, 430.0],
        },
        geometry=[
            shapely.box(106.0, 29.0, 106.6, 29.5),
            shapely.box(106.2, 29.2, 106.22, 29.22),
            shapely.Point(106.21, 29.21).buffer(0.03),
            shapely.box(106.6, 29.0, 106.8, 29.5),
        ],
        index=["big", "small", "ring", "east"],
        crs="EPSG:4326",
    )
    return AreaIndex.from_areas(gdf)


def test_smallest_containing_area_wins_and_the_others_follow() -> None:
    assert make_index().hits(106.21, 29.21) == ["small", "ring", "big"]


def test_hidden_layers_are_not_hit() -> None:
    assert make_index().hits(106.21, 29.21, layers=("districts", "circles")) == ["ring", "big"]


def test_miss_returns_nothing() -> None:
    assert make_index().hits(110.0, 31.0) == []


def test_real_click_in_jiangjin_selects_jiangjin() -> None:
    from geo.catalog import load_catalog
    from geo.layers import areas_from_catalog

    index = AreaIndex.from_areas(areas_from_catalog(load_catalog()))
    hits = index.hits(106.25001, 29.28993, layers=("districts",))  # 几江街道 seat, GeoNames
    assert hits == ["jiangjin"]
