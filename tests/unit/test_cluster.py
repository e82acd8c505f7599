"""web.cluster without app processes: the HAProxy configuration, the database hook, stopping by recorded PID."""

from __future__ import annotations

import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from web.cluster import DATABASE_ENV, Record, Started, database_url, render_config, start_ticks, stop_recorded


def test_the_config_is_sticky_checks_health_and_keeps_websockets() -> None:
    cfg = render_config(8501, 9000, [41001, 41002], bind="127.0.0.1")
    lines = [line.strip() for line in cfg.splitlines()]
    assert "bind 127.0.0.1:8501" in lines
    assert "cookie SRV insert indirect nocache httponly" in lines
    assert "option httpchk GET /_stcore/health" in lines
    assert "http-check expect status 200" in lines
    assert "timeout tunnel 1h" in lines
    assert "option redispatch" in lines
    assert "server app1 127.0.0.1:41001 check cookie app1" in lines
    assert "server app2 127.0.0.1:41002 check cookie app2" in lines
    # the stats page is on localhost only, whatever address browsers use
    assert "bind 127.0.0.1:9000" in lines and "bind 0.0.0.0:9000" not in cfg
    # out of rotation within a few seconds: checks every second, two failures
    assert "inter 1s" in cfg and "fall 3" in cfg


def test_haproxy_accepts_the_generated_config(tmp_path: Path) -> None:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.fail("haproxy is missing: run ./dev test, which installs Debian's haproxy")
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(render_config(8501, 9000, [41001, 41002, 41003]), encoding="utf-8")
    check = subprocess.run([haproxy, "-c", "-f", str(cfg)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_database_url_comes_from_the_option_then_the_environment() -> None:
    env = {DATABASE_ENV: "postgresql://db/env"}
    assert database_url("postgresql://db/option", env) == "postgresql://db/option"
    assert database_url(None, env) == "postgresql://db/env"
    assert database_url(None, {}) is None
    assert database_url(None, {DATABASE_ENV: ""}) is None


@pytest.fixture
def sleepers() -> Iterator[list[subprocess.Popen]]:
    procs = [subprocess.Popen(["sleep", "300"], start_new_session=True) for _ in range(3)]
    yield procs
    for p in procs:
        if p.poll() is None:
            p.kill()
        p.wait(timeout=10)


def test_stop_ends_exactly_the_recorded_processes_that_are_still_the_same(
    tmp_path: Path, sleepers: list[subprocess.Popen]
) -> None:
    mine, reused, unrecorded = sleepers
    ticks = start_ticks(mine.pid)
    assert ticks is not None and start_ticks(reused.pid) is not None
    # `reused` stands for an id the kernel gave to another process since: its start time differs
    recorded = [Started(mine.pid, ticks, "sleep"), Started(reused.pid, ticks - 1, "sleep")]
    Record("http://localhost:8501", "http://127.0.0.1:9000/", recorded).save(tmp_path)

    assert stop_recorded(tmp_path) == [mine.pid]
    assert mine.wait(timeout=10) == -signal.SIGTERM
    assert reused.poll() is None and unrecorded.poll() is None
    assert not (tmp_path / "cluster.json").exists()
    assert stop_recorded(tmp_path) == []  # nothing recorded: nothing stopped
