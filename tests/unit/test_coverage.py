"""Coverage circles, covered shares, nearest stations, point-in-area assignment and map extents."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.catalog import load_catalog
from geo.coverage import (
    coverage_circles,
    coverage_union,
    covered_share,
    nearest_station,
    nearest_stations,
    points_covered,
    town_seats,
)
from geo.crs import METRIC_CRS, WGS84
from geo.extent import fit_view
from geo.joins import assign_points_to_areas, located_points
from geo.state import ZOOM_RANGE

ORIGIN = (0.0, -50_000.0)  # metres in METRIC_CRS, inside Chongqing (≈ 107.75 E, 29.55 N)


def metric_points(ids: list[str], xy: list[tuple[float, float] | None]) -> gpd.GeoDataFrame:
    """Points given in metres of METRIC_CRS, returned in WGS-84 like the app's stations."""
    geoms = [shapely.Point(ORIGIN[0] + x, ORIGIN[1] + y) if (x, y) != (None, None) else None for x, y in xy]
    return gpd.GeoDataFrame({"id": ids}, geometry=geoms, crs=METRIC_CRS, index=ids).to_crs(WGS84)


def metric_square(x0: float, y0: float, size: float) -> shapely.Polygon:
    x, y = ORIGIN[0] + x0, ORIGIN[1] + y0
    return shapely.box(x, y, x + size, y + size)


def squares(spec: dict[str, tuple[float, float, float]]) -> gpd.GeoDataFrame:
    geoms = [metric_square(*v) for v in spec.values()]
    return gpd.GeoDataFrame(geometry=geoms, index=list(spec), crs=METRIC_CRS).to_crs(WGS84)


STATIONS = metric_points(["s1", "s2", "nowhere"], [(0.0, 0.0), (30_000.0, 0.0), (None, None)])


def test_one_circle_has_the_area_of_a_circle() -> None:
    union = coverage_union(STATIONS.loc[["s1"]], 10)
    assert union.area / 1e6 == pytest.approx(math.pi * 100, rel=1e-3)


def test_separate_circles_add_up_and_overlapping_ones_are_merged() -> None:
    assert coverage_union(STATIONS, 10).area / 1e6 == pytest.approx(2 * math.pi * 100, rel=1e-3)
    overlap = coverage_union(STATIONS, 20).area / 1e6
    assert overlap < 2 * math.pi * 400 * 0.999


def test_no_station_or_no_radius_covers_nothing() -> None:
    assert coverage_union(STATIONS.loc[["nowhere"]], 10).is_empty
    assert coverage_union(STATIONS, 0).is_empty
    assert coverage_circles(STATIONS.loc[["nowhere"]], 10).empty


def test_circles_for_drawing_are_in_wgs84() -> None:
    circles = coverage_circles(STATIONS, 5)
    assert circles.crs.to_string() == WGS84 and len(circles) == 1
    minx, miny, maxx, maxy = circles.total_bounds
    assert 107 < minx < maxx < 109 and 29 < miny < maxy < 30
    assert circles["area_km2"].iloc[0] == pytest.approx(2 * math.pi * 25, rel=1e-3)


def test_covered_share_is_intersection_over_area_in_metric_crs() -> None:
    areas = squares({"around_s1": (-10_000, -10_000, 20_000), "far": (100_000, 100_000, 10_000)})
    shares = covered_share(areas, STATIONS, 5)
    assert shares.loc["around_s1", "area_km2"] == pytest.approx(400, rel=1e-6)
    assert shares.loc["around_s1", "covered_km2"] == pytest.approx(math.pi * 25, rel=1e-3)
    assert shares.loc["around_s1", "share"] == pytest.approx(math.pi * 25 / 400, rel=1e-3)
    assert shares.loc["far", "share"] == 0.0
    assert covered_share(areas, STATIONS, 50).loc["around_s1", "share"] == pytest.approx(1.0)
    assert (covered_share(areas, STATIONS.loc[["nowhere"]], 5)["share"] == 0).all()


def test_nearest_station_and_its_distance() -> None:
    points = metric_points(["at_s1", "east", "between"], [(0.0, 0.0), (3_000.0, 0.0), (16_000.0, 0.0)])
    nearest = nearest_stations(points, STATIONS)
    assert list(nearest["station"]) == ["s1", "s1", "s2"]
    assert nearest["distance_km"].tolist() == pytest.approx([0.0, 3.0, 14.0], abs=1e-6)
    lon, lat = points.loc["east"].geometry.x, points.loc["east"].geometry.y
    found = nearest_station(lon, lat, STATIONS)
    assert found is not None and found.station == "s1" and found.distance_km == pytest.approx(3.0, abs=1e-6)


