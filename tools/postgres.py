"""A throwaway PostgreSQL 15 + PostGIS server in a folder, for tests and for one machine's cluster.

``python -m tools.postgres start DIR`` initialises a cluster in ``DIR/pgdata``
(as the ``postgres`` user when run as root: PostgreSQL refuses to run as root),
starts it on a free port of 127.0.0.1 with its socket in ``DIR``, creates the
database ``cq_dash`` with the PostGIS extension, waits until it accepts
connections and prints the URL. ``python -m tools.postgres stop DIR`` stops it
by the PID in ``postmaster.pid``. Debian's packages: ``postgresql-15-postgis-3``.
``DIR``'s parent folders must be readable by ``postgres`` (e.g. under /tmp).
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from web.cluster import free_port

BIN = Path(os.environ.get("CQ_DASH_PG_BIN", "/usr/lib/postgresql/15/bin"))
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
DATABASE = "cq_dash"
USER = "postgres"


class PostgresError(RuntimeError):
    """The server could not be set up, started or stopped."""


@dataclass(frozen=True)
class Server:
    """A running throwaway server."""

    folder: Path
    port: int
    pid: int
    url: str


def available() -> bool:
    """Return True when the PostgreSQL 15 binaries and PostGIS are installed."""
    return (BIN / "initdb").is_file() and (BIN / "pg_ctl").is_file() and POSTGIS_CONTROL.is_file()


def _as_postgres(args: list[str]) -> list[str]:
    """Prefix a command with ``runuser -u postgres --`` when we are root."""
    return ["runuser", "-u", USER, "--", *args] if os.geteuid() == 0 else args


def _run(args: list[str]) -> None:
    done = subprocess.run(_as_postgres(args), capture_output=True, text=True, check=False)
    if done.returncode:
        raise PostgresError(f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip()[-800:]}")


def _wait_for(url: str, deadline: float) -> None:
    while True:
        try:
            psycopg.connect(url, connect_timeout=2).close()
            return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                raise PostgresError(f"the server did not accept connections in time: {exc}") from exc
            time.sleep(0.1)


def start(folder: Path, port: int | None = None, timeout_s: float = 60.0) -> Server:
    """Initialise (first time) and start a server in ``folder``; create ``cq_dash`` with PostGIS; return it."""
    if not available():
        raise PostgresError(f"PostgreSQL 15 / PostGIS not installed ({BIN}): apt-get install postgresql-15-postgis-3")
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "pgdata"
    if os.geteuid() == 0:
        ids = pwd.getpwnam(USER)
        os.chown(folder, ids.pw_uid, ids.pw_gid)
    if not (data / "PG_VERSION").is_file():
        _run([str(BIN / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale"])
    port = port or free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run([str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "start"])
    deadline = time.monotonic() + timeout_s
    _wait_for(f"postgresql://{USER}@127.0.0.1:{port}/postgres", deadline)
    with psycopg.connect(f"postgresql://{USER}@127.0.0.1:{port}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE}")
    url = f"postgresql://{USER}@127.0.0.1:{port}/{DATABASE}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    return Server(folder, port, pid(folder), url)


def pid(folder: Path) -> int:
    """Return the server's PID from ``postmaster.pid`` (0 when it is not running)."""
    path = folder / "pgdata" / "postmaster.pid"
    return int(path.read_text().split()[0]) if path.is_file() else 0


def stop(folder: Path, timeout_s: float = 30.0) -> None:
    """Stop the server of ``folder`` by its PID (fast shutdown) and wait until it is gone."""
    server = pid(folder)
    if not server:
        return
    try:
        os.kill(server, signal.SIGINT)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout_s
    while Path(f"/proc/{server}").exists():
        if time.monotonic() > deadline:
            raise PostgresError(f"PostgreSQL (PID {server}) did not stop in {timeout_s:.0f}s")
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    """``start DIR [--port N]`` prints the URL; ``stop DIR``; ``remove DIR`` stops and deletes."""
    parser = argparse.ArgumentParser(prog="python -m tools.postgres", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("start", "stop", "remove"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int)
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            print(start(args.folder.resolve(), args.port).url)
        else:
            stop(args.folder.resolve())
            if args.command == "remove":
                shutil.rmtree(args.folder, ignore_errors=True)
    except PostgresError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
