"""Start the dashboard: ``python serve.py [streamlit options]`` (what ``./dev app`` runs).

The app routes with ``st.navigation`` and keeps its pages in ``pages/``. A
folder of that name also switches Streamlit into its legacy pages-directory
mode until the first ``st.navigation`` call, so the very first visitor of a
fresh server who opens a shared link such as ``/map?area=jiangjin`` would get
the page script alone, without the frame, sidebar or URL handling. Starting
the server through this module turns the legacy mode off before any session.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"


def main(argv: list[str]) -> int:
    """Run ``streamlit run app.py`` in this process with legacy page discovery off."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    return cli.main(["run", str(APP), *argv], standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
