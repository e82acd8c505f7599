"""A shared link opened as the very first request of a fresh server gets the whole app (web/legacy_pages.py).

Streamlit would run ``pages/map.py`` alone for that first visitor (its legacy
``pages/`` mode); ``serve.py``'s start-up hook keeps that mode off. This test
starts its own server so that its request is the first one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from bench.server import streamlit_server
from tests.e2e.conftest import open_map


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("fresh") / "streamlit.log"
    with streamlit_server("serve.py", {"CQ_DASH_BASEMAP": "none"}, log=log) as server:
        yield server.url


def test_the_first_request_of_a_fresh_server_at_a_page_url_gets_the_frame(fresh_server: str, offline) -> None:
    ctx, page, _ = open_map(offline, f"{fresh_server}/map?area=jiangjin&lang=en")
    expect(page.locator(".st-key-page_links a").first).to_be_visible(timeout=30_000)  # app.py's sidebar
    expect(page.locator(".st-key-area_panel h3")).to_have_text("Jiangjin District", timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert ctx.blocked == []
