"""PostgreSQL + PostGIS as the store shared by several app processes (``CQ_DASH_DATABASE_URL``).

Schema (migrations in ``geo/storage/migrations``, run by ``python -m geo.storage migrate``):

- ``data_version(id, created_at, label, imported_by, is_current)``: one row per
  version, exactly one current; ``data_file(version_id, name, sha256)`` lists a
  version's files, whose bytes are in ``data_blob(sha256, content)`` (a file
  unchanged between versions is stored once);
- for GIS users, the current version's geometries in EPSG:4326 with GiST
  indexes: ``enterprise_point(id, name, area, geom)`` from the enterprises'
  lon/lat and ``area_shape(id, geom)`` from ``shapes.geojson``.

A write (import, restore, load) is one transaction under an advisory lock:
the new version's rows, the switch of ``is_current``, the geometry tables and
``NOTIFY cq_dash_data, '<version>'`` commit together or not at all.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import psycopg.errors
import shapely

from geo.catalog import SHAPES_FILE, load_schema, rows_from_bytes, shapes_from_bytes
from geo.ingest.store import KEEP_VERSIONS, LockTimeoutError
from geo.storage.base import KeptVersion, Storage, StoreUnavailableError, Writer

CHANNEL = "cq_dash_data"
LOCK_KEY = 0x6371_6461_7368  # pg_advisory_xact_lock key of the data ("cqdash")
CONNECT_TIMEOUT_S = 5


class EmptyStoreError(LookupError):
    """The database holds no version of the data yet (load one with ``python -m geo.storage load data/``)."""


def redact(url: str) -> str:
    """Return a database URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def connect(url: str, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """Open a connection, turning any failure into :class:`StoreUnavailableError` with a one-line reason."""
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=autocommit)
    except psycopg.Error as exc:
        reason = " ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or type(exc).__name__
        raise StoreUnavailableError(f"cannot reach the database {redact(url)}: {reason}") from exc


def _put_files(conn: psycopg.Connection[Any], version_id: int, files: Mapping[str, bytes]) -> None:
    for name in sorted(files):
        digest = hashlib.sha256(files[name]).hexdigest()
        conn.execute(
            "INSERT INTO data_blob (sha256, content) VALUES (%s, %s) ON CONFLICT DO NOTHING", (digest, files[name])
        )
        conn.execute("INSERT INTO data_file (version_id, name, sha256) VALUES (%s, %s, %s)", (version_id, name, digest))


def refresh_geometries(conn: psycopg.Connection[Any], files: Mapping[str, bytes]) -> tuple[int, int]:
    """Rewrite ``enterprise_point`` and ``area_shape`` from a version's files; return their row counts."""
    schema = load_schema(files)
    _, rows = rows_from_bytes(files.get(schema["enterprises"]["file"], b""))
    points = [
        (r["id"], r.get("name_zh", ""), r.get("area", ""), float(r["lon"]), float(r["lat"]))
        for r in rows
        if r.get("lon") and r.get("lat")
    ]
    shapes, _ = shapes_from_bytes(SHAPES_FILE, files.get(SHAPES_FILE))
    conn.execute("DELETE FROM enterprise_point")
    conn.execute("DELETE FROM area_shape")
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO enterprise_point (id, name, area, geom) "
            "VALUES (%s, %s, %s, ST_SetSRID(ST_MakePoint(%s, %s), 4326))",
            points,
        )
        cur.executemany(
            "INSERT INTO area_shape (id, geom) VALUES (%s, ST_Multi(ST_GeomFromWKB(%s, 4326)))",
            [(shape_id, shapely.to_wkb(geom)) for shape_id, geom in shapes.items()],
        )
    return len(points), len(shapes)


class PostgisWriter(Writer):
    """One write's transaction: the current files in a scratch folder, and the write of the next version."""

    def __init__(
        self, folder: Path, conn: psycopg.Connection[Any], current: str | None, files: dict[str, bytes]
    ) -> None:
        self.folder = folder
        self.conn = conn
        self.current = current
        self.files = files

    def write(self, files: Mapping[str, bytes], label: str, imported_by: str) -> str:
        """Make the current files with ``files`` replaced the new current version; return the previous one's name."""
        return self.write_whole({**self.files, **files}, label, imported_by)

    def write_whole(self, files: Mapping[str, bytes], label: str, imported_by: str) -> str:
        """Make exactly ``files`` the new current version (in this transaction); return the previous one's name."""
        conn = self.conn
        conn.execute("UPDATE data_version SET is_current = false WHERE is_current")
        row = conn.execute(
            "INSERT INTO data_version (label, imported_by, is_current) VALUES (%s, %s, true) RETURNING id",
            (label, imported_by),
        ).fetchone()
        assert row is not None  # RETURNING always yields the row
        _put_files(conn, row[0], files)
        refresh_geometries(conn, files)
        conn.execute(
            "DELETE FROM data_version WHERE NOT is_current AND id NOT IN "
            "(SELECT id FROM data_version ORDER BY id DESC LIMIT %s)",
            (KEEP_VERSIONS,),
        )
        conn.execute("DELETE FROM data_blob b WHERE NOT EXISTS (SELECT 1 FROM data_file f WHERE f.sha256 = b.sha256)")
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(row[0])))
        return f"version {self.current}" if self.current else ""


