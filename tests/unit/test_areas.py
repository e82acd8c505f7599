"""Geometry recipes and the areas built from them (small fixture; the real data are in test_geography)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from geo.areas import areas_from_catalog
from geo.catalog import load_catalog
from geo.crs import METRIC_CRS
from geo.errors import GeometryError
from geo.recipes import Recipe, listed_units, parse_recipe


def test_parse_recipes() -> None:
    assert parse_recipe("district:500116") == Recipe("district", ("500116",))
    assert parse_recipe("units:500116004+@500157;minus=500112144") == Recipe(
        "units", ("500116004", "@500157"), None, ("500112144",)
    )
    assert parse_recipe("circle:500116004;radius_km=3") == Recipe("circle", ("500116004",), 3.0)
    assert parse_recipe("none") == Recipe("none")
    for bad in ("circle:500116004", "circle:a;radius_km=-1", "seat:a+b", "units:a;clip=x", "hull:a", "union:", "x"):
        with pytest.raises(ValueError):
            parse_recipe(bad)


def test_listed_units_are_the_explicit_codes_only() -> None:
    assert listed_units(parse_recipe("units:1+@500157;minus=2")) == ("1", "2")
    assert listed_units(parse_recipe("seat:7")) == ("7",)
    assert listed_units(parse_recipe("district:500116")) == ()


@pytest.fixture
def mini(mini_data: Path):
    return load_catalog(mini_data)


def test_unmapped_areas_are_left_out_and_cells_are_added(mini) -> None:
    areas = areas_from_catalog(mini, 2023)
    assert "hidden" not in areas.index
    assert {"jiangjin", "jiulongpo", "sector", "ring", "both", "spot"} <= set(areas.index)
    cells = areas[areas["kind"] == "town"]
    assert set(cells.index) == {"500107109", "500107110", "500116001", "500116002", "500116004", "500116006"}
    assert (cells["layer"] == "towns").all() and (cells["accuracy"] == "approximate").all()


def test_units_zone_is_the_union_of_its_cells_and_holds_its_seats_only(mini) -> None:
    areas = areas_from_catalog(mini, 2023)
    sector = areas.geometry.loc["sector"]
    union = shapely.union_all(areas.geometry.loc[["500116004", "500116002"]].to_numpy())
    assert sector.symmetric_difference(union).area < 1e-9
    towns = mini.towns
    for code, row in towns[towns["lon"].notna()].iterrows():
        inside = sector.contains(shapely.Point(row["lon"], row["lat"]))
        assert inside == (code in ("500116004", "500116002")), code
    assert areas.loc["sector", "method"] == "units" and areas.loc["sector", "accuracy"] == "approximate"


def test_circle_radius_is_metric_and_can_be_overridden(mini) -> None:
    ring = areas_from_catalog(mini).to_crs(METRIC_CRS).geometry.loc["ring"]
    assert ring.area / 1e6 == pytest.approx(3.14159 * 3**2, rel=0.01)
    wider = areas_from_catalog(mini, circle_km=5.0)
    assert wider.loc["ring", "area_km2"] == pytest.approx(3.14159 * 5**2, rel=0.01)
    assert wider.loc["ring", "accuracy"] == "schematic"


def test_seat_is_a_point_without_area(mini) -> None:
    areas = areas_from_catalog(mini)
    assert areas.geometry.loc["spot"].equals(shapely.Point(106.25001, 29.28993))
    assert areas.loc["spot", "area_km2"] == 0 and areas.loc["spot", "accuracy"] == "point"


def test_union_combines_its_parts(mini) -> None:
    areas = areas_from_catalog(mini)
    both = areas.geometry.loc["both"]
    assert both.covers(areas.geometry.loc["sector"].buffer(-1e-6))
    assert areas.loc["both", "layer"] == "science_city"


def test_a_moved_unit_redraws_both_districts_along_its_cell(mini) -> None:
    # In the fixture Taojia (九龙坡) belongs to Jiangjin in 2026.
    before, after = areas_from_catalog(mini, 2023), areas_from_catalog(mini, 2026)
    taojia = before.geometry.loc["500107109"]
    assert before.loc["jiangjin", "accuracy"] == "boundary" and before.loc["jiangjin", "approximate_edges"] is None
    assert after.loc["jiangjin", "accuracy"] == "partly_approximate"
    grown = after.geometry.loc["jiangjin"].difference(before.geometry.loc["jiangjin"])
    assert grown.symmetric_difference(taojia).area < 1e-4 * taojia.area  # the seams of the two source polygons
    assert after.loc["jiangjin", "area_km2"] + after.loc["jiulongpo", "area_km2"] == pytest.approx(
        before.loc["jiangjin", "area_km2"] + before.loc["jiulongpo", "area_km2"], rel=1e-4
    )
    assert (before.loc["500107109", "parent"], after.loc["500107109", "parent"]) == ("jiulongpo", "jiangjin")
    edge = after.loc["jiangjin", "approximate_edges"]
    assert edge.length > 0 and edge.difference(taojia.boundary.buffer(1e-7)).length < 1e-9


def test_unknown_unit_and_unit_without_seat_are_reported_together(mini_data: Path) -> None:
    path = mini_data / "areas.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("circle:500116004;radius_km=3", "circle:500199999;radius_km=3")
    text = text.replace("seat:500116001", "seat:500107111")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeometryError) as err:
        areas_from_catalog(load_catalog(mini_data))
    assert "unknown unit '500199999'" in str(err.value)
    assert "unit 500107111 (铜罐驿镇) has no seat" in str(err.value)


def test_cycle_is_reported(mini_data: Path) -> None:
    path = mini_data / "areas.csv"
    text = path.read_text(encoding="utf-8").replace("units:500116004+500116002", "union:both")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeometryError, match="cycle"):
        areas_from_catalog(load_catalog(mini_data))


def test_unknown_year_is_refused(mini) -> None:
    with pytest.raises(GeometryError, match="2019"):
        areas_from_catalog(mini, 2019)


def test_a_union_with_a_part_missing_that_year_is_not_drawn(mini_data: Path) -> None:
    path = mini_data / "areas.csv"
    text = path.read_text(encoding="utf-8").replace("union:sector+ring", "union:sector+jiulongpo")
    path.write_text(text, encoding="utf-8")
    towns = mini_data / "towns.csv"  # in 2026 all of 九龙坡's units move to Jiangjin: 九龙坡 no longer exists
    towns.write_text(towns.read_text(encoding="utf-8").replace(",500107,500107,", ",500107,500116,"), encoding="utf-8")
    catalog = load_catalog(mini_data)
    assert "both" in areas_from_catalog(catalog, 2023).index
    after = areas_from_catalog(catalog, 2026)
    assert "jiulongpo" not in after.index and "both" not in after.index
