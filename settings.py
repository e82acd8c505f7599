"""Application settings in one place: environment variables and Streamlit secrets.

Nothing here is a secret in the repository. Keys come from the environment or
from ``.streamlit/secrets.toml`` (never committed):

``CQ_DASH_BASEMAP``          default basemap id, or ``auto`` (default): ``amap`` when
                             its tile host answers at start-up, else ``none``
``TIANDITU_KEY``             Tianditu ``tk`` key; enables the Tianditu basemap
``CQ_DASH_TILE_URL``         XYZ URL template of an intranet tile server
``CQ_DASH_TILE_DATUM``       ``wgs84`` (default) or ``gcj02`` (lower case): datum of those tiles
``CQ_DASH_TILE_ATTRIBUTION`` attribution of those tiles
``CQ_DASH_DATA_DIR``         the data folder (default: ``data/`` of the repository)
``CQ_DASH_DATABASE_URL``     ``postgresql://user:password@host:port/db``: keep the data in PostgreSQL +
                             PostGIS instead of the data folder (see ``geo.storage``); checked at
                             start-up: it must be reachable and hold a loaded version
``CQ_DASH_ADMIN_PASSWORD``   password of the import page (secrets key ``admin_password``);
                             without one the import page stays closed
``CQ_DASH_TRUSTED_PROXIES``  comma-separated addresses or networks of the reverse proxies
                             whose ``X-Forwarded-For`` names the client (default: none, the
                             header is ignored)
``CHROMIUM``                 the Chromium binary that prints the PDF brief (environment only;
                             default: the first of /usr/bin/chromium and the like that exists)

:func:`load_settings` checks every value and raises one :class:`SettingsError`
that lists every problem, so a deployment with a typo stops at start-up
(``python serve.py`` exits with status 2) instead of misbehaving later.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast
from urllib.parse import urlparse

from geo.basemaps import BASEMAP_IDS, Datum
from geo.catalog import DATA_DIR
from web.clients import Network, parse_trusted_proxies

DATUMS = ("wgs84", "gcj02")


class SettingsError(ValueError):
    """One or more settings are invalid; ``problems`` says which and why, one line each."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid settings:\n" + "\n".join(f"- {p}" for p in self.problems))


@dataclass(frozen=True)
class Settings:
    """Deployment settings read once per process."""

    default_basemap: str = "auto"
    tianditu_key: str | None = None
    tile_url: str | None = None
    tile_datum: Datum = "wgs84"
    tile_attribution: str = ""
    data_dir: Path = DATA_DIR
    database_url: str | None = field(default=None, repr=False)
    admin_password: str | None = field(default=None, repr=False)
    trusted_proxies: tuple[Network, ...] = ()
    chromium: Path | None = None


def load_settings(env: Mapping[str, str] | None = None, secrets: Mapping[str, object] | None = None) -> Settings:
    """Read settings from secrets first, then the environment, and check every one.

    Parameters
    ----------
    env
        Environment mapping; ``os.environ`` by default.
    secrets
        Streamlit secrets (or any mapping); keys as the environment variables.

    Returns
    -------
    Settings
        The settings; unset values take their defaults.

    Raises
    ------
    SettingsError
        When any value is invalid (an unknown basemap or datum, a number that is
        not one, a data folder or Chromium that is not there, a proxy that is
        not an address): every problem is listed, not only the first.
    """
    env = os.environ if env is None else env
    secrets = secrets or {}
    problems: list[str] = []

    def get(name: str) -> str | None:
        value = secrets.get(name) or env.get(name)
        return str(value).strip() if value else None

    tianditu_key, tile_url = get("TIANDITU_KEY"), get("CQ_DASH_TILE_URL")
    basemap = get("CQ_DASH_BASEMAP") or "auto"
    _check_basemap(basemap, tianditu_key, tile_url, problems)
    datum = get("CQ_DASH_TILE_DATUM") or "wgs84"
    if datum not in DATUMS:
        hint = f" (write it in lower case: {datum.lower()})" if datum.lower() in DATUMS else ""
        problems.append(f"CQ_DASH_TILE_DATUM={datum!r} must be wgs84 or gcj02{hint}")
    data_dir = Path(get("CQ_DASH_DATA_DIR") or DATA_DIR)
    database_url = get("CQ_DASH_DATABASE_URL")
    if database_url:
        _check_database(database_url, problems)
    else:
        _check_data_dir(data_dir, problems)
    try:
        proxies = parse_trusted_proxies(get("CQ_DASH_TRUSTED_PROXIES"))
    except ValueError as exc:
        problems.append(str(exc))
        proxies = ()
    chromium = _chromium(env.get("CHROMIUM"), problems)
    if problems:
        raise SettingsError(problems)
    return Settings(
        default_basemap=basemap,
        tianditu_key=tianditu_key,
        tile_url=tile_url,
        tile_datum=cast(Datum, datum),  # checked against DATUMS above
        tile_attribution=get("CQ_DASH_TILE_ATTRIBUTION") or "",
        data_dir=data_dir,
        database_url=database_url,
        admin_password=get("admin_password") or get("CQ_DASH_ADMIN_PASSWORD"),
        trusted_proxies=proxies,
        chromium=chromium,
    )


