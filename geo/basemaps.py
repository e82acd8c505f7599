"""A small data-driven registry of basemaps, in the manner of xyzservices.

Each basemap states the datum its tiles are drawn in. Amap/Gaode tiles are
GCJ-02, so everything drawn over them must be shifted WGS-84 -> GCJ-02 for
display (and clicks shifted back); OpenStreetMap and Tianditu's web-Mercator
layers are WGS-84/CGCS2000 and need no shift. ``none`` draws no tiles at all
and needs no network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

import xyzservices.providers as xyz

Datum = Literal["wgs84", "gcj02"]
GCJ02: Final[Datum] = "gcj02"
WGS84: Final[Datum] = "wgs84"
TIANDITU_TEMPLATE = (
    "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}"
)


@dataclass(frozen=True)
class TileLayer:
    """One tile layer of a basemap (a basemap may stack a base and a label layer)."""

    url: str
    attribution: str
    max_zoom: int = 18
    subdomains: str = ""


@dataclass(frozen=True)
class Basemap:
    """A basemap: its id (as used in the URL), names, datum and tile layers."""

    id: str
    name_zh: str
    name_en: str
    datum: Datum
    tiles: tuple[TileLayer, ...] = field(default_factory=tuple)
    needs_key: str | None = None

    @property
    def is_gcj02(self) -> bool:
        """True when geometry must be shifted to GCJ-02 to line up with the tiles."""
        return self.datum == GCJ02


def _from_xyz(provider: Mapping, max_zoom: int = 18) -> TileLayer:
    attribution = provider.get("html_attribution") or provider.get("attribution", "")
    return TileLayer(url=provider["url"], attribution=attribution, max_zoom=min(max_zoom, provider.get("max_zoom", 18)))


def _tianditu(key: str) -> tuple[TileLayer, ...]:
    attribution = '&copy; <a href="https://www.tianditu.gov.cn/">天地图 Tianditu</a>'
    return tuple(
        TileLayer(TIANDITU_TEMPLATE.replace("{layer}", layer).replace("{key}", key), attribution, 18, "01234567")
        for layer in ("vec", "cva")
    )


def available_basemaps(
    tianditu_key: str | None = None,
    intranet_url: str | None = None,
    intranet_datum: Datum = WGS84,
    intranet_attribution: str = "",
) -> tuple[Basemap, ...]:
    """Return the basemaps this deployment can offer, in menu order.

    Parameters
    ----------
    tianditu_key
        Tianditu ``tk`` key; without it Tianditu is not offered.
    intranet_url
        An XYZ tile URL template of the organisation's own tile server, if any.
    intranet_datum
        ``"wgs84"`` or ``"gcj02"``: the datum of the intranet tiles.
    intranet_attribution
        Attribution text of the intranet tiles.

    Returns
    -------
    tuple of Basemap
        ``none`` first, then the online providers, then the intranet server.
    """
    maps = [
        Basemap("none", "无底图(离线)", "None (offline)", WGS84),
        Basemap("amap", "高德地图", "Amap (Gaode)", GCJ02, (_from_xyz(xyz.Gaode.Normal),)),
        Basemap("amap-satellite", "高德卫星图", "Amap satellite", GCJ02, (_from_xyz(xyz.Gaode.Satellite),)),
    ]
    if tianditu_key:
        maps.append(Basemap("tianditu", "天地图", "Tianditu", WGS84, _tianditu(tianditu_key), needs_key="tianditu"))
    maps.append(Basemap("osm", "OpenStreetMap", "OpenStreetMap", WGS84, (_from_xyz(xyz.OpenStreetMap.Mapnik),)))
    if intranet_url:
        layer = TileLayer(intranet_url, intranet_attribution or "intranet tiles")
        maps.append(Basemap("intranet", "内网底图", "Intranet tiles", intranet_datum, (layer,)))
    return tuple(maps)


BASEMAP_IDS = ("none", "amap", "amap-satellite", "tianditu", "osm", "intranet")
