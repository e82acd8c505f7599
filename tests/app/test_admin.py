"""The import page through AppTest: closed without a password, a wrong one refused, the right one lets in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from components.admin_view import password_ok
from geo.catalog import DATA_DIR
from tests.app.test_pages import run
from web.attempts import reset_sign_in_limiter


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[pytest.MonkeyPatch]:
    """Settings and the sign-in limiter live per process: start and end every test afresh, on a private data copy."""
    shutil.copytree(DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("history"))
    monkeypatch.setenv("CQ_DASH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CQ_DASH_ADMIN_PASSWORD", raising=False)
    st.cache_resource.clear()
    reset_sign_in_limiter()
    yield monkeypatch
    st.cache_resource.clear()
    reset_sign_in_limiter()


def test_without_a_configured_password_the_page_stays_closed(settings_env: pytest.MonkeyPatch) -> None:
    at = run(page="admin")
    assert not at.exception
    assert any("导入已关闭" in i.value for i in at.info)
    assert not at.get("file_uploader")


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_import(settings_env: pytest.MonkeyPatch) -> None:
    settings_env.setenv("CQ_DASH_ADMIN_PASSWORD", "s3cret-pass")
    at = run(page="admin")
    at.text_input(key="admin_password_input").input("guess")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["密码不正确。"]
    assert not at.get("file_uploader")
    at.text_input(key="admin_password_input").input("s3cret-pass")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert len(at.get("file_uploader")) == 1
    assert "保留的版本" in [s.value for s in at.subheader]


def test_guessing_locks_the_sign_in_even_for_the_right_password(settings_env: pytest.MonkeyPatch) -> None:
    settings_env.setenv("CQ_DASH_ADMIN_PASSWORD", "s3cret-pass")
    at = run(page="admin")
    for _ in range(4):
        at.text_input(key="admin_password_input").input("guess")
        at.button[0].click().run()
        assert [e.value for e in at.error] == ["密码不正确。"]
    at.text_input(key="admin_password_input").input("guess")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["密码错误次数过多,请 5 分钟后再试。"]
    at.text_input(key="admin_password_input").input("s3cret-pass")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["密码错误次数过多,请 5 分钟后再试。"]
    assert not at.get("file_uploader")


def test_a_data_change_that_empties_the_caches_keeps_the_lockout(
    settings_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings_env.setenv("CQ_DASH_ADMIN_PASSWORD", "s3cret-pass")
    at = run(page="admin")
    for _ in range(5):
        at.text_input(key="admin_password_input").input("guess")
        at.button[0].click().run()
    assert [e.value for e in at.error] == ["密码错误次数过多,请 5 分钟后再试。"]
    # an import (here: a newer modification time) makes the next run empty every Streamlit cache
    sources = tmp_path / "data" / "sources.csv"
    stat = sources.stat()
    os.utime(sources, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    at.text_input(key="admin_password_input").input("s3cret-pass")
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["密码错误次数过多,请 5 分钟后再试。"]
    assert not at.get("file_uploader")


@pytest.mark.parametrize(
    ("given", "expected", "ok"), [("a", "a", True), ("a", "b", False), ("", None, False), ("", "", False)]
)
def test_password_check(given: str, expected: str | None, ok: bool) -> None:
    assert password_ok(given, expected) is ok
