"""GCJ-02 <-> WGS-84 against a maintained reference implementation (eviltransform)."""

from __future__ import annotations

import eviltransform
import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo.crs import gcj02_to_wgs84, geometry_to_gcj02, geometry_to_wgs84, wgs84_to_gcj02

GEOD = Geod(ellps="WGS84")
# Points across Chongqing: Jiangjin seat, Yuzhong peninsula, Wanzhou, Xiushan, Chengkou.
POINTS = [(106.25001, 29.28993), (106.5705, 29.5563), (108.408, 30.807), (108.989, 28.448), (108.664, 31.948)]


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


@pytest.mark.parametrize(("lon", "lat"), POINTS)
def test_forward_matches_reference_within_a_few_centimetres(lon: float, lat: float) -> None:
    ref_lat, ref_lon = eviltransform.wgs2gcj(lat, lon)
    got_lon, got_lat = wgs84_to_gcj02(lon, lat)
    assert metres(float(got_lon), float(got_lat), ref_lon, ref_lat) < 0.05


@pytest.mark.parametrize(("lon", "lat"), POINTS)
def test_offset_in_chongqing_is_about_half_a_kilometre(lon: float, lat: float) -> None:
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    assert 250 < metres(lon, lat, float(g_lon), float(g_lat)) < 700


@pytest.mark.parametrize(("lon", "lat"), POINTS)
def test_inverse_matches_reference_and_round_trips_below_a_millimetre(lon: float, lat: float) -> None:
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    back_lon, back_lat = gcj02_to_wgs84(g_lon, g_lat)
    assert metres(lon, lat, float(back_lon), float(back_lat)) < 0.001
    ref_lat, ref_lon = eviltransform.gcj2wgs_exact(float(g_lat), float(g_lon))
    assert metres(float(back_lon), float(back_lat), ref_lon, ref_lat) < 0.2  # reference stops at 1e-6 degree


def test_outside_china_is_unchanged() -> None:
    lon, lat = wgs84_to_gcj02([2.35, -74.0], [48.85, 40.7])
    np.testing.assert_array_equal(lon, [2.35, -74.0])
    np.testing.assert_array_equal(lat, [48.85, 40.7])


def test_vectorised_equals_scalar() -> None:
    lons, lats = np.array(POINTS).T
    vec_lon, vec_lat = wgs84_to_gcj02(lons, lats)
    for i, (lon, lat) in enumerate(POINTS):
        s_lon, s_lat = wgs84_to_gcj02(lon, lat)
        assert (vec_lon[i], vec_lat[i]) == (float(s_lon), float(s_lat))


def test_geometry_transform_moves_every_vertex_and_inverts() -> None:
    poly = shapely.Polygon([(106.2, 29.2), (106.3, 29.2), (106.3, 29.3), (106.2, 29.3)])
    gcj = geometry_to_gcj02(poly)
    coords = shapely.get_coordinates(gcj)
    expected = np.column_stack(wgs84_to_gcj02(*shapely.get_coordinates(poly).T))
    np.testing.assert_allclose(coords, expected)
    assert shapely.equals_exact(geometry_to_wgs84(gcj), poly, tolerance=1e-9)
