"""The load test against a real server, without browsers: its sessions click and see the clicked district's panel.

Not a browser test: it uses the browser tests' server (``app_url``). One
session driven directly through ``bench.stproto``, then ``python -m
bench.loadtest --quick`` (Locust, in its own process: gevent patches it) for
a few seconds with zero errors allowed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs

from bench import config
from bench.stproto import MAP_COMPONENT, QUERY, StreamlitSession, check_click, click_state, page_cookie
from tests.conftest import ROOT


def test_a_session_without_a_browser_opens_the_map_and_each_click_shows_the_clicked_district(app_url: str) -> None:
    session = StreamlitSession(app_url, QUERY, page_cookie(f"{app_url}/?{QUERY}", 60.0), timeout_s=60.0)
    session.connect()
    try:
        first = session.rerun(deadline_s=120.0)
        assert first.ok and MAP_COMPONENT in first.components
        assert session.page_script_hash  # the server named the page; later reruns ask for it
        for target in (*config.CLICK_TARGETS, config.CLICK_TARGETS[0]):
            result = session.rerun([click_state(session, target)], deadline_s=60.0)
            check_click(result, target["name"])  # finished, no exception, the panel's heading is the district's
            assert parse_qs(session.query_string)["area"] == [target["id"]]  # the address bar follows, as a browser's
    finally:
        session.close()


def test_a_quick_locust_run_has_every_click_finished_with_the_right_panel(app_url: str, tmp_path: Path) -> None:
    out = tmp_path / "loadtest.json"
    cmd = [sys.executable, "-m", "bench.loadtest", "--quick", "--duration", "6", "--url", app_url, "--out", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [level] = json.loads(out.read_text(encoding="utf-8"))["one_process"]
    assert level["sessions"] == 5 and level["opens"] == 5
    assert level["errors"] == 0, level["error_samples"]
    assert level["clicks"] >= 5 and level["p95_s"] is not None
