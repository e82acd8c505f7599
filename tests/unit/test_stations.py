"""Stations as points and their spatial join to areas."""

from __future__ import annotations

from pathlib import Path

from geo.areas import areas_from_catalog
from geo.catalog import load_catalog
from geo.stations import stations_by_area, stations_from_catalog


def test_unpublished_locations_are_listed_not_mapped(mini_data: Path) -> None:
    stations = stations_from_catalog(load_catalog(mini_data))
    assert list(stations.index) == ["st_shuangfu", "st_demo"]
    assert stations["mapped"].tolist() == [True, False]


def test_stations_join_every_containing_area(mini_data: Path) -> None:
    catalog = load_catalog(mini_data)
    joined = stations_by_area(stations_from_catalog(catalog), areas_from_catalog(catalog))
    assert joined["jiangjin"] == ("st_shuangfu",)
    assert joined["sector"] == ("st_shuangfu",)
    assert joined["ring"] == ("st_shuangfu",)
    assert "jiulongpo" not in joined
