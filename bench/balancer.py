"""N app processes behind Debian's HAProxy, for the load test only (a stand-in until ``web.cluster`` lands).

Each process is ``python serve.py`` on a free localhost port (``bench.server``);
HAProxy balances new sessions round-robin, keeps a browser on its process with
a cookie, tunnels WebSockets for an hour and checks ``/_stcore/health``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.server import free_port, streamlit_server

START_DEADLINE_S = 30.0
CONFIG = """global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    timeout http-request 30s
    # A process busy with many sessions' first runs answers its health check late: give it 5 s, three times,
    # before taking it out (with 2 s x 2, one busy process was marked down and every session got a 503).
    timeout check 5s
    option redispatch
    retries 2

frontend dashboard
    bind 127.0.0.1:{port}
    default_backend streamlit

backend streamlit
    balance roundrobin
    cookie SRV insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect status 200
    default-server inter 2s fall 3 rise 2
{servers}
"""


class BalancerError(RuntimeError):
    """HAProxy is missing or did not come up."""


@dataclass(frozen=True)
class Balanced:
    """A running balancer: the one URL, and the app processes' ids."""

    url: str
    pids: tuple[int, ...]
    haproxy_pid: int


def render_config(port: int, backends: list[int]) -> str:
    """Return the HAProxy configuration for app processes on localhost ``backends``."""
    servers = "\n".join(f"    server app{i} 127.0.0.1:{p} check cookie app{i}" for i, p in enumerate(backends, 1))
    return CONFIG.format(port=port, servers=servers)


def _wait_proxy(proc: subprocess.Popen, url: str, log: Path) -> None:
    end = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return
        except OSError:
            pass
        try:
            proc.wait(timeout=0.25)
        except subprocess.TimeoutExpired:
            continue
        raise BalancerError(f"haproxy exited with {proc.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
    raise BalancerError(f"{url} not healthy through haproxy after {START_DEADLINE_S}s")


@contextmanager
def balanced(processes: int, env: dict[str, str], script: str = "serve.py") -> Iterator[Balanced]:
    """Start ``processes`` app servers and HAProxy in front of them; stop everything on exit."""
    haproxy = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if haproxy is None:
        raise BalancerError("haproxy is not installed (./dev loadtest installs Debian's haproxy)")
    with ExitStack() as stack:
        servers = [stack.enter_context(streamlit_server(script, env)) for _ in range(processes)]
        port = free_port()
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-haproxy-")))
        cfg = work / "haproxy.cfg"
        cfg.write_text(render_config(port, [int(s.url.rsplit(":", 1)[1]) for s in servers]), encoding="utf-8")
        log = work / "haproxy.log"
        with log.open("wb") as out:
            proc = subprocess.Popen([haproxy, "-db", "-f", str(cfg)], stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_proxy(proc, url, log)
            yield Balanced(url, tuple(s.pid for s in servers), proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
