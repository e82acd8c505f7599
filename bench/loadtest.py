"""``python -m bench.loadtest`` (``./dev loadtest``): how many clicking sessions the server holds, without browsers.

Locust users (``bench/locustfile.py``) speak Streamlit's WebSocket protocol
(``bench/stproto.py``): each opens the map, then clicks 江津区 and 合川区
alternately, thinking 1–3 s (seeded) between clicks. A click's time is the
rerun request → ``script_finished``; a click fails on a timeout, a failed run,
an exception or a panel that is not the clicked district's.

For 1 and then 2 app processes behind Debian's HAProxy (``web.cluster.Cluster``,
cookie stickiness, WebSocket tunnels), it runs 20, 50 and 100 sessions, then
steps up (150, 200) while the p95 stays ≤ 1 s with zero errors. Per level:
p50/p95 of the clicks made once every session is open, errors, the server's
resident memory (process tree) and RSS per session, the server's CPU, the load
generator's CPU (it shares this machine) and the load average.

The answer: **sessions per core** = the most sessions at p95 ≤ 1 s with zero
errors on all the machine's cores (2 processes), divided by the cores; and the
**scaling** 1 → 2 processes at each level. Writes ``bench/loadtest.json`` and
``bench/loadtest.png``. ``--quick`` (CI): 5 sessions for 20 s on one process,
``bench/loadtest-quick.json``, exit status 1 on any error or without clicks.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import config
from bench.load import percentile
from bench.server import tree_rss_bytes

OUT = config.BENCH_DIR / "loadtest.json"
PLOT = config.BENCH_DIR / "loadtest.png"
P95_LIMIT_S = 1.0
LEVELS = (20, 50, 100)
STEP_LEVELS = (150, 200)
SPAWN_RATE = 2.0  # sessions opened per second (a first run costs the server far more than a click)
SETTLE_S = 5.0  # after the last session opened, before the measured window
SPAWN_DEADLINE_S = 120.0  # beyond sessions / spawn rate


@dataclass
class Level:
    """One step: ``sessions`` users for ``duration_s`` against ``processes`` app processes."""

    processes: int
    sessions: int
    duration_s: float
    clicks: int = 0
    click_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    opens: int = 0
    open_ms: list[float] = field(default_factory=list)
    rss_mb_start: float = 0.0
    rss_mb_peak: float = 0.0
    server_cores: float = 0.0
    cores_per_process: list[float] = field(default_factory=list)  # how evenly the balancer spread the sessions
    loadgen_cores: float = 0.0
    machine_cores: float = 0.0
    loadavg: tuple[float, float, float] = (0.0, 0.0, 0.0)
    measuring: bool = False  # clicks count only in the window after every session opened

    def record(self, name: str, response_time: float, exception: BaseException | None, **_: Any) -> None:
        """Take one Locust request event (``open`` or ``click``); errors count at any time."""
        if exception is not None:
            self.errors.append(f"{name}: {type(exception).__name__}: {str(exception)[:200]}")
        if name == "open":
            self.opens += 1
            if exception is None:
                self.open_ms.append(response_time)
        elif name == "click" and self.measuring:
            self.clicks += 1
            if exception is None:
                self.click_ms.append(response_time)

    def summary(self) -> dict[str, Any]:
        """Return the level's numbers (latencies in seconds)."""
        p50, p95 = percentile(self.click_ms, 0.5), percentile(self.click_ms, 0.95)
        grown = max(0.0, self.rss_mb_peak - self.rss_mb_start)
        return {
            "processes": self.processes,
            "sessions": self.sessions,
            "duration_s": self.duration_s,
            "clicks": self.clicks,
            "clicks_per_s": self.clicks / self.duration_s if self.duration_s else None,
            "p50_s": None if p50 is None else p50 / 1000.0,
            "p95_s": None if p95 is None else p95 / 1000.0,
            "max_s": max(self.click_ms) / 1000.0 if self.click_ms else None,
            "opens": self.opens,
            "open_p50_s": None if not self.open_ms else (percentile(self.open_ms, 0.5) or 0.0) / 1000.0,
            "errors": len(self.errors),
            "error_kinds": dict(Counter(e.split(":", 2)[0] + ":" + e.split(":", 2)[1] for e in self.errors)),
            "error_samples": self.errors[:10],
            "rss_mb_start": round(self.rss_mb_start, 1),
            "rss_mb_peak": round(self.rss_mb_peak, 1),
            "rss_mb_per_session": round(grown / self.sessions, 2) if self.sessions else None,
            "server_cores": round(self.server_cores, 3),
            # machine-independent cost: server CPU per measured click (opens are over before the window)
            "server_cpu_ms_per_click": round(self.server_cores * self.duration_s / self.clicks * 1000, 1)
            if self.clicks
            else None,
            "server_cores_per_process": [round(c, 3) for c in self.cores_per_process],
            "loadgen_cores": round(self.loadgen_cores, 3),
            "machine_cores": round(self.machine_cores, 3),
            "loadavg": [round(x, 2) for x in self.loadavg],
        }


