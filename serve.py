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
  session exists.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from web.compression import ImmutableFiles, StaticGzip

ROOT = Path(__file__).resolve().parent


@asynccontextmanager
async def _startup(_app: Any) -> AsyncIterator[None]:
    """Turn Streamlit's legacy ``pages/`` discovery off before the first session."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    yield


app = st.App(ROOT / "app.py", middleware=[Middleware(ImmutableFiles), Middleware(StaticGzip)], lifespan=_startup)


def main(argv: list[str]) -> int:
    """Run ``streamlit run serve.py`` in this process (it serves ``app`` above)."""
    from streamlit.web import cli

    return cli.main(["run", str(Path(__file__).resolve()), *argv], standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
