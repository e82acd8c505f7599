"""AppTest fixtures.

AppTest resets ``PagesManager.uses_pages_directory`` before every run and, as
this app keeps its pages in ``pages/``, re-detects the legacy pages-directory
mode; its reruns then execute the page file alone, skipping ``app.py`` (the
frame, sidebar and URL handling). The real server leaves that mode as soon as
``st.navigation`` is called, so the tests pin it off to behave like the server.
"""

from __future__ import annotations

import pytest
from streamlit.runtime.pages_manager import PagesManager


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
