"""AppTest fixtures.

AppTest re-detects Streamlit's legacy ``pages/`` mode before every run; as this
app keeps its pages in ``pages/``, a run of a page URL would then execute the
page file alone, skipping ``app.py`` (the frame, sidebar and URL handling).
The tests keep that mode off as ``serve.py`` does, through the same function
(:mod:`web.legacy_pages`, which says why).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from web.legacy_pages import keep_legacy_pages_mode_off


@pytest.fixture(autouse=True)
def navigation_mode() -> Iterator[None]:
    undo = keep_legacy_pages_mode_off()
    yield
    undo()
