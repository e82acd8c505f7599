"""``python -m bench.launch SCRIPT [streamlit options]``: ``streamlit run`` serving the repo's ``static/``.

Streamlit serves ``app/static/`` from the folder *next to the main script*
(``streamlit.file_util.get_app_static_dir``), so a script in ``bench/`` would
get ``bench/static/``. The baseline must share the app's ``static/`` (where
``static/bench-vendor/`` is), so this launcher points that one function at the
repo's folder and then runs Streamlit's own command line unchanged. Run it from
the repo root so ``.streamlit/config.toml`` applies as well.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit import file_util
from streamlit.web import cli

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def _repo_static_dir(_main_script_path: str) -> str:
    """Return the repo's ``static/`` whatever the main script's folder."""
    return str(STATIC_DIR)


def main() -> None:
    """Run ``streamlit run`` with the arguments given to this module."""
    file_util.get_app_static_dir = _repo_static_dir
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
