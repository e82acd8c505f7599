"""The deployment a bureau runs on several machines, on one: N app processes behind HAProxy.

``python -m web.cluster start`` (what ``./dev cluster`` runs) starts N
``python serve.py`` processes on free localhost ports, each checked healthy
on ``/_stcore/health``, and Debian's HAProxy in front of them on one port, with
cookie-based sticky sessions, WebSocket tunnels and health checks that take a
process out of rotation within about two seconds of it failing. The HAProxy
configuration is generated from ``web/haproxy.cfg.in`` into the run folder
(``.cluster/`` by default), next to the logs and ``cluster.json``, which records
every process id it started. ``python -m web.cluster stop`` (``./dev
cluster-stop``) stops exactly those processes, and only while they are still
the processes it started (their start time is recorded with the id).

Tests and the load test use :class:`Cluster` directly::

    with Cluster(processes=2, port=0, run_dir=tmp, data_dir=copy) as c:
        c.url, c.app_urls, c.app_pids, c.kill(0), c.backend_states()

Storage: ``./dev cluster`` starts PostgreSQL with PostGIS from Debian's
packages (:mod:`tools.postgres`, as the ``postgres`` user even when the caller
is root), loads ``data/`` into it and gives its URL to every process as
``CQ_DASH_DATABASE_URL`` (:func:`start_database`); ``--database URL`` (or
``CQ_DASH_DATABASE_URL``) uses a database that runs elsewhere instead, and
``--files`` makes every process read the same data folder (``CQ_DASH_DATA_DIR``,
else ``data/``; one host only). The database server started here is recorded
with the other processes and stopped last.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "haproxy.cfg.in"
RUN_DIR = ROOT / ".cluster"
RECORD = "cluster.json"
HAPROXY = "haproxy"
BACKEND = "streamlit"
START_DEADLINE_S = 180.0
STOP_DEADLINE_S = 15.0
DATABASE_ENV = "CQ_DASH_DATABASE_URL"
PROXIES_ENV = "CQ_DASH_TRUSTED_PROXIES"


class ClusterError(RuntimeError):
    """The cluster cannot start or stop (HAProxy missing, a process died, one already running)."""


@dataclass(frozen=True)
class Started:
    """A process this module started: its id and its start time (clock ticks after boot, from /proc)."""

    pid: int
    ticks: int
    name: str

    def alive(self) -> bool:
        """Whether this very process still runs (a recycled id has another start time)."""
        return start_ticks(self.pid) == self.ticks


@dataclass
class Record:
    """What ``cluster.json`` holds: the URL to open and every process started."""

    url: str
    stats_url: str
    processes: list[Started] = field(default_factory=list)

    def save(self, run_dir: Path) -> None:
        """Write the record to ``run_dir/cluster.json`` (replacing it whole)."""
        tmp = run_dir / (RECORD + ".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        tmp.replace(run_dir / RECORD)

    @classmethod
    def load(cls, run_dir: Path) -> Record | None:
        """Read ``run_dir/cluster.json``; None when there is none."""
        path = run_dir / RECORD
        if not path.exists():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(raw["url"], raw["stats_url"], [Started(**p) for p in raw["processes"]])


def start_ticks(pid: int) -> int | None:
    """Return a process's start time in clock ticks since boot (Linux /proc), None if it does not exist.

    Parameters
    ----------
    pid
        The process id.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # the command name may hold spaces and parentheses
    if fields[0] == "Z":  # a zombie has finished: only its parent's wait() is missing
        return None
    return int(fields[19])  # field 22 of stat(5), counted after "pid (comm)"


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def render_config(port: int, stats_port: int, backends: Sequence[int], bind: str = "0.0.0.0") -> str:
    """Return the HAProxy configuration for app processes on ``backends`` (localhost ports).

    Parameters
    ----------
    port
        The one port browsers use.
    stats_port
        The stats page's port (bound to 127.0.0.1 only).
    backends
        The app processes' ports, in order: server ``app1`` is the first.
    bind
        The address HAProxy listens on for browsers.
    """
    servers = "\n".join(f"    server app{i} 127.0.0.1:{p} check cookie app{i}" for i, p in enumerate(backends, 1))
    template = string.Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(bind=bind, port=port, stats_port=stats_port, servers=servers)


def database_url(given: str | None, env: Mapping[str, str]) -> str | None:
    """Return the database URL every app process gets: ``--database``, else ``CQ_DASH_DATABASE_URL``, else None."""
    return given or env.get(DATABASE_ENV) or None


def database_folder(run_dir: Path) -> Path:
    """Return where the cluster's own PostgreSQL keeps its files: under /tmp, which the ``postgres`` user can reach."""
    import hashlib

    digest = hashlib.sha256(str(run_dir.resolve()).encode()).hexdigest()[:12]
    return Path("/tmp") / f"cq-dash-cluster-{digest}"