def passes(summary: dict[str, Any], limit_s: float = P95_LIMIT_S) -> bool:
    """Whether a level held: clicks made, zero errors, p95 ≤ ``limit_s``."""
    return (
        summary["clicks"] > 0
        and summary["errors"] == 0
        and summary["p95_s"] is not None
        and (summary["p95_s"] <= limit_s)
    )


def capacity(levels: list[dict[str, Any]], limit_s: float = P95_LIMIT_S) -> dict[str, Any]:
    """Return the most sessions that passed (``held``) and the fewest that failed above it (``failed_at``).

    Levels are taken in the order run; a level that fails stops the count, so a
    lucky higher level after a failure does not raise the capacity.
    """
    held, failed_at = 0, None
    for level in sorted(levels, key=lambda s: s["sessions"]):
        if passes(level, limit_s):
            held = level["sessions"]
        else:
            failed_at = level["sessions"]
            break
    return {"held": held, "failed_at": failed_at, "limit_s": limit_s}


def next_probe(levels: list[dict[str, Any]], resolution: int = 5, limit_s: float = P95_LIMIT_S) -> int | None:
    """Return the session count halfway between the last level that held and the first that failed, or None.

    Rounded down to ``resolution``; None when nothing failed, or the gap is already that narrow.
    """
    bracket = capacity(levels, limit_s)
    held, failed = bracket["held"], bracket["failed_at"]
    if failed is None:
        return None
    probe = (held + failed) // 2 // resolution * resolution
    tried = {s["sessions"] for s in levels}
    return probe if probe > held and probe < failed and probe not in tried else None


