"""Application settings in one place: environment variables and Streamlit secrets.

Nothing here is a secret in the repository. Keys come from the environment or
from ``.streamlit/secrets.toml`` (never committed):

``CQ_DASH_BASEMAP``          default basemap id, or ``auto`` (default): ``amap`` when
                             its tile host answers at start-up, else ``none``
``TIANDITU_KEY``             Tianditu ``tk`` key; enables the Tianditu basemap
``CQ_DASH_TILE_URL``         XYZ URL template of an intranet tile server
``CQ_DASH_TILE_DATUM``       ``wgs84`` (default) or ``gcj02``: datum of those tiles
``CQ_DASH_TILE_ATTRIBUTION`` attribution of those tiles
``CQ_DASH_DATA_DIR``         the data folder (default: ``data/`` of the repository)
``CQ_DASH_ADMIN_PASSWORD``   password of the import page (secrets key ``admin_password``);
                             without one the import page stays closed
``CQ_DASH_TRUSTED_PROXIES``  comma-separated addresses or networks of the reverse proxies
                             whose ``X-Forwarded-For`` names the client (default: none, the
                             header is ignored); an invalid entry stops the server at start-up
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from geo.catalog import DATA_DIR
from web.clients import Network, parse_trusted_proxies


@dataclass(frozen=True)
class Settings:
    """Deployment settings read once per process."""

    default_basemap: str = "auto"
    tianditu_key: str | None = None
    tile_url: str | None = None
    tile_datum: str = "wgs84"
    tile_attribution: str = ""
    data_dir: Path = DATA_DIR
    admin_password: str | None = field(default=None, repr=False)
    trusted_proxies: tuple[Network, ...] = ()


def load_settings(env: Mapping[str, str] | None = None, secrets: Mapping[str, object] | None = None) -> Settings:
    """Read settings from secrets first, then the environment.

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
    ValueError
        When ``CQ_DASH_TRUSTED_PROXIES`` holds something that is not an address or network.
    """
    env = os.environ if env is None else env
    secrets = secrets or {}

    def get(name: str) -> str | None:
        value = secrets.get(name) or env.get(name)
        return str(value).strip() if value else None

    return Settings(
        default_basemap=get("CQ_DASH_BASEMAP") or "auto",
        tianditu_key=get("TIANDITU_KEY"),
        tile_url=get("CQ_DASH_TILE_URL"),
        tile_datum=get("CQ_DASH_TILE_DATUM") or "wgs84",
        tile_attribution=get("CQ_DASH_TILE_ATTRIBUTION") or "",
        data_dir=Path(get("CQ_DASH_DATA_DIR") or DATA_DIR),
        admin_password=get("admin_password") or get("CQ_DASH_ADMIN_PASSWORD"),
        trusted_proxies=parse_trusted_proxies(get("CQ_DASH_TRUSTED_PROXIES")),
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
