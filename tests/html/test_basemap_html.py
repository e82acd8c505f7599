"""Basemaps in the map HTML: tiles only when asked, attribution shown, offline when none."""

from __future__ import annotations

import re

from components.map_view import build_map
from geo.basemaps import available_basemaps

MAPS = {b.id: b for b in available_basemaps(tianditu_key="k")}


def html(basemap_id: str) -> str:
    return build_map([], attribution="边界", basemap=MAPS[basemap_id]).get_root().render()


def test_none_has_no_tiles_and_no_outside_url() -> None:
    page = html("none")
    assert "L.tileLayer(" not in page
    assert not re.findall(r"https?://(?!127\.0\.0\.1|localhost)", page.split("<body>", 1)[1])


def test_amap_tiles_and_attribution() -> None:
    page = html("amap")
    assert page.count("L.tileLayer(") == 1
    assert "webrd01.is.autonavi.com" in page and "Gaode.com" in page


def test_tianditu_stacks_vector_and_labels() -> None:
    page = html("tianditu")
    assert page.count("L.tileLayer(") == 2
    assert "vec_w" in page and "cva_w" in page and "Tianditu" in page


def test_coordinate_readout_knows_the_datum() -> None:
    assert "cqCoordReadout(" in html("amap") and ", true," in html("amap").split("cqCoordReadout(", 1)[1][:80]
    assert ", false," in html("osm").split("cqCoordReadout(", 1)[1][:80]
