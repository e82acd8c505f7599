"""A throwaway PostgreSQL + PostGIS server for the session (tools/postgres.py), and a store of each backend per test.

Tests that need PostgreSQL skip, with the reason, only when its binaries are
absent and ``CQ_DASH_REQUIRE_POSTGRES`` is unset (CI sets it: there a missing
server fails).
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import psycopg
import pytest

from geo.areas import areas_from_catalog
from geo.catalog import DATA_DIR, load_catalog
from geo.storage import Storage
from geo.storage.__main__ import load, migrate
from geo.storage.files import FilesStorage
from geo.storage.postgis import PostgisStorage
from tools import postgres

TEMPLATE = "cq_dash_loaded"  # migrated and loaded with data/ once; each test copies it
_numbers = itertools.count()


def need_postgres() -> None:
    """Skip (or, with CQ_DASH_REQUIRE_POSTGRES set, fail) when PostgreSQL + PostGIS are not installed."""
    if postgres.available():
        return
    reason = "PostgreSQL 15 + PostGIS are not installed (apt-get install postgresql-15-postgis-3)"
    if os.environ.get("CQ_DASH_REQUIRE_POSTGRES"):
        pytest.fail(f"{reason}, and CQ_DASH_REQUIRE_POSTGRES is set")
    pytest.skip(reason)


def restart(server: postgres.Server) -> None:
    """Start a stopped server again on its port."""
    postgres.start(server.folder, server.port)


def with_database(url: str, name: str) -> str:
    """Return ``url`` naming another database on the same server."""
    return url.rsplit("/", 1)[0] + "/" + name


def loaded_folder(tmp: Path) -> Path:
    """A private copy of data/ (without kept versions)."""
    target = tmp / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("history"))
    return target


@pytest.fixture(scope="session")
def areas() -> gpd.GeoDataFrame:
    """The areas and township cells an import places points in (built once)."""
    return areas_from_catalog(load_catalog(DATA_DIR))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server]:
    """One server for the session, with a template database holding data/ as its first version."""
    need_postgres()
    folder = Path(tempfile.mkdtemp(prefix="cq-pg-test-"))  # under /tmp: the postgres user must reach it
    server = postgres.start(folder)
    try:
        with psycopg.connect(server.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        url = with_database(server.url, TEMPLATE)
        migrate(url)
        load(url, DATA_DIR, imported_by="tests")
        yield server
    finally:
        postgres.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server: postgres.Server) -> Iterator[str]:
    """Yield the URL of a new database copied from the loaded template; drop it afterwards."""
    name = f"cq_test_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield with_database(server.url, name)
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def database_url(postgres_server: postgres.Server) -> Iterator[str]:
    """A private database holding data/ as its current version."""
    yield from fresh_database(postgres_server)


@pytest.fixture(params=["files", "postgis"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    """A store holding data/ as its current version: a private data folder, or a private database."""
    if request.param == "files":
        yield FilesStorage(loaded_folder(tmp_path))
        return
    store = PostgisStorage(request.getfixturevalue("database_url"))
    yield store
    store.close()


@pytest.fixture
def own_server() -> Iterator[postgres.Server]:
    """A server of the test's own, loaded with data/, that the test may stop (faults)."""
    need_postgres()
    folder = Path(tempfile.mkdtemp(prefix="cq-pg-fault-"))
    server = postgres.start(folder)
    try:
        migrate(server.url)
        load(server.url, DATA_DIR, imported_by="tests")
        yield server
    finally:
        postgres.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)
