"""Basemaps in Chromium: vertices line up with each basemap's datum; clicks select the same area everywhere."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from playwright.sync_api import expect
from pyproj import Geod

from components.data import get_display_areas
from geo.crs import wgs84_to_gcj02
from tests.e2e.conftest import click_latlon, open_map, rendered_latlngs

GEOD = Geod(ellps="WGS84")
JIJIANG = (29.28993, 106.25001)  # WGS-84, inside 江津区


def ring_vertices(geom: shapely.Geometry) -> np.ndarray:
    """Vertices as Leaflet holds them: every ring without its closing repeat."""
    polygons = getattr(geom, "geoms", [geom])
    rings = [r for p in polygons for r in (p.exterior, *p.interiors)]
    return np.vstack([np.asarray(r.coords)[:-1] for r in rings])


@pytest.fixture(scope="module")
def stored() -> dict[str, np.ndarray]:
    areas = get_display_areas()  # what the app sends, before the TopoJSON quantisation (~5 m)
    return {a: ring_vertices(areas.geometry.loc[a]) for a in ("longsheng",)}


def max_error_m(rendered: list[list[float]], expected_lonlat: np.ndarray) -> float:
    """The largest distance from a drawn vertex to the nearest vertex the app computed.

    TopoJSON rebuilds rings from arcs, so a ring may start at another vertex than the source's, and its
    ~5 m grid may drop a vertex of a tiny zigzag: compare each drawn vertex with its nearest expected one.
    """
    got = np.array(rendered)[:, ::-1]  # [lat, lng] -> lon, lat
    assert 0.9 * expected_lonlat.shape[0] <= got.shape[0] <= expected_lonlat.shape[0]
    nearest = [np.argmin(((expected_lonlat - p) ** 2).sum(axis=1)) for p in got]
    return float(GEOD.inv(got[:, 0], got[:, 1], expected_lonlat[nearest, 0], expected_lonlat[nearest, 1])[2].max())


@pytest.mark.parametrize("basemap", ["none", "osm", "tianditu", "amap", "amap-satellite"])
def test_vertices_follow_the_basemap_datum_and_clicks_select_jiangjin(app_url, offline, stored, basemap) -> None:
    ctx, page, _ = open_map(offline, f"{app_url}/?basemap={basemap}&layers=districts,liangjiang")
    expected = stored["longsheng"]
    if basemap.startswith("amap"):
        expected = np.column_stack(wgs84_to_gcj02(expected[:, 0], expected[:, 1]))
    # the topology is quantised to ~5 m (and GCJ-02 display geometry rounded to 1e-4 degrees, < 8 m);
    # the WGS-84/GCJ-02 offset here is ~500 m
    assert max_error_m(rendered_latlngs(page, "longsheng"), expected) < 12.0

    lat, lon = JIJIANG
    if basemap.startswith("amap"):
        g_lon, g_lat = wgs84_to_gcj02(lon, lat)
        lat, lon = float(g_lat), float(g_lon)
    click_latlon(page, lat, lon)
    page.wait_for_function("() => new URL(location.href).searchParams.get('area') === 'jiangjin'", timeout=30_000)
    expect(page.locator(".st-key-area_panel h3")).to_have_text("江津区", timeout=30_000)
    if basemap == "none":
        assert ctx.blocked == []
    else:  # tiles were asked for (and blocked): the basemap really is on the map
        assert ctx.blocked


def test_coordinate_readout_shows_wgs84_and_gcj02_on_amap(app_url, offline) -> None:
    _, page, frame = open_map(offline, f"{app_url}/?basemap=amap&layers=districts&center=29.30000,106.25000&zoom=10")
    g_lon, g_lat = wgs84_to_gcj02(JIJIANG[1], JIJIANG[0])
    click_target = (float(g_lat), float(g_lon))
    iframe = page.locator('iframe[title="streamlit_folium.st_folium"]')
    handle = iframe.element_handle().content_frame()
    x, y = handle.evaluate(
        """([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);
            const r = window.map.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""",
        list(click_target),
    )
    box = iframe.bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    readout = frame.locator(".cq-coords")
    expect(readout).to_contain_text("GCJ-02")
    text = readout.inner_text()
    wgs = [float(v) for v in text.split("WGS-84 ")[1].split(" ·")[0].split(", ")]
    assert abs(wgs[0] - JIJIANG[0]) < 0.002 and abs(wgs[1] - JIJIANG[1]) < 0.002  # within a few pixels
