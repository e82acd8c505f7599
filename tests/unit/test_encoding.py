"""What the browser receives: TopoJSON that stores shared borders once, GeoJSON points, the display datum."""

from __future__ import annotations

import json
from collections import Counter

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.areas import areas_from_catalog, base_from_catalog, simplified_base
from geo.catalog import load_catalog
from geo.encoding import (
    DISPLAY_TOLERANCE_DEG,
    QUANTIZE,
    for_display_datum,
    geojson_from_frame,
    label_points,
    topology_from_frames,
)


def frame(geoms: list, ids: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": ids, "label": [f"<b>{i}</b>" for i in ids]}, geometry=geoms, index=ids, crs=4326)


def _decode(topology: dict, arc_index: int) -> np.ndarray:
    """Python mirror of topojson-client's arc decoding (delta-encoded, quantised)."""
    arc = topology["arcs"][arc_index if arc_index >= 0 else ~arc_index]
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    points = np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate
    return points if arc_index >= 0 else points[::-1]


def test_shared_border_is_one_arc_used_by_both_neighbours() -> None:
    west, east = shapely.box(106.0, 29.0, 106.2, 29.2), shapely.box(106.2, 29.0, 106.4, 29.2)
    edge = shapely.LineString([(106.2, 29.0), (106.2, 29.2)])
    topology = topology_from_frames({"areas": frame([west, east], ["w", "e"]), "edges": frame([edge], ["x"])}, ["id"])
    geometries = {o: topology["objects"][o]["geometries"] for o in ("areas", "edges")}
    assert [g["id"] for g in geometries["areas"]] == ["w", "e"] and geometries["edges"][0]["id"] == "x"
    uses = Counter(a if a >= 0 else ~a for g in geometries["areas"] for ring in g["arcs"] for a in ring)
    shared = [arc for arc, n in uses.items() if n == 2]
    assert len(shared) == 1  # the border between west and east, stored once
    assert geometries["edges"][0]["arcs"] in ([shared[0]], [~shared[0]])  # the line reuses it too
    border = _decode(topology, shared[0])
    assert np.allclose(border[:, 0], 106.2, atol=2 * 0.4 / QUANTIZE)


def test_properties_survive_and_points_are_refused() -> None:
    topology = topology_from_frames({"a": frame([shapely.box(0, 0, 1, 1)], ["a1"])}, ["id", "label"])
    assert topology["objects"]["a"]["geometries"][0]["properties"] == {"id": "a1", "label": "<b>a1</b>"}
    with pytest.raises(ValueError, match="points"):
        topology_from_frames({"p": frame([shapely.Point(0, 0)], ["p1"])}, ["id"])
    fc = geojson_from_frame(frame([shapely.Point(106.1, 29.1)], ["p1"]), ["id"])
    assert fc["features"][0] == {"type": "Feature", "id": "p1", "properties": {"id": "p1"},
                                 "geometry": {"type": "Point", "coordinates": [106.1, 29.1]}}  # fmt: skip


def test_township_cells_and_districts_share_their_arcs() -> None:
    catalog = load_catalog()
    areas = areas_from_catalog(catalog, base=simplified_base(base_from_catalog(catalog), DISPLAY_TOLERANCE_DEG))
    jiangjin = areas[(areas["layer"] == "towns") & (areas["parent"] == "jiangjin")]
    objects = {"districts": areas.loc[["jiangjin"]], "towns": jiangjin}
    topology = topology_from_frames(objects, ["id"])
    arcs_of = {
        name: {a if a >= 0 else ~a for g in obj["geometries"] for part in _rings(g) for a in part}
        for name, obj in topology["objects"].items()
    }
    assert arcs_of["districts"] <= arcs_of["towns"]  # the district's outline is made of its cells' outer arcs
    uses = Counter(
        a if a >= 0 else ~a for g in topology["objects"]["towns"]["geometries"] for part in _rings(g) for a in part
    )
    assert sum(1 for n in uses.values() if n == 2) >= len(jiangjin) - 1  # inner borders, each used by two cells
    assert max(uses.values()) == 2  # and stored once
    stored = sum(len(a) for a in topology["arcs"])
    drawn = sum(len(shapely.get_coordinates(g)) for g in objects["towns"].geometry)
    assert stored < drawn


def _rings(geometry: dict) -> list[list[int]]:
    arcs = geometry["arcs"]
    return [ring for polygon in arcs for ring in polygon] if geometry["type"] == "MultiPolygon" else arcs


def test_display_datum_shift_is_the_gcj02_transform_within_the_display_rounding() -> None:
    from pyproj import Geod

    from geo.crs import wgs84_to_gcj02

    areas = areas_from_catalog(load_catalog())
    shown = areas.loc[["longsheng", "jiangjin", "cq_hitech_core"]]
    assert for_display_datum(shown, "wgs84") is shown
    shifted = for_display_datum(shown, "gcj02")
    geod = Geod(ellps="WGS84")
    for area_id in shown.index:
        stored = shapely.get_coordinates(shown.geometry.loc[area_id])
        moved = shapely.get_coordinates(shifted.geometry.loc[area_id])
        expected = np.column_stack(wgs84_to_gcj02(stored[:, 0], stored[:, 1]))
        if moved.shape != expected.shape:  # rounding may merge neighbouring vertices: compare by distance
            assert shapely.hausdorff_distance(shapely.multipoints(moved), shapely.multipoints(expected)) < 1e-4
            continue
        assert geod.inv(moved[:, 0], moved[:, 1], expected[:, 0], expected[:, 1])[2].max() < 8.0
    assert shown.geometry.loc["longsheng"].equals(areas.geometry.loc["longsheng"])  # stored data untouched


def test_label_points_sit_inside_their_polygons() -> None:
    u = shapely.Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])
    (point,) = label_points(gpd.GeoSeries([u]))
    assert u.contains(shapely.Point(point))
    assert label_points(gpd.GeoSeries([None])) == [None]
    assert json.dumps(label_points(gpd.GeoSeries([shapely.box(106.0, 29.0, 106.00004, 29.00004)])))
