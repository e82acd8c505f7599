"""Township cells: a nearest-seat partition of each district, and districts of a year built from them."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from geo.cells import WHOLE, cells_from_seats, clean_union, districts_in_year
from geo.errors import GeometryError

WEST = shapely.box(106.0, 29.0, 106.2, 29.2)
EAST = shapely.box(106.2, 29.0, 106.4, 29.2)


def towns(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["id", "district_2023", "district_2026", "lon", "lat"])
    return frame.set_index("id", drop=False)


def test_cells_tile_the_district_and_hold_their_own_seat() -> None:
    t = towns([("a", "W", "W", 106.05, 29.05), ("b", "W", "W", 106.15, 29.15), ("c", "W", "W", 106.05, 29.15)])
    atoms = cells_from_seats({"W": WEST}, t)
    assert set(atoms.geoms) == {"a", "b", "c"}
    assert sum(g.area for g in atoms.geoms.values()) == pytest.approx(WEST.area, rel=1e-9)
    assert shapely.union_all(list(atoms.geoms.values())).symmetric_difference(WEST).area < 1e-12
    for code, row in t.iterrows():
        assert atoms.geoms[code].contains(shapely.Point(row["lon"], row["lat"]))


def test_one_seat_takes_the_district_and_none_leaves_it_whole() -> None:
    t = towns([("a", "W", "W", 106.1, 29.1), ("x", "E", "E", None, None)])
    atoms = cells_from_seats({"W": WEST, "E": EAST}, t)
    assert atoms.geoms["a"].equals(WEST)
    assert atoms.geoms[WHOLE + "E"].equals(EAST) and atoms.district[WHOLE + "E"] == "E"


def test_a_seat_outside_its_district_is_an_error_not_clipped() -> None:
    t = towns([("a", "W", "W", 106.3, 29.1), ("b", "W", "W", 106.1, 29.1)])
    with pytest.raises(GeometryError, match="seat of a lies outside its district W"):
        cells_from_seats({"W": WEST}, t)


def test_two_units_on_one_point_are_an_error() -> None:
    t = towns([("a", "W", "W", 106.1, 29.1), ("b", "W", "W", 106.1, 29.1), ("c", "W", "W", 106.05, 29.05)])
    with pytest.raises(GeometryError) as err:
        cells_from_seats({"W": WEST}, t)
    assert "seat of a is also another unit's seat" in str(err.value) and "seat of b" in str(err.value)


def test_a_year_moves_cells_and_marks_the_new_border_approximate() -> None:
    t = towns(
        [("a", "W", "W", 106.05, 29.1), ("b", "W", "E", 106.15, 29.1), ("c", "E", "E", 106.3, 29.1)]
    )  # b moves east
    polygons = {"W": WEST, "E": EAST}
    atoms = cells_from_seats(polygons, t)
    same = districts_in_year(polygons, atoms, t, 2023)
    assert same["W"].geometry.equals(WEST) and same["W"].approximate_edges is None
    moved = districts_in_year(polygons, atoms, t, 2026)
    assert moved["W"].geometry.area == pytest.approx(WEST.area / 2, rel=1e-6)  # the border runs midway between a and b
    assert moved["E"].geometry.area == pytest.approx(WEST.area * 1.5, rel=1e-6)
    edge = moved["W"].approximate_edges
    assert edge is not None and edge.length == pytest.approx(0.2, rel=1e-6)  # the Voronoi edge at lon 106.1
    assert shapely.equals_exact(shapely.line_merge(edge), moved["E"].approximate_edges, 1e-12)


def test_a_district_split_without_seats_cannot_be_built() -> None:
    t = towns([("a", "W", "W", None, None), ("b", "W", "E", None, None), ("c", "E", "E", 106.3, 29.1)])
    polygons = {"W": WEST, "E": EAST}
    with pytest.raises(GeometryError, match="split in 2026"):
        districts_in_year(polygons, cells_from_seats(polygons, t), t, 2026)


def test_clean_union_drops_pinholes_and_specks() -> None:
    left, right = shapely.box(0, 0, 1, 1), shapely.box(1.0001, 0, 2, 1)  # a 0.0001-degree seam
    pin = shapely.Polygon(shapely.box(0, 0, 2, 1).exterior, [shapely.box(0.5, 0.5, 0.5005, 0.5005).exterior.coords])
    speck = shapely.box(5, 5, 5.0001, 5.0001)
    cleaned = clean_union([pin, speck])
    assert cleaned.geom_type == "Polygon" and not cleaned.interiors
    assert clean_union([left, right]).geom_type == "MultiPolygon"  # a real gap is kept