def start_database(run_dir: Path, data_dir: Path) -> tuple[str, Started]:
    """Start the cluster's PostgreSQL + PostGIS, load ``data_dir`` into it (first start only); return URL and process.

    Raises
    ------
    ClusterError
        When PostgreSQL is not installed, does not start, or the data do not load.
    """
    from geo.storage.__main__ import load, migrate
    from tools import postgres

    folder = database_folder(run_dir)
    try:
        postgres.stop(folder)  # a server left by a start that was killed half-way
        server = postgres.start(folder)
    except Exception as exc:
        raise ClusterError(f"the database did not start: {type(exc).__name__}: {exc}") from exc
    try:
        migrate(server.url)
        with contextlib.suppress(FileExistsError):  # a restarted cluster keeps its database and its imports
            load(server.url, data_dir, imported_by="./dev cluster")
    except Exception as exc:
        postgres.stop(folder)
        raise ClusterError(f"the data did not load into the database: {type(exc).__name__}: {exc}") from exc
    return server.url, Started(server.pid, start_ticks(server.pid) or -1, "postgres")


def wait_until(check: Callable[[], bool], deadline_s: float, what: str, interval_s: float = 0.25) -> None:
    """Poll ``check`` until it returns True; raise :class:`ClusterError` naming ``what`` after ``deadline_s``."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if check():
            return
        time.sleep(interval_s)
    raise ClusterError(f"{what}: not after {deadline_s:.0f} s")


def _get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    """GET ``url``; return (status, body), status 0 when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except OSError:
        return 0, b""


def _healthy(url: str) -> bool:
    status, body = _get(f"{url}/_stcore/health")
    return status == 200 and body.strip() == b"ok"


def _signal(proc: Started, sig: signal.Signals) -> None:
    """Send ``sig`` to a process this module started, and to its process group if it leads one.

    Each process is started in a session of its own, so its group holds only
    what it started itself (e.g. the Chromium that prints a brief).
    """
    if not proc.alive():
        return
    try:
        if os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
    except ProcessLookupError:
        pass


def stop_processes(
    processes: Sequence[Started], deadline_s: float = STOP_DEADLINE_S, first: signal.Signals = signal.SIGTERM
) -> list[int]:
    """Stop the given processes (``first``, then SIGKILL after ``deadline_s``); return the ids that were running.

    A recorded id whose process has another start time (the id was reused)
    is left alone.
    """
    running = [p for p in processes if p.alive()]
    for proc in running:
        _signal(proc, first)
    try:
        wait_until(lambda: not any(p.alive() for p in running), deadline_s, "processes stopping", 0.1)
    except ClusterError:
        for proc in running:
            _signal(proc, signal.SIGKILL)
        wait_until(lambda: not any(p.alive() for p in running), deadline_s, "processes killed", 0.1)
    return [p.pid for p in running]


def stop_recorded(run_dir: Path = RUN_DIR) -> list[int]:
    """Stop every process recorded in ``run_dir/cluster.json`` (HAProxy first, the database last); return the ids."""
    record = Record.load(run_dir)
    if record is None:
        return []
    databases = [p for p in record.processes if p.name == "postgres"]
    stopped = stop_processes([p for p in record.processes if p.name != "postgres"])
    stopped += stop_processes(databases, first=signal.SIGINT)  # PostgreSQL's fast shutdown
    (run_dir / RECORD).unlink(missing_ok=True)
    return stopped


