"""The run's display context in the app: the basemap's datum shifts what the map is handed, never the URL."""

from __future__ import annotations

import pytest

from components.i18n import t
from geo.display import display_from_wgs84
from tests.app.test_pages import folium_args, run, url

VIEW = {"center": "29.30000,106.25000", "zoom": "11", "area": "jiangjin"}


@pytest.mark.parametrize(("basemap", "datum"), [("amap", "gcj02"), ("osm", "wgs84"), ("none", "wgs84")])
def test_the_map_gets_its_view_in_the_basemaps_datum_and_the_link_stays_wgs84(basemap: str, datum: str) -> None:
    at = run({**VIEW, "basemap": basemap})
    assert not at.exception
    lat, lon = display_from_wgs84(29.3, 106.25, datum)
    assert folium_args(at)["center"] == pytest.approx([lat, lon], abs=1e-6)
    assert {k: url(at)[k] for k in VIEW} == VIEW
    assert (t("basemap_gcj_note", "zh") in [c.value for c in at.sidebar.caption]) == (datum == "gcj02")