def scaling(one: list[dict[str, Any]], two: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return, per session count run on both, the p95 of 1 process over that of 2 (above 1: 2 are faster)."""
    by_n = {s["sessions"]: s for s in two}
    out = []
    for s in one:
        other = by_n.get(s["sessions"])
        if other and s["p95_s"] and other["p95_s"]:
            out.append(
                {
                    "sessions": s["sessions"],
                    "p95_1_s": s["p95_s"],
                    "p95_2_s": other["p95_s"],
                    "p95_ratio_1_over_2": round(s["p95_s"] / other["p95_s"], 3),
                    "server_cores_1": s["server_cores"],
                    "server_cores_2": other["server_cores"],
                }
            )
    return out


def _cpu_s(pids: tuple[int, ...]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            continue
        for proc in procs:
            try:
                t = proc.cpu_times()
            except psutil.Error:
                continue
            total += t.user + t.system
    return total


def _machine_busy_s() -> float:
    import psutil

    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0) - getattr(t, "steal", 0.0)


def _own_cpu_s() -> float:
    t = os.times()
    return t.user + t.system


class Series:
    """One Locust runner against one deployment; its users stay open from one level to the next."""

    def __init__(self, url: str, pids: tuple[int, ...], processes: int, args: argparse.Namespace) -> None:
        from locust.env import Environment

        from bench.locustfile import DashboardUser

        users = type(
            "Users",
            (DashboardUser,),
            {"abstract": False, "host": url, "seed": args.seed, "think": tuple(args.think), "_ids": itertools.count()},
        )
        self.pids, self.processes, self.args = pids, processes, args
        self.opens = 0  # open attempts so far (every user makes one when it starts)
        self.current: Level | None = None
        self.env = Environment(user_classes=[users])
        self.env.events.request.add_listener(self._record)
        self.runner = self.env.create_local_runner()
        self.rss_mb_idle = self.rss_mb()

    def _record(self, name: str, response_time: float, exception: BaseException | None, **kw: Any) -> None:
        if name == "open":
            self.opens += 1
        if self.current is not None:
            self.current.record(name, response_time, exception, **kw)

    def rss_mb(self) -> float:
        """Return the app processes' resident memory (process trees), in MB."""
        return sum(tree_rss_bytes(p) for p in self.pids) / 1e6

    def run_level(self, sessions: int) -> Level:
        """Grow to ``sessions`` users (each opens the map), then measure ``duration`` seconds of clicking."""
        import gevent

        args = self.args
        level = self.current = Level(self.processes, sessions, args.duration)
        level.rss_mb_start = self.rss_mb_idle  # per session: growth over the server without sessions
        if sessions < self.runner.user_count:  # a probe below an overloaded level starts from fresh, idle sessions
            self.runner.stop()
            self.wait_quiet()
            self.opens = 0
        self.runner.start(sessions, spawn_rate=args.spawn_rate)
        end = time.monotonic() + SPAWN_DEADLINE_S + sessions / args.spawn_rate
        while self.opens < sessions and time.monotonic() < end:  # wait until every session has run once
            gevent.sleep(0.2)
        gevent.sleep(SETTLE_S)
        rss: list[float] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                rss.append(self.rss_mb())
                stop.wait(0.5)

        sampler = gevent.spawn(sample)
        each0 = [_cpu_s((pid,)) for pid in self.pids]
        own0, busy0, t0 = _own_cpu_s(), _machine_busy_s(), time.monotonic()
        level.measuring = True
        gevent.sleep(args.duration)
        level.measuring = False
        wall = time.monotonic() - t0
        level.cores_per_process = [(_cpu_s((pid,)) - c) / wall for pid, c in zip(self.pids, each0, strict=True)]
        level.server_cores = sum(level.cores_per_process)
        level.loadgen_cores = (_own_cpu_s() - own0) / wall
        level.machine_cores = (_machine_busy_s() - busy0) / wall
        level.loadavg = os.getloadavg()
        stop.set()
        sampler.join()
        level.rss_mb_peak = max(rss, default=level.rss_mb_start)
        if self.runner.user_count < sessions:
            level.errors.append(f"only {self.runner.user_count} of {sessions} sessions were running")
        self.current = None
        return level

    def wait_quiet(self, cores: float = 0.1, deadline_s: float = 120.0) -> None:
        """Wait until the app processes use less than ``cores`` over one second (queued reruns drained)."""
        import gevent

        end = time.monotonic() + deadline_s
        before = _cpu_s(self.pids)
        while time.monotonic() < end:
            gevent.sleep(1.0)
            now = _cpu_s(self.pids)
            if now - before < cores:
                return
            before = now

    def quit(self) -> None:
        """Stop every user (their WebSockets close)."""
        self.runner.quit()


def warm_up(url: str) -> None:
    """Open one session and click each target once (not measured): the first run of a process loads its data."""
    from bench.stproto import QUERY, StreamlitSession, check_click, click_state, page_cookie

    session = StreamlitSession(url, QUERY, page_cookie(f"{url}/?{QUERY}", 120.0), timeout_s=120.0)
    session.connect()
    try:
        session.rerun(deadline_s=120.0)
        for target in config.CLICK_TARGETS:
            check_click(session.rerun([click_state(session, target)], deadline_s=60.0), target["name"])
    finally:
        session.close()


@contextmanager
def deployment(
    processes: int, balancer: bool, url: str | None = None, pids: tuple[int, ...] = ()
) -> Iterator[tuple[str, tuple[int, ...]]]:
    """Yield the URL and app process ids of ``processes`` app processes (behind HAProxy when ``balancer``).

    With ``url``, yield it and ``pids`` unchanged: a server someone else started.
    """
    if url:
        yield url, pids
        return
    env = {**config.SERVER_ENV}
    if balancer:
        import tempfile

        from web.cluster import Cluster

        with (
            tempfile.TemporaryDirectory(prefix="cq-loadtest-") as run_dir,
            Cluster(processes, port=0, run_dir=Path(run_dir), env=env, bind="127.0.0.1") as cluster,
        ):
            yield cluster.url, tuple(cluster.app_pids)
    else:
        from bench.server import streamlit_server

        with streamlit_server(config.APP_SCRIPT, env) as server:
            yield server.url, (server.pid,)


def run_series(processes: int, levels: tuple[int, ...], args: argparse.Namespace, balancer: bool) -> list[dict]:
    """Run ``levels``, then the step levels while every level so far held; print each level."""
    out: list[dict] = []
    with deployment(processes, balancer, args.url, tuple(args.server_pid)) as (url, pids):
        for _ in range(processes):  # every process loads its data and caches before the first level
            warm_up(url)
        series = Series(url, pids, processes, args)
        try:
            for sessions in sorted({*levels, *(() if args.quick else args.step)}):
                if sessions not in levels and not all(passes(s) for s in out):
                    break
                summary = series.run_level(sessions).summary()
                out.append(summary)
                print(format_level(summary), flush=True)
                for error in summary["error_samples"][:3]:
                    print(f"    error: {error}", flush=True)
            for _ in range(0 if args.quick else args.refine):  # narrow the bracket of p95 <= 1 s
                probe = next_probe(out)
                if probe is None:
                    break
                summary = series.run_level(probe).summary()
                out.append(summary)
                print(format_level(summary), flush=True)
        finally:
            series.quit()
    return sorted(out, key=lambda s: s["sessions"])


def format_level(s: dict[str, Any]) -> str:
    """Return one printed line of a level."""

    def f(v: float | None, digits: int = 3) -> str:
        return "—" if v is None else f"{v:.{digits}f}"

    return (
        f"{s['processes']} proc {s['sessions']:>4} sessions: {s['clicks']:>5} clicks, p50 {f(s['p50_s'])} s, "
        f"p95 {f(s['p95_s'])} s, errors {s['errors']}, RSS {f(s['rss_mb_peak'], 0)} MB "
        f"({f(s['rss_mb_per_session'], 2)} MB/session), server {f(s['server_cores'], 2)} cores "
        f"({f(s['server_cpu_ms_per_click'], 0)} ms CPU/click), "
        f"load generator {f(s['loadgen_cores'], 2)}, load avg {s['loadavg'][0]}"
    )


def plot(report: dict[str, Any], path: Path) -> None:
    """Draw p50/p95 and memory against sessions for 1 and 2 processes into a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (lat, mem) = plt.subplots(1, 2, figsize=(11, 4.5))
    for key, style, color in (("one_process", "o", "tab:blue"), ("two_processes", "s", "tab:orange")):
        series = report.get(key) or []
        if not series:
            continue
        ns = [s["sessions"] for s in series]
        label = "1 process" if key == "one_process" else "2 processes"
        lat.plot(ns, [s["p95_s"] for s in series], style + "-", color=color, label=f"p95, {label}")
        lat.plot(ns, [s["p50_s"] for s in series], style + "--", color=color, alpha=0.6, label=f"p50, {label}")
        mem.plot(ns, [s["rss_mb_peak"] for s in series], style + "-", color=color, label=label)
    lat.axhline(P95_LIMIT_S, color="grey", linestyle=":", label="p95 limit 1 s")
    lat.set(xlabel="sessions", ylabel="click → script_finished (s)", title="Rerun time under load")
    mem.set(xlabel="sessions", ylabel="server RSS peak (MB, process tree)", title="Server memory")
    for ax in (lat, mem):
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=list(LEVELS), help="sessions to run (20 50 100)")
    parser.add_argument("--step", type=int, nargs="*", default=list(STEP_LEVELS), help="then, while p95 ≤ 1 s")
    parser.add_argument("--refine", type=int, default=2, help="then halve the bracket this many times (2)")
    parser.add_argument("--duration", type=float, help="measured seconds per level (default 40; --quick: 20)")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--spawn-rate", type=float, default=SPAWN_RATE, help="sessions opened per second")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="app processes behind HAProxy")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--url", help="load a server already running there instead of starting one (one series)")
    parser.add_argument("--server-pid", type=int, nargs="*", default=[], help="with --url: its process ids")
    parser.add_argument("--replot", type=Path, help="only draw the PNG of a written report (next to it)")
    parser.add_argument("--quick", action="store_true", help="CI: 5 sessions for 20 s, one process, no HAProxy")
    return parser.parse_args(argv)


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=config.BENCH_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise SystemExit(143)


def main(argv: list[str] | None = None) -> int:
    """Run the series, print and save the report; exit 1 on any error or when no click was measured."""
    import locust  # noqa: F401  (gevent patches the standard library before any socket is made)

    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # stop the servers this run started (context managers)

    args = parse_args(argv)
    if args.replot:
        plot(json.loads(args.replot.read_text(encoding="utf-8")), args.replot.with_suffix(".png"))
        return 0
    if args.quick:
        args.levels, args.step, args.processes = [5], [], [1]
        args.duration = args.duration or 20.0
        if args.out == OUT:
            args.out = OUT.with_name("loadtest-quick.json")
    args.duration = args.duration or 40.0
    cores = os.cpu_count() or 1
    report: dict[str, Any] = {
        "setup": {
            "levels": args.levels,
            "step": args.step,
            "refine": args.refine,
            "duration_s": args.duration,
            "think_s": list(args.think),
            "seed": args.seed,
            "spawn_rate": args.spawn_rate,
            "processes": args.processes,
            "balancer": not args.quick,
            "cores": cores,
            "commit": _commit(),
            "loadavg_before": [round(x, 2) for x in os.getloadavg()],
        }
    }
    keys = {1: "one_process", 2: "two_processes"}
    for processes in args.processes:
        report[keys.get(processes, f"{processes}_processes")] = run_series(
            processes, tuple(args.levels), args, balancer=not args.quick
        )
    one, two = report.get("one_process", []), report.get("two_processes", [])
    report["capacity_one_process"] = capacity(one)
    if two:
        held = capacity(two)
        report["capacity_two_processes"] = held
        report["sessions_per_core"] = held["held"] / cores
        report["scaling"] = scaling(one, two)
    levels = [s for k in keys.values() for s in report.get(k, [])]
    report["errors"] = sum(s["errors"] for s in levels)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    if not args.quick:
        plot(report, args.out.with_suffix(".png"))
        print(f"wrote {args.out.with_suffix('.png')}")
    if "sessions_per_core" in report:
        c = report["capacity_two_processes"]
        print(f"sessions per core at p95 ≤ {P95_LIMIT_S:g} s: {report['sessions_per_core']:g} "
              f"({c['held']} sessions on {cores} cores; failed at {c['failed_at']})")  # fmt: skip
    return 1 if report["errors"] or not any(s["clicks"] for s in levels) else 0


if __name__ == "__main__":
    sys.exit(main())