class Cluster:
    """N app processes and HAProxy in front of them; a context manager that stops what it started.

    Parameters
    ----------
    processes
        How many app processes (default: one per core).
    port
        HAProxy's port for browsers; 0 picks a free one.
    run_dir
        Where the configuration, logs and ``cluster.json`` go.
    data_dir
        The data folder every process reads (``CQ_DASH_DATA_DIR``); None keeps the environment's.
    env
        Extra environment for the app processes (on top of this process's).
    database
        A database URL passed to every process as ``CQ_DASH_DATABASE_URL``.
    bind
        HAProxy's listening address (``127.0.0.1`` keeps it off the network).
    """

    def __init__(
        self,
        processes: int | None = None,
        port: int = 8501,
        run_dir: Path = RUN_DIR,
        data_dir: Path | None = None,
        env: Mapping[str, str] | None = None,
        database: str | None = None,
        bind: str = "0.0.0.0",
    ) -> None:
        self.processes = processes or len(os.sched_getaffinity(0))
        self.port = port
        self.run_dir = Path(run_dir)
        self.bind = bind
        self.env = {**os.environ, **(env or {})}
        self.env.setdefault(PROXIES_ENV, "127.0.0.1,::1")  # HAProxy sets X-Forwarded-For to the browser's address
        if data_dir is not None:
            self.env["CQ_DASH_DATA_DIR"] = str(data_dir)
        url = database_url(database, self.env)
        if url:
            self.env[DATABASE_ENV] = url
        self.app_ports: list[int] = []
        self._apps: list[subprocess.Popen] = []
        self._haproxy: subprocess.Popen | None = None
        self.stats_port = 0

    # -- what tests read --------------------------------------------------
    @property
    def url(self) -> str:
        """The one URL to open (through HAProxy)."""
        host = "localhost" if self.bind in ("0.0.0.0", "127.0.0.1", "::") else self.bind
        return f"http://{host}:{self.port}"

    @property
    def stats_url(self) -> str:
        """HAProxy's stats page (localhost only)."""
        return f"http://127.0.0.1:{self.stats_port}/"

    @property
    def app_urls(self) -> list[str]:
        """Each app process's own URL, bypassing HAProxy (server ``app<i+1>`` is index i)."""
        return [f"http://127.0.0.1:{p}" for p in self.app_ports]

    @property
    def app_pids(self) -> list[int]:
        """Each app process's id (``serve.py`` replaces itself with Streamlit: the id stays)."""
        return [p.pid for p in self._apps]

    def kill(self, index: int) -> None:
        """Kill app process ``index`` with SIGKILL, as a crash would, and reap it."""
        proc = self._apps[index]
        proc.kill()
        proc.wait(timeout=STOP_DEADLINE_S)

    def backend_states(self) -> dict[str, str]:
        """Return HAProxy's state of every app server, e.g. ``{"app1": "UP", "app2": "DOWN"}``."""
        status, body = _get(f"{self.stats_url};csv")
        if status != 200:
            raise ClusterError(f"HAProxy's stats page answered {status}")
        rows = csv.DictReader(io.StringIO(body.decode().lstrip("# ")))
        return {
            r["svname"]: r["status"].split()[0]
            for r in rows
            if r["pxname"] == BACKEND and r["svname"] not in ("FRONTEND", "BACKEND")
        }

    # -- lifecycle --------------------------------------------------------
    def start(self) -> Cluster:
        """Start the app processes, wait until each is healthy, then start HAProxy and wait for it."""
        haproxy = _which(HAPROXY)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        old = Record.load(self.run_dir)
        if old and any(p.alive() for p in old.processes):
            raise ClusterError(f"a cluster from {self.run_dir} runs at {old.url}: stop it first (./dev cluster-stop)")
        self.port = self.port or free_port()
        self.stats_port = free_port()
        try:
            for i in range(self.processes):
                self._start_app(i)
            for i, proc in enumerate(self._apps):
                self._wait_app(i, proc)
            cfg = self.run_dir / "haproxy.cfg"
            cfg.write_text(render_config(self.port, self.stats_port, self.app_ports, self.bind), encoding="utf-8")
            check = subprocess.run([haproxy, "-c", "-q", "-f", str(cfg)], capture_output=True, text=True)
            if check.returncode != 0:
                raise ClusterError(f"HAProxy refuses {cfg}:\n{check.stdout}{check.stderr}")
            self._haproxy = self._spawn([haproxy, "-db", "-f", str(cfg)], "haproxy.log")
            self._record()
            wait_until(self._haproxy_ready, 30, f"HAProxy on port {self.port}")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop HAProxy, then every app process this object started (by id), and remove the record."""
        procs = ([self._haproxy] if self._haproxy else []) + self._apps
        stop_processes([_started(p, _name(p)) for p in procs if p.poll() is None])
        for p in procs:
            p.wait(timeout=STOP_DEADLINE_S)  # reap
        record = Record.load(self.run_dir)
        if record is not None and {p.pid for p in record.processes} <= {p.pid for p in procs}:
            (self.run_dir / RECORD).unlink(missing_ok=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- helpers ----------------------------------------------------------
    def _spawn(self, cmd: list[str], log_name: str) -> subprocess.Popen:
        with (self.run_dir / log_name).open("ab") as log:
            return subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def _start_app(self, index: int) -> None:
        port = free_port()
        self.app_ports.append(port)
        cmd = [
            sys.executable, "serve.py", "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true",
        ]  # fmt: skip
        self._apps.append(self._spawn(cmd, f"app{index + 1}.log"))
        self._record()

    def _wait_app(self, index: int, proc: subprocess.Popen) -> None:
        url = self.app_urls[index]

        def ready() -> bool:
            if proc.poll() is not None:
                log = (self.run_dir / f"app{index + 1}.log").read_text(errors="replace")[-3000:]
                raise ClusterError(f"app process {index + 1} exited with {proc.returncode}:\n{log}")
            return _healthy(url)

        wait_until(ready, START_DEADLINE_S, f"app process {index + 1} healthy at {url}")

    def _haproxy_ready(self) -> bool:
        assert self._haproxy is not None
        if self._haproxy.poll() is not None:
            log = (self.run_dir / "haproxy.log").read_text(errors="replace")[-3000:]
            raise ClusterError(f"HAProxy exited with {self._haproxy.returncode}:\n{log}")
        return _healthy(f"http://127.0.0.1:{self.port}")

    def _record(self) -> None:
        procs = ([self._haproxy] if self._haproxy else []) + self._apps
        Record(self.url, self.stats_url, [_started(p, _name(p)) for p in procs]).save(self.run_dir)


def _name(proc: subprocess.Popen) -> str:
    return Path(str(proc.args[0])).name if isinstance(proc.args, list) else str(proc.args)


def _started(proc: subprocess.Popen, name: str) -> Started:
    return Started(proc.pid, start_ticks(proc.pid) or -1, name)


def _which(program: str) -> str:
    for folder in ("/usr/sbin", "/usr/bin", *os.environ.get("PATH", "").split(os.pathsep)):
        path = Path(folder) / program
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    raise ClusterError(f"{program} is not installed: `./dev cluster` installs it (apt-get install {program})")


def _serve_until_signalled(cluster: Cluster) -> None:
    """Keep the parent alive until Ctrl-C / SIGTERM or HAProxy exits, then stop everything."""
    stop = False

    def on_signal(_sig: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stop and cluster._haproxy is not None and cluster._haproxy.poll() is None:
        time.sleep(0.5)
    print("stopping the cluster...", flush=True)
    cluster.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``start`` (``./dev cluster``) and ``stop`` (``./dev cluster-stop``); return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m web.cluster", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start N app processes behind HAProxy and print the URL to open")
    start.add_argument("--processes", type=int, default=None, help="app processes (default: one per core)")
    start.add_argument("--port", type=int, default=8501, help="HAProxy's port for browsers (default 8501)")
    start.add_argument("--host", default="0.0.0.0", help="HAProxy's listening address (default: all)")
    start.add_argument("--database", default=None, help=f"database URL for every process (else ${DATABASE_ENV})")
    start.add_argument("--run-dir", type=Path, default=RUN_DIR, help="configuration, logs and PIDs (.cluster/)")
    start.add_argument("--detach", action="store_true", help="return once it serves; stop with ./dev cluster-stop")
    start.add_argument("--files", action="store_true", help="share the data folder instead of starting PostgreSQL")
    stop = sub.add_parser("stop", help="stop every process the last start recorded, by PID")
    stop.add_argument("--run-dir", type=Path, default=RUN_DIR)
    args = parser.parse_args(argv)

    try:
        if args.command == "stop":
            stopped = stop_recorded(args.run_dir)
            print(f"stopped {len(stopped)} processes: {' '.join(map(str, stopped))}" if stopped else "nothing running")
            return 0
        if args.processes is not None and args.processes < 1:
            parser.error("--processes must be at least 1")
        database, server = database_url(args.database, os.environ), None
        if database is None and not args.files:
            print("starting PostgreSQL + PostGIS and loading data/ ...", flush=True)
            database, server = start_database(args.run_dir, ROOT / "data")
        cluster = Cluster(args.processes, args.port, args.run_dir, database=database, bind=args.host)
        print(f"starting {cluster.processes} app processes and HAProxy (logs in {args.run_dir})...", flush=True)
        try:
            cluster.start()
        except BaseException:
            if server is not None:
                stop_processes([server], first=signal.SIGINT)
            raise
        if server is not None:
            record = Record.load(args.run_dir)
            assert record is not None
            record.processes.append(server)
            record.save(args.run_dir)
    except ClusterError as exc:
        print(f"cluster: {exc}", file=sys.stderr)
        return 1
    storage = (
        f"PostgreSQL + PostGIS{' started here, PID ' + str(server.pid) if server else ''}"
        if DATABASE_ENV in cluster.env
        else f"files in {cluster.env.get('CQ_DASH_DATA_DIR', 'data/')}"
    )
    print(f"\n  Open {cluster.url}\n", flush=True)
    print(f"  {cluster.processes} processes: {', '.join(cluster.app_urls)} (storage: {storage})")
    print(f"  HAProxy stats (this machine only): {cluster.stats_url}")
    print(f"  PIDs in {args.run_dir / RECORD}; stop with ./dev cluster-stop", flush=True)
    if not args.detach:
        print("  (Ctrl-C stops it too)", flush=True)
        _serve_until_signalled(cluster)
        if server is not None:
            stop_processes([server], first=signal.SIGINT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
