"""Basemap registry and settings."""

from __future__ import annotations

import socket

from geo.basemaps import GCJ02, WGS84, available_basemaps
from settings import host_reachable, load_settings


def test_default_registry_has_offline_amap_and_osm_but_no_tianditu_without_key() -> None:
    maps = {b.id: b for b in available_basemaps()}
    assert list(maps) == ["none", "amap", "amap-satellite", "osm"]
    assert maps["none"].tiles == ()
    assert maps["amap"].datum == GCJ02 and maps["amap"].is_gcj02
    assert maps["amap-satellite"].is_gcj02
    assert maps["osm"].datum == WGS84 and not maps["osm"].is_gcj02
    assert "autonavi.com" in maps["amap"].tiles[0].url
    assert "Gaode" in maps["amap"].tiles[0].attribution
    assert "OpenStreetMap" in maps["osm"].tiles[0].attribution


def test_tianditu_appears_with_a_key_as_wgs84_vector_plus_labels() -> None:
    maps = {b.id: b for b in available_basemaps(tianditu_key="abc123")}
    tdt = maps["tianditu"]
    assert tdt.datum == WGS84
    assert [("vec_w" in t.url, "cva_w" in t.url) for t in tdt.tiles] == [(True, False), (False, True)]
    assert all("tk=abc123" in t.url and t.subdomains == "01234567" for t in tdt.tiles)


def test_intranet_tiles_from_settings() -> None:
    maps = {
        b.id: b for b in available_basemaps(intranet_url="http://tiles.local/{z}/{x}/{y}.png", intranet_datum=GCJ02)
    }
    assert maps["intranet"].is_gcj02 and maps["intranet"].tiles[0].url.startswith("http://tiles.local/")


def test_settings_prefer_secrets_over_environment() -> None:
    cfg = load_settings(env={"TIANDITU_KEY": "env", "CQ_DASH_BASEMAP": "osm"}, secrets={"TIANDITU_KEY": "secret"})
    assert cfg.tianditu_key == "secret" and cfg.default_basemap == "osm"
    assert load_settings(env={}).default_basemap == "auto"
    assert load_settings(env={}).tianditu_key is None


def test_host_reachable_reports_a_closed_port_quickly() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: connection refused
        assert not host_reachable(f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png", timeout_s=0.5)
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen()
        assert host_reachable(f"http://127.0.0.1:{srv.getsockname()[1]}/tiles")
