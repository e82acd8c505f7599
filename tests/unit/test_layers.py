"""Geometry recipes, areas in a metric CRS and display simplification."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import shapely

from geo.catalog import load_catalog
from geo.crs import METRIC_CRS
from geo.errors import GeometryError
from geo.layers import areas_from_catalog, simplify_for_display, to_geojson
from geo.recipes import Recipe, parse_recipe


def test_parse_recipes() -> None:
    assert parse_recipe("cnmaps:500116") == Recipe("cnmaps", ("500116",))
    assert parse_recipe("hull:a+b;buffer_km=2;clip=x+y") == Recipe("hull", ("a", "b"), {"buffer_km": 2.0}, ("x", "y"))
    assert parse_recipe("none") == Recipe("none")
    for bad in ("circle:a", "hull:a", "buffer:a;radius_km=far", "union:"):
        with pytest.raises(ValueError):
            parse_recipe(bad)


@pytest.fixture
def mini_areas(mini_data: Path):
    return areas_from_catalog(load_catalog(mini_data))


def test_unmapped_areas_are_left_out(mini_areas) -> None:
    assert "hidden" not in mini_areas.index
    assert set(mini_areas.index) == {"jiangjin", "jiulongpo", "sector", "ring", "both"}


def test_hull_is_buffered_and_clipped(mini_areas) -> None:
    sector = mini_areas.geometry.loc["sector"]
    jiangjin = mini_areas.geometry.loc["jiangjin"]
    assert sector.difference(jiangjin).area < 1e-10
    for lon, lat in [(106.27972, 29.40028), (106.2225, 29.32444)]:
        assert sector.contains(shapely.Point(lon, lat))


def test_buffer_radius_is_metric(mini_areas) -> None:
    ring = mini_areas.to_crs(METRIC_CRS).geometry.loc["ring"]
    assert ring.area / 1e6 == pytest.approx(3.14159 * 3**2, rel=0.01)
    assert mini_areas.loc["ring", "area_km2"] == pytest.approx(28.27, rel=0.01)


def test_union_combines_its_parts(mini_areas) -> None:
    both = mini_areas.geometry.loc["both"]
    assert both.covers(mini_areas.geometry.loc["sector"].buffer(-1e-6))
    assert mini_areas.loc["both", "layer"] == "science_city"


def test_unknown_place_and_cycles_are_reported(mini_data: Path) -> None:
    path = mini_data / "areas.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("buffer:shuangfu;radius_km=3", "buffer:nowhere;radius_km=3")
    text = text.replace("hull:shuangfu+degan;buffer_km=2;clip=jiangjin", "union:both")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeometryError) as err:
        areas_from_catalog(load_catalog(mini_data))
    assert "unknown place 'nowhere'" in str(err.value)


def test_cycle_is_reported(mini_data: Path) -> None:
    path = mini_data / "areas.csv"
    text = path.read_text(encoding="utf-8").replace("hull:shuangfu+degan;buffer_km=2;clip=jiangjin", "union:both")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeometryError, match="cycle"):
        areas_from_catalog(load_catalog(mini_data))


def test_display_simplification_keeps_shared_borders_and_shrinks_payload() -> None:
    areas = areas_from_catalog(load_catalog())
    districts = areas[areas["layer"] == "districts"]
    simple = simplify_for_display(districts)
    assert simple.geometry.is_valid.all()
    full_vertices = shapely.get_num_coordinates(districts.geometry.values).sum()
    simple_vertices = shapely.get_num_coordinates(simple.geometry.values).sum()
    assert simple_vertices < full_vertices / 4
    # coverage simplification: neighbours neither overlap nor open gaps
    union_full = shapely.union_all(districts.geometry.values).area
    union_simple = shapely.union_all(simple.geometry.values).area
    assert shapely.area(simple.geometry.values).sum() == pytest.approx(union_simple, rel=1e-4)
    assert union_simple == pytest.approx(union_full, rel=0.01)


def test_geojson_has_only_the_asked_properties() -> None:
    areas = areas_from_catalog(load_catalog())
    fc = to_geojson(areas.loc[["jiangjin"]], ["id", "name_zh"])
    assert fc["features"][0]["properties"] == {"id": "jiangjin", "name_zh": "江津区"}
    assert fc["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_display_datum_shift_is_the_gcj02_transform_within_the_display_rounding() -> None:
    import numpy as np
    from pyproj import Geod

    from geo.crs import wgs84_to_gcj02
    from geo.layers import for_display_datum

    areas = simplify_for_display(areas_from_catalog(load_catalog()))
    assert for_display_datum(areas, gcj02=False) is areas
    shifted = for_display_datum(areas, gcj02=True)
    geod = Geod(ellps="WGS84")
    for area_id in ("longsheng", "jiangjin", "cq_hitech_core"):
        stored = shapely.get_coordinates(areas.geometry.loc[area_id])
        shown = shapely.get_coordinates(shifted.geometry.loc[area_id])
        expected = np.column_stack(wgs84_to_gcj02(stored[:, 0], stored[:, 1]))
        assert shown.shape == expected.shape
        err = geod.inv(shown[:, 0], shown[:, 1], expected[:, 0], expected[:, 1])[2]
        assert err.max() < 8.0  # half a 1e-4 degree cell, diagonally
    # stored data are untouched
    assert shapely.equals_exact(
        areas.geometry.loc["longsheng"],
        simplify_for_display(areas_from_catalog(load_catalog())).geometry.loc["longsheng"],
        1e-12,
    )


def _unpack(coords, depth, scale):
    """Python mirror of cqUnpack in static/js/layers.js."""
    if depth == 0:
        return [coords[0] / scale, coords[1] / scale]
    if depth > 1:
        return [_unpack(part, depth - 1, scale) for part in coords]
    out, x, y = [], 0, 0
    for i in range(0, len(coords), 2):
        x, y = x + coords[i], y + coords[i + 1]
        out.append([x / scale, y / scale])
    return out


def test_packed_geojson_round_trips_within_its_precision() -> None:
    from shapely.geometry import MultiPolygon, Point, Polygon

    from geo.layers import _NESTING, pack_geojson

    ring = [(106.25001, 29.28993), (106.3, 29.3), (106.31234, 29.35678), (106.25001, 29.28993)]
    hole = [(106.28, 29.3), (106.29, 29.31), (106.285, 29.305), (106.28, 29.3)]
    geoms = [Polygon(ring, [hole]), MultiPolygon([Polygon(ring)]), Point(106.55, 29.56)]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": str(i), "properties": {"i": i}, "geometry": shapely.geometry.mapping(g)}
            for i, g in enumerate(geoms)
        ],
    }
    collection = json.loads(json.dumps(collection))  # tuples -> lists, as GeoJSON
    packed = pack_geojson(collection, decimals=4)
    assert packed["cq_scale"] == 10_000
    for before, after in zip(collection["features"], packed["features"], strict=True):
        assert after["properties"] == before["properties"] and after["id"] == before["id"]
        kind = after["geometry"]["type"]
        assert re.fullmatch(r"[-\d,\[\]]+", json.dumps(after["geometry"]["coordinates"], separators=(",", ":")))
        coords = _unpack(after["geometry"]["coordinates"], _NESTING[kind], 10_000)
        decoded = shapely.geometry.shape({"type": kind, "coordinates": coords})
        assert decoded.equals_exact(shapely.geometry.shape(before["geometry"]), tolerance=0.5e-4)
    bad = {"features": [{"id": "x", "geometry": {"type": "GeometryCollection", "geometries": []}}]}
    with pytest.raises(GeometryError, match="GeometryCollection"):
        pack_geojson(bad)
