"""Issue 16: the sidebar offers the map's controls only on the page that draws the overview map.

Language, search, the page links and the share box are on every page; the
layers, divisions year and basemap only where ``PageSpec.map_controls`` says
so. Their values stay in the URL on every page, so a link shared from a page
without them still reopens the same map.
"""

from __future__ import annotations

import html
import re

import pytest

from components.i18n import t
from components.navigation import PAGE_SPECS, page_spec
from tests.app.test_pages import run, url

MAP_CONTROLS = {"w_layers", "w_asof", "w_basemap"}
NO_MAP_PAGES = [spec.url_path for spec in PAGE_SPECS if not spec.map_controls]
# Not the defaults (all layers, basemap "none", 2026): a page that dropped them would show in the link.
CUSTOM = {"layers": "districts,stations", "basemap": "osm", "asof": "2023", "circle_km": "3.5"}


def sidebar_keys(at) -> set[str]:
    """Return the keys of the sidebar's widgets (pills and segmented controls are button groups)."""
    widgets = [*at.sidebar.button_group, *at.sidebar.radio, *at.sidebar.text_input]
    return {w.key for w in widgets if w.key}


def share_link(at) -> str:
    (box,) = [h.proto.body for h in at.sidebar.get("html") if "cq-share-link" in h.proto.body]
    return html.unescape(re.search(r'<input readonly value="([^"]*)"', box).group(1))


def test_only_the_overview_map_page_declares_map_controls() -> None:
    assert [spec.url_path for spec in PAGE_SPECS if spec.map_controls] == ["map"]
    assert page_spec("") is page_spec("map")  # Streamlit names the default page ""
    assert not page_spec("sources").map_controls
    with pytest.raises(KeyError):
        page_spec("atlantis")


def test_the_map_page_has_the_layers_year_and_basemap() -> None:
    at = run(CUSTOM)
    assert not at.exception
    assert MAP_CONTROLS | {"w_lang", "search_query"} <= sidebar_keys(at)
    assert at.sidebar.button_group(key="w_layers").value == ["districts", "stations"]
    assert at.sidebar.radio(key="w_basemap").value == "osm"
    assert at.sidebar.button_group(key="w_asof").value == 2023
    assert [c.value for c in at.sidebar.caption] == [t("basemap_tianditu_hint", "zh")]  # no key in this test run


@pytest.mark.parametrize("path", NO_MAP_PAGES)
def test_a_page_without_the_map_has_language_search_and_share_but_no_map_controls(path: str) -> None:
    at = run(CUSTOM, page=page_spec(path).file.removesuffix(".py"))
    assert not at.exception
    keys = sidebar_keys(at)
    assert not keys & MAP_CONTROLS
    assert {"w_lang", "search_query"} <= keys
    assert len(at.sidebar.get("html")) >= 1 and share_link(at)
    assert at.sidebar.caption.len == 0  # nor the basemap's notes (the Tianditu key hint)
    links = at.sidebar.get("page_link")
    assert len(links) == len(PAGE_SPECS)


@pytest.mark.parametrize("path", NO_MAP_PAGES)
def test_a_link_shared_from_a_page_without_the_map_keeps_the_maps_state(path: str) -> None:
    at = run({**CUSTOM, "area": "jiangjin", "lang": "en"}, page=page_spec(path).file.removesuffix(".py"))
    link = share_link(at)
    assert f"/{path}?" in link
    for part in (
        "layers=districts%2Cstations",
        "basemap=osm",
        "asof=2023",
        "circle_km=3.5",
        "area=jiangjin",
        "lang=en",
    ):
        assert part in link, (part, link)
    assert {k: url(at)[k] for k in CUSTOM} == CUSTOM  # and the address bar keeps them too


def test_the_maps_state_survives_a_visit_to_a_page_without_the_map() -> None:
    at = run(CUSTOM, page="sources")
    at.sidebar.button_group(key="w_lang").set_value("en").run()  # a change made where the map's controls are absent
    assert {k: url(at)[k] for k in CUSTOM} == CUSTOM and url(at)["lang"] == "en"
    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert at.sidebar.button_group(key="w_layers").value == ["districts", "stations"]
    assert at.sidebar.radio(key="w_basemap").value == "osm"
    assert url(at)["basemap"] == "osm" and url(at)["asof"] == "2023"