def _check_basemap(basemap: str, tianditu_key: str | None, tile_url: str | None, problems: list[str]) -> None:
    if basemap != "auto" and basemap not in BASEMAP_IDS:
        problems.append(f"CQ_DASH_BASEMAP={basemap!r} is not a basemap: use auto or one of {', '.join(BASEMAP_IDS)}")
    elif basemap == "tianditu" and not tianditu_key:
        problems.append("CQ_DASH_BASEMAP='tianditu' needs TIANDITU_KEY (the Tianditu tk key)")
    elif basemap == "intranet" and not tile_url:
        problems.append("CQ_DASH_BASEMAP='intranet' needs CQ_DASH_TILE_URL (the intranet tile URL)")
    if tile_url and not _tile_template(tile_url):
        problems.append(
            f"CQ_DASH_TILE_URL={tile_url!r} must be an http:// or https:// URL template with {{z}}, {{x}} and {{y}}"
        )


def _check_data_dir(data_dir: Path, problems: list[str]) -> None:
    if not data_dir.is_dir():
        problems.append(f"CQ_DASH_DATA_DIR={str(data_dir)!r} is not a folder")
    elif not (data_dir / "schema.toml").is_file():
        problems.append(f"CQ_DASH_DATA_DIR={str(data_dir)!r} is not a data folder: it has no schema.toml")


def _check_database(url: str, problems: list[str]) -> None:
    """Check the database URL's form, then that the database answers and holds a version of the data."""
    from geo.storage.postgis import EmptyStoreError, PostgisStorage, redact  # psycopg only with a database

    parts = urlparse(url)
    if parts.scheme not in ("postgresql", "postgres") or not (parts.hostname or "host=" in parts.query):
        problems.append(
            f"CQ_DASH_DATABASE_URL={redact(url)!r} must be a postgresql://user:password@host:port/database URL"
        )
        return
    storage = PostgisStorage(url)
    try:
        storage.current_version()
    except (ConnectionError, EmptyStoreError) as exc:
        problems.append(f"CQ_DASH_DATABASE_URL: {str(exc).strip()}")
    except Exception as exc:
        problems.append(f"CQ_DASH_DATABASE_URL={redact(url)!r}: {type(exc).__name__}: {str(exc).strip()[:300]}")
    finally:
        storage.close()


def configured_chromium(env: Mapping[str, str] | None = None) -> Path | None:
    """Return the Chromium binary named by ``CHROMIUM`` (None when unset).

    Raises
    ------
    SettingsError
        When ``CHROMIUM`` names no executable file.
    """
    problems: list[str] = []
    chromium = _chromium((os.environ if env is None else env).get("CHROMIUM"), problems)
    if problems:
        raise SettingsError(problems)
    return chromium


def _chromium(value: str | None, problems: list[str]) -> Path | None:
    if not value or not value.strip():
        return None
    path = Path(value.strip())
    if not path.is_file():
        problems.append(f"CHROMIUM={value!r} does not exist (or is not a file): name the Chromium binary")
    elif not os.access(path, os.X_OK):
        problems.append(f"CHROMIUM={value!r} is not executable")
    return path


def _tile_template(url: str) -> bool:
    return (
        urlparse(url).scheme in ("http", "https")
        and all(p in url for p in ("{z}", "{x}"))
        and ("{y}" in url or "{-y}" in url)
    )


def host_reachable(url: str, timeout_s: float = 1.0) -> bool:
    """Return True when a TCP connection to the URL's host and port opens within the timeout."""
    parts = urlparse(url.replace("{s}", "a").replace("{x}", "0").replace("{y}", "0").replace("{z}", "0"))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout_s):
            return True
    except OSError:
        return False