class PostgisStorage(Storage):
    """The data in PostgreSQL; the version is the current ``data_version.id``.

    A process hears of a new version through ``LISTEN`` (:meth:`wait_for_change`,
    used by :class:`geo.storage.watch.StoreWatcher`) and asks at most every 2 s.
    """

    check_interval_s = 2.0
    announces = True

    def __init__(self, url: str) -> None:
        self.url = url
        self.location = redact(url)
        self._conn: psycopg.Connection[Any] | None = None
        self._lock = threading.Lock()
        self._listener: psycopg.Connection[Any] | None = None

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one read on this process's shared connection; a connection the server dropped is reopened once."""
        with self._lock:
            for attempt in (1, 2):
                fresh = self._conn is None or self._conn.closed
                try:
                    if self._conn is None or self._conn.closed:
                        self._conn = connect(self.url, autocommit=True)
                    return self._conn.execute(sql, params).fetchall()
                except psycopg.OperationalError as exc:
                    self.close()
                    if fresh or attempt == 2:
                        raise StoreUnavailableError(f"lost the database {self.location}: {exc}") from exc
            raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the shared connection and the listening one."""
        for conn in (self._conn, self._listener):
            if conn is not None:
                conn.close()
        self._conn = self._listener = None

    def wait_for_change(self, timeout_s: float) -> bool:
        """Block until a write's ``NOTIFY`` arrives or ``timeout_s`` passed; return whether one arrived.

        The ``LISTEN`` connection is this process's own (opened on the first call,
        again after a loss). A version written while it was not listening is not
        announced: callers ask :meth:`current_version` after every return.

        Raises
        ------
        StoreUnavailableError
            When the database cannot be reached or the connection was lost.
        """
        try:
            if self._listener is None or self._listener.closed:
                self._listener = connect(self.url, autocommit=True)
                self._listener.execute(f"LISTEN {CHANNEL}")
            return any(True for _ in self._listener.notifies(timeout=timeout_s, stop_after=1))
        except psycopg.OperationalError as exc:
            if self._listener is not None:
                self._listener.close()
            self._listener = None
            raise StoreUnavailableError(f"lost the database {self.location}: {exc}") from exc

    def current_version(self) -> str:
        """Return the current version's id (one indexed one-row query).

        Raises
        ------
        EmptyStoreError
            When no version was loaded yet.
        """
        try:
            rows = self._rows("SELECT id FROM data_version WHERE is_current")
        except psycopg.errors.UndefinedTable:
            raise EmptyStoreError(
                f"the database {self.location} has no dashboard tables: run python -m geo.storage load data/"
            ) from None
        if not rows:
            raise EmptyStoreError(f"the database {self.location} holds no data: run python -m geo.storage load data/")
        return str(rows[0][0])

    def read_files(self, version: str | None = None) -> tuple[str, dict[str, bytes]]:
        """Return a version's (default: the current one's) id and files."""
        where, params = ("v.is_current", ()) if version is None else ("v.id = %s", (_version_id(version),))
        rows = self._rows(
            "SELECT v.id, f.name, b.content FROM data_version v JOIN data_file f ON f.version_id = v.id "
            f"JOIN data_blob b ON b.sha256 = f.sha256 WHERE {where}",
            params,
        )
        if not rows:
            if version is None:
                raise EmptyStoreError(f"the database {self.location} holds no data")
            raise KeyError(version)
        return str(rows[0][0]), {name: bytes(content) for _, name, content in rows}

    @contextmanager
    def writing(self, timeout_s: float = 60.0) -> Iterator[PostgisWriter]:
        """Open a transaction holding the data's advisory lock; commit when the block ends without an error."""
        conn = connect(self.url)
        try:
            with tempfile.TemporaryDirectory(prefix="cq-store-") as tmp, conn.transaction():
                conn.execute(f"SET LOCAL lock_timeout = '{max(int(timeout_s * 1000), 1)}ms'")
                try:
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                except psycopg.errors.LockNotAvailable:
                    raise LockTimeoutError(f"another import has held {self.location} for {timeout_s:.0f}s") from None
                conn.execute("SET LOCAL lock_timeout = 0")
                current, files = _current_files(conn)
                for name, blob in files.items():
                    (Path(tmp) / name).write_bytes(blob)
                yield PostgisWriter(Path(tmp), conn, current, files)
        except psycopg.OperationalError as exc:
            raise StoreUnavailableError(f"lost the database {self.location}; nothing was written ({exc})") from exc
        finally:
            conn.close()

    def versions(self) -> list[KeptVersion]:
        """Return the kept versions other than the current one, newest first."""
        rows = self._rows(
            "SELECT v.id, v.label, v.imported_by, v.created_at, array_agg(f.name ORDER BY f.name) "
            "FROM data_version v JOIN data_file f ON f.version_id = v.id WHERE NOT v.is_current "
            "GROUP BY v.id ORDER BY v.id DESC"
        )
        return [
            KeptVersion(str(i), tuple(names), label, who, created.isoformat(timespec="seconds"))
            for i, label, who, created, names in rows
        ]

    def kept_files(self, name: str) -> dict[str, bytes]:
        """Return the files of a kept version."""
        return self.read_files(name)[1]

    def recover(self) -> list[str]:
        """Nothing to undo: a write is one transaction."""
        return []


def _version_id(name: str) -> int:
    if not name.isdigit():
        raise KeyError(name)
    return int(name)


def _current_files(conn: psycopg.Connection[Any]) -> tuple[str | None, dict[str, bytes]]:
    rows = conn.execute(
        "SELECT v.id, f.name, b.content FROM data_version v JOIN data_file f ON f.version_id = v.id "
        "JOIN data_blob b ON b.sha256 = f.sha256 WHERE v.is_current"
    ).fetchall()
    return (str(rows[0][0]) if rows else None), {name: bytes(content) for _, name, content in rows}
