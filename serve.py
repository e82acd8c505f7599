"""Start the dashboard: ``python serve.py [streamlit options]`` (what ``./dev app`` runs).

``streamlit run serve.py`` finds the ASGI application ``app`` below and serves
``app.py`` through it, which adds two things to a plain ``streamlit run app.py``:

- **Gzip of static files** (:class:`web.compression.StaticGzip`). Streamlit
  leaves its 5 MB of frontend bundles uncompressed for a reverse proxy to
  handle; a single intranet process has none, so each file is compressed once
  and served from memory.
- **No legacy pages-directory mode.** The app routes with ``st.navigation``
  and keeps its pages in ``pages/``. A folder of that name also switches
  Streamlit into its legacy mode until the first ``st.navigation`` call, so the
  very first visitor of a fresh server who opens a shared link such as
  ``/map?area=jiangjin`` would get the page script alone, without the frame,
  sidebar or URL handling. The start-up hook turns that mode off before any
  session exists (:mod:`web.legacy_pages`, the project's one patch into
  Streamlit's internals, says why no setting can).
- **No X-Forwarded-For from uvicorn.** Streamlit serves through uvicorn,
  which by default replaces a loopback peer's address with the request's
  ``X-Forwarded-For`` (``FORWARDED_ALLOW_IPS``, default ``127.0.0.1,::1``).
  :func:`main` sets that variable to the empty string before the server
  starts, so the app sees the real peer and :mod:`web.clients` alone decides
  which proxies to believe (``CQ_DASH_TRUSTED_PROXIES``). Started otherwise
  (``streamlit run serve.py``) the variable must be set to empty in the
  environment; the start-up hook warns when it is not.

:func:`main` also checks the settings first and refuses to start, listing every
invalid value (:class:`settings.SettingsError`), with exit status 2.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from settings import load_settings
from web.clients import UVICORN_ENV, server_rewrites_peer
from web.compression import ImmutableFiles, StaticGzip
from web.firstview import FirstView
from web.legacy_pages import keep_legacy_pages_mode_off

ROOT = Path(__file__).resolve().parent


@asynccontextmanager
async def _startup(_app: Any) -> AsyncIterator[None]:
    """Turn Streamlit's legacy ``pages/`` discovery off before the first session; warn if uvicorn trusts proxies."""
    keep_legacy_pages_mode_off()
    if server_rewrites_peer(os.environ):
        logging.getLogger(__name__).warning(
            "%s is not empty: uvicorn takes client addresses from X-Forwarded-For, so sign-in attempts through a "
            "proxy share one lockout. Start with `python serve.py` (or set %s= in the environment).",
            UVICORN_ENV,
            UVICORN_ENV,
        )
    yield


app = st.App(
    ROOT / "app.py",
    middleware=[Middleware(FirstView), Middleware(ImmutableFiles), Middleware(StaticGzip)],
    lifespan=_startup,
)


def _secrets() -> dict:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml: Streamlit raises its own not-found error
        return {}


def main(argv: list[str]) -> int:
    """Check the settings, then become ``python -m streamlit run serve.py [argv]`` (it serves ``app`` above).

    The process replaces itself (``os.execv``) with Streamlit's own command
    line, so Streamlit options and ``STREAMLIT_*`` variables work as for
    ``streamlit run``, and the process id stays the same.

    Parameters
    ----------
    argv
        Streamlit's command-line options, e.g. ``["--server.port", "8600"]``.

    Returns
    -------
    int
        2 when the settings are invalid (each problem is printed); otherwise
        this function does not return.
    """
    try:
        load_settings(secrets=_secrets())
    except ValueError as exc:
        print(f"serve.py: {exc}", file=sys.stderr)
        return 2
    os.environ[UVICORN_ENV] = ""  # uvicorn.Config reads it when the server starts: trust no peer's X-Forwarded-For
    os.execv(sys.executable, [sys.executable, "-m", "streamlit", "run", str(Path(__file__).resolve()), *argv])
    return 0  # not reached: execv replaced this process


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
