"""Issue 17: a process hears of another's import through PostgreSQL's LISTEN, and keeps listening through a loss."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from geo.ingest import ingest
from geo.storage import StoreUnavailableError
from geo.storage.files import FilesStorage
from geo.storage.postgis import PostgisStorage
from geo.storage.watch import StoreWatcher
from tests.storage.conftest import loaded_folder, restart
from tests.storage.test_storage import PLAIN_GBK
from tools import postgres
from web.cluster import wait_until

INTERVAL_S = 8.0  # the watcher's longest wait: a call well before it can only come from a notification


class Calls:
    """What a watcher's action saw: (monotonic time, current version or None when unreachable)."""

    def __init__(self, storage: PostgisStorage) -> None:
        self.storage = storage
        self.seen: list[tuple[float, str | None]] = []
        self.lock = threading.Lock()

    def __call__(self) -> None:
        try:
            version: str | None = self.storage.current_version()
        except StoreUnavailableError:
            version = None
        with self.lock:
            self.seen.append((time.monotonic(), version))

    def versions(self) -> list[str | None]:
        with self.lock:
            return [v for _, v in self.seen]

    def first(self, version: str | None) -> float:
        with self.lock:
            return next(t for t, v in self.seen if v == version)


def test_a_write_is_announced_to_another_connections_listen(database_url: str, areas) -> None:
    writer, listener = PostgisStorage(database_url), PostgisStorage(database_url)
    try:
        assert listener.wait_for_change(0.05) is False  # listening now; nothing was written
        ingest("enterprises", PLAIN_GBK, "plain.csv", writer, imported_by="tests", areas=areas)
        assert listener.wait_for_change(5.0) is True
        assert listener.current_version() == writer.current_version()
        assert listener.wait_for_change(0.05) is False  # one write, one announcement
    finally:
        writer.close()
        listener.close()


def test_the_watcher_acts_on_an_import_at_once_not_at_its_next_check(database_url: str, areas) -> None:
    watched = PostgisStorage(database_url)
    calls = Calls(watched)
    started = time.monotonic()
    watcher = StoreWatcher(watched, calls, interval_s=INTERVAL_S).start()
    writer = PostgisStorage(database_url)
    try:
        wait_until(lambda: watched._listener is not None, 5.0, "the watcher listening", 0.02)
        ingest("enterprises", PLAIN_GBK, "plain.csv", writer, imported_by="tests", areas=areas)
        committed = time.monotonic()
        new = writer.current_version()
        wait_until(lambda: new in calls.versions(), 5.0, "the watcher acting on the new version", 0.02)
        assert calls.first(new) - committed < 1.0
        # its first check was not due before this: the notification woke it, not the interval
        assert calls.first(new) - started < INTERVAL_S and calls.versions()[0] == new
    finally:
        watcher.stop(wait_s=INTERVAL_S + 5.0)
        writer.close()
        watched.close()
    assert not watcher.running


def test_the_watcher_outlives_a_lost_database_and_hears_the_next_import(
    own_server: postgres.Server, areas, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="geo.storage.watch")
    watched = PostgisStorage(own_server.url)
    calls = Calls(watched)
    watcher = StoreWatcher(watched, calls, interval_s=0.5).start()
    try:
        wait_until(lambda: watched._listener is not None, 5.0, "the watcher listening", 0.02)
        postgres.stop(own_server.folder)
        wait_until(lambda: calls.versions().count(None) >= 3, 10.0, "the action told, thrice, it is unreachable", 0.05)
        assert watcher.running
        restart(own_server)
        writer = PostgisStorage(own_server.url)
        ingest("enterprises", PLAIN_GBK, "plain.csv", writer, imported_by="tests", areas=areas)
        new = writer.current_version()
        writer.close()
        wait_until(lambda: new in calls.versions(), 10.0, "the watcher acting on the import after the restart", 0.05)
    finally:
        watcher.stop(wait_s=5.0)
        watched.close()
    said = [r.getMessage() for r in caplog.records if r.name == "geo.storage.watch"]
    assert sum("trying again" in m for m in said) == 1  # the loss is logged once, not at every retry
    assert sum("answers again" in m for m in said) == 1


def test_a_folder_is_not_watched(tmp_path) -> None:
    """A folder announces nothing; each run compares its version instead (components.data)."""
    with pytest.raises(ValueError, match="does not announce"):
        StoreWatcher(FilesStorage(loaded_folder(tmp_path)), lambda: None)
