"""Start a Streamlit script on a free localhost port from the repo root, and measure its memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
HEALTH_DEADLINE_S = 120.0


@dataclass(frozen=True)
class Server:
    """A running Streamlit server."""

    url: str
    pid: int
    log: Path


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(proc: subprocess.Popen, url: str, log: Path, deadline_s: float = HEALTH_DEADLINE_S) -> None:
    """Poll ``/_stcore/health`` until it answers ``ok``; fail fast if the server exits."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return
        except OSError:
            pass
        try:
            proc.wait(timeout=0.25)  # the poll interval; returns only if the server died
        except subprocess.TimeoutExpired:
            continue
        raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
    raise TimeoutError(f"{url} not healthy after {deadline_s}s")


@contextmanager
def streamlit_server(script: str, env: dict[str, str], log: Path | None = None, root: Path = ROOT) -> Iterator[Server]:
    """Run ``streamlit run script`` (``python serve.py`` for serve.py) from the repo root (shares ``.streamlit/``).

    Parameters
    ----------
    script
        Path relative to the repo root, e.g. ``app.py`` or ``bench/baseline_app.py``.
    env
        Extra environment variables (on top of this process's environment).
    log
        Where the server's output goes (a file, never a pipe nobody reads);
        a new temporary file by default.
    root
        The checkout to run it from: this repository, or another revision's
        copy (``bench.points`` runs an earlier one beside this one).
    """
    port = free_port()
    # Streamlit serves app/static/ from the folder next to the main script: bench/static is a link to the
    # repo's static/, so the scripts in bench/ get the same files. serve.py starts as in production (its
    # main() checks settings and turns uvicorn's proxy trust off).
    runner = [script] if script == "serve.py" else ["-m", "streamlit", "run", script]
    cmd = [
        sys.executable, *runner,
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
    ]  # fmt: skip
    if log is None:
        with tempfile.NamedTemporaryFile("w+b", prefix="bench-streamlit-", suffix=".log", delete=False) as fh:
            log = Path(fh.name)
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(proc, url, log)
        yield Server(url, proc.pid, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def tree_rss_bytes(pid: int) -> int:
    """Return the resident memory of a process and all its descendants, in bytes."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total
