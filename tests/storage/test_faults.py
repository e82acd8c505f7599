"""Issue 17 faults: the database unreachable at start, lost mid-session, down during an import."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import psycopg
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.ingest import IngestError, ingest
from geo.storage.postgis import PostgisStorage, PostgisWriter
from tests.conftest import ROOT
from tests.storage.conftest import restart
from tests.storage.test_storage import ORIGINAL, PLAIN_GBK
from tools import postgres
from web import heap
from web.cluster import wait_until
from web.legacy_pages import keep_legacy_pages_mode_off

APP = str(ROOT / "app.py")


def test_serve_refuses_to_start_when_the_database_cannot_be_reached() -> None:
    url = f"postgresql://dash:secret@127.0.0.1:{postgres.free_port()}/cq_dash"
    env = {**os.environ, "CQ_DASH_DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "serve.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "CQ_DASH_DATABASE_URL: cannot reach the database" in done.stderr and "Connection refused" in done.stderr
    assert "secret" not in done.stderr  # the password is never printed


def test_settings_name_a_bad_url_and_an_empty_database(database_url: str) -> None:
    from settings import SettingsError, load_settings

    with pytest.raises(SettingsError, match="must be a postgresql://"):
        load_settings({"CQ_DASH_DATABASE_URL": "mysql://localhost/x"})
    empty = database_url.rsplit("/", 1)[0] + "/postgres"
    with pytest.raises(SettingsError, match=r"has no dashboard tables: run python -m geo\.storage load"):
        load_settings({"CQ_DASH_DATABASE_URL": empty})
    assert load_settings({"CQ_DASH_DATABASE_URL": database_url}).database_url == database_url


def test_an_import_while_the_database_is_down_is_refused_and_writes_nothing(own_server: postgres.Server) -> None:
    storage = PostgisStorage(own_server.url)
    before = storage.current_version()
    postgres.stop(own_server.folder)
    with pytest.raises(IngestError, match="cannot reach the database") as refused:
        ingest("enterprises", PLAIN_GBK, "plain.csv", storage, imported_by="tests")
    assert "nothing was changed" in refused.value.problems[0]
    restart(own_server)
    assert storage.current_version() == before and storage.read_files()[1] == ORIGINAL


def test_a_database_lost_before_the_commit_keeps_nothing_of_the_import(
    own_server: postgres.Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = PostgisStorage(own_server.url)
    before = storage.current_version()
    write_whole = PostgisWriter.write_whole

    def write_then_lose_the_server(self: PostgisWriter, *args: object, **kwargs: object) -> str:
        name = write_whole(self, *args, **kwargs)  # every row of the new version is in the transaction
        postgres.stop(own_server.folder)  # ... and the server goes before the commit
        return name

    monkeypatch.setattr(PostgisWriter, "write_whole", write_then_lose_the_server)
    with pytest.raises(IngestError, match="database"):
        ingest("enterprises", PLAIN_GBK, "plain.csv", storage, imported_by="tests")
    restart(own_server)
    assert storage.current_version() == before and storage.read_files()[1] == ORIGINAL
    with psycopg.connect(own_server.url) as conn:
        assert conn.execute("SELECT count(*) FROM data_version").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM enterprise_point").fetchone() == (0,)


@pytest.fixture
def app_on(own_server: postgres.Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[postgres.Server]:
    """The app's caches empty and its settings naming ``own_server``."""
    monkeypatch.setenv("CQ_DASH_DATABASE_URL", own_server.url)
    undo = keep_legacy_pages_mode_off()
    st.cache_resource.clear()
    st.cache_data.clear()
    heap.unfreeze()
    yield own_server
    st.cache_resource.clear()
    st.cache_data.clear()
    heap.unfreeze()
    undo()


def _banner(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "数据库" in w.value or "database" in w.value]


def _rerun_until(at: AppTest, shown: bool, timeout_s: float = 10.0) -> float:
    """Rerun the app until the banner is (or is no longer) shown; return the seconds it took."""
    start = time.monotonic()

    def as_expected() -> bool:
        at.run()
        assert not at.exception
        return bool(_banner(at)) == shown

    wait_until(as_expected, timeout_s, f"the banner {'shown' if shown else 'gone'}", interval_s=0.2)
    return time.monotonic() - start


def test_the_app_keeps_serving_the_loaded_data_with_a_banner_while_the_database_is_lost(
    app_on: postgres.Server,
) -> None:
    from components import data

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception and not _banner(at)
    version, catalog = data.current_data_version(), data.get_catalog()
    postgres.stop(app_on.folder)
    waited = _rerun_until(at, shown=True)
    assert waited < 5.0  # noticed at the next check, at most 2 s apart
    assert "无法连接数据库" in _banner(at)[0]
    assert data.current_data_version() == version and data.get_catalog() is catalog  # the last data, still served
    assert at.markdown or at.subheader  # the page still draws
    restart(app_on)
    _rerun_until(at, shown=False)
    assert data.current_data_version() == version
