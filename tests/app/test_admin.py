"""The import page through AppTest: closed without a password, a wrong one refused, the right one lets in."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.admin_view import password_ok
from tests.app.test_pages import run
from tests.conftest import app_data
from web.attempts import reset_sign_in_limiter

PASSWORD = "s3cret-pass"
WRONG = ["密码不正确。"]
LOCKED = ["密码错误次数过多,请 5 分钟后再试。"]


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> Iterator[pytest.MonkeyPatch]:
    """Settings and the sign-in limiter live per process: start and end every test afresh, on a private data copy."""
    monkeypatch.delenv("CQ_DASH_ADMIN_PASSWORD", raising=False)
    with app_data(data_dir, monkeypatch):
        reset_sign_in_limiter()
        yield monkeypatch
        reset_sign_in_limiter()


@pytest.fixture
def admin_page(settings_env: pytest.MonkeyPatch) -> AppTest:
    """The import page of an app whose admin password is ``PASSWORD``, before anyone signs in."""
    settings_env.setenv("CQ_DASH_ADMIN_PASSWORD", PASSWORD)
    return run(page="admin")


def sign_in(at: AppTest, password: str) -> list[str]:
    """Type ``password`` on the import page and press the button; return the errors the page then shows."""
    at.text_input(key="admin_password_input").input(password)
    at.button[0].click().run()
    return [e.value for e in at.error]


def test_without_a_configured_password_the_page_stays_closed(settings_env: pytest.MonkeyPatch) -> None:
    at = run(page="admin")
    assert not at.exception
    assert any("导入已关闭" in i.value for i in at.info)
    assert not at.get("file_uploader")


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_import(admin_page: AppTest) -> None:
    at = admin_page
    assert sign_in(at, "guess") == WRONG
    assert not at.get("file_uploader")
    assert sign_in(at, PASSWORD) == []
    assert not at.exception
    assert len(at.get("file_uploader")) == 1
    assert "保留的版本" in [s.value for s in at.subheader]


def test_guessing_locks_the_sign_in_even_for_the_right_password(admin_page: AppTest) -> None:
    at = admin_page
    assert [sign_in(at, "guess") for _ in range(5)] == [WRONG] * 4 + [LOCKED]
    assert sign_in(at, PASSWORD) == LOCKED
    assert not at.get("file_uploader")


def test_a_data_change_that_empties_the_caches_keeps_the_lockout(admin_page: AppTest, data_dir: Path) -> None:
    at = admin_page
    assert [sign_in(at, "guess") for _ in range(5)] == [WRONG] * 4 + [LOCKED]
    # an import (here: a newer modification time) makes the next run empty every Streamlit cache
    sources = data_dir / "sources.csv"
    stat = sources.stat()
    os.utime(sources, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert sign_in(at, PASSWORD) == LOCKED
    assert not at.exception
    assert not at.get("file_uploader")


@pytest.mark.parametrize(
    ("given", "expected", "ok"), [("a", "a", True), ("a", "b", False), ("", None, False), ("", "", False)]
)
def test_password_check(given: str, expected: str | None, ok: bool) -> None:
    assert password_ok(given, expected) is ok
