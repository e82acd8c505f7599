"""Where the data live: the ``data/`` folder (default) or PostgreSQL + PostGIS (``CQ_DASH_DATABASE_URL``).

:func:`open_storage` picks the backend; :mod:`geo.storage.base` says what every
backend offers. ``python -m geo.storage migrate`` / ``load DIR`` prepare a database.
"""

from __future__ import annotations

from pathlib import Path

from geo.storage.base import KeptVersion, Storage, StoreUnavailableError, Writer

__all__ = ["KeptVersion", "Storage", "StoreUnavailableError", "Writer", "open_storage"]


def open_storage(data_dir: Path, database_url: str | None = None) -> Storage:
    """Return the store: PostGIS when ``database_url`` is given, else the folder ``data_dir``.

    Nothing connects yet: a database is first asked on the first read.
    """
    if database_url:
        from geo.storage.postgis import PostgisStorage  # psycopg only when a database is configured

        return PostgisStorage(database_url)
    from geo.storage.files import FilesStorage

    return FilesStorage(data_dir)
