"""Guard of web.legacy_pages: Streamlit still switches to its legacy pages/ mode, and the workaround still stops it.

A tiny app of the same shape as ours (a main script that calls ``st.navigation``,
its pages in ``pages/``) is opened at a page URL through AppTest, as a shared
link opens a fresh server. If the first test fails, Streamlit no longer does
this: delete ``web/legacy_pages.py`` and its two callers. If the second fails,
the workaround no longer reaches the behaviour it must stop.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from web.legacy_pages import keep_legacy_pages_mode_off

MAIN = """
import streamlit as st
st.markdown("frame")
page = st.navigation([st.Page("pages/a.py", default=True), st.Page("pages/b.py")], position="hidden")
page.run()
"""


@pytest.fixture
def shaped_like_ours(tmp_path: Path) -> str:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.py").write_text('import streamlit as st\nst.markdown("page a")\n')
    (tmp_path / "pages" / "b.py").write_text('import streamlit as st\nst.markdown("page b")\n')
    (tmp_path / "main.py").write_text(MAIN)
    return str(tmp_path / "main.py")


def opened_at_page_b(main: str) -> list[str]:
    at = AppTest.from_file(main, default_timeout=30)
    at.switch_page("pages/b.py")
    at.run()
    assert not at.exception
    return [m.value for m in at.markdown]


def test_streamlit_still_runs_a_page_alone_when_a_pages_folder_exists(shaped_like_ours: str) -> None:
    assert opened_at_page_b(shaped_like_ours) == ["page b"], "fixed upstream? then delete web/legacy_pages.py"


def test_the_workaround_runs_the_main_script_around_the_page(shaped_like_ours: str) -> None:
    undo = keep_legacy_pages_mode_off()
    try:
        assert keep_legacy_pages_mode_off()() is None  # a second call is a no-op
        assert opened_at_page_b(shaped_like_ours) == ["frame", "page b"]
        assert opened_at_page_b(shaped_like_ours) == ["frame", "page b"]  # every run, not only the first
    finally:
        undo()
    assert opened_at_page_b(shaped_like_ours) == ["page b"]  # undone