def test_without_stations_there_is_no_nearest() -> None:
    assert nearest_station(107.75, 29.5, STATIONS.loc[["nowhere"]]) is None
    points = metric_points(["p"], [(0.0, 0.0)])
    assert nearest_stations(points, STATIONS.loc[["nowhere"]])["distance_km"].isna().all()


def test_a_point_is_covered_exactly_when_within_the_radius() -> None:
    points = metric_points(["in", "edge_in", "out"], [(4_000.0, 0.0), (0.0, 9_990.0), (0.0, 10_010.0)])
    covered = points_covered(points, STATIONS, 10)
    assert covered["covered"].tolist() == [True, True, False]


def test_points_go_to_the_smallest_area_that_contains_them() -> None:
    areas = squares({"big": (-50_000, -50_000, 100_000), "small": (-5_000, -5_000, 10_000)})
    points = metric_points(
        ["centre", "suburb", "outside", "unknown"], [(0.0, 0.0), (30_000.0, 0.0), (80_000.0, 0.0), (None, None)]
    )
    assigned = assign_points_to_areas(points, areas)
    assert assigned.to_dict() == {"centre": "small", "suburb": "big", "outside": None, "unknown": None}
    in_metric = assign_points_to_areas(points, areas.to_crs(METRIC_CRS))  # any CRS for the areas
    assert in_metric.to_dict() == assigned.to_dict()


def test_assignment_with_nothing_to_assign() -> None:
    areas = squares({"a": (0, 0, 1000)})
    assert assign_points_to_areas(STATIONS.iloc[0:0], areas).empty
    assert assign_points_to_areas(STATIONS, areas.iloc[0:0]).isna().all()


def test_located_points_need_both_coordinates() -> None:
    rows = pd.DataFrame({"lon": [106.2, None, 106.3], "lat": [29.3, 29.4, None]}, index=["both", "no_lon", "no_lat"])
    located = located_points(rows)
    assert list(located.index) == ["both"] and located.crs.to_string() == WGS84
    assert located_points(pd.DataFrame({"name": ["x"]})).empty


def test_real_stations_are_assigned_to_jiangjin_areas() -> None:
    from geo.areas import areas_from_catalog
    from geo.stations import stations_from_catalog

    catalog = load_catalog()
    stations = stations_from_catalog(catalog)
    assigned = assign_points_to_areas(stations, areas_from_catalog(catalog))
    mapped = assigned[stations["mapped"]]
    assert mapped.notna().all()
    assert assigned[~stations["mapped"]].isna().all()
    # stations stand at their towns' seats: each falls in its own town's cell, the smallest polygon there
    towns = catalog.towns
    for station_id, area_id in mapped.items():
        assert area_id == stations.loc[station_id, "town"], station_id
        assert towns.loc[area_id, "district_2023"] == "500116"
    zones = assign_points_to_areas(stations, areas_from_catalog(catalog).query("layer != 'towns'"))
    assert set(zones[stations["mapped"]]) <= {"jiangjin", "jj_sci"}  # parks known only by their seat hold nothing


def test_town_seats_are_the_seated_units_of_the_district(mini_data: Path) -> None:
    catalog = load_catalog(mini_data)
    seats = town_seats(catalog, "500116")
    assert list(seats.index) == ["500116001", "500116002", "500116004", "500116006"]
    assert seats.geometry.loc["500116004"].x == pytest.approx(106.27972)
    assert list(town_seats(catalog, "500107").index) == ["500107109", "500107110"]  # 铜罐驿 has no seat
    assert town_seats(catalog, "500199").empty


def test_fit_view_centres_the_box_and_picks_a_zoom_that_fits() -> None:
    center, zoom = fit_view((105.9, 28.6, 106.6, 29.5), width_px=700, height_px=560)
    assert center == pytest.approx((29.05, 106.25))
    assert zoom == 9
    wider = fit_view((105.2, 28.1, 110.3, 32.3))[1]
    assert wider < zoom
    assert fit_view((106.0, 29.0, 106.0, 29.0))[1] == ZOOM_RANGE[1]
    assert fit_view((-180.0, -80.0, 180.0, 80.0))[1] == ZOOM_RANGE[0]
