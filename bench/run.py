"""``python -m bench.run [--quick]``: benchmark the dashboard against the plain baseline, side by side.

Writes ``bench/results.json`` and ``bench/scaling.png`` (``--quick``:
``results-quick.json`` and ``scaling-quick.png``) and prints a table.
Exit status: 0 when every measurement has samples (whatever the targets say;
``--strict`` also fails on a missed target), 1 when one has none.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import config, report
from bench.data import DATA_ENV
from bench.server import ROOT, streamlit_server
from bench.vendor import OMITTED_ASSETS, VENDOR_DIR, setup_vendor

PACKAGES = ("streamlit", "streamlit-folium", "folium", "branca", "geopandas", "shapely", "numpy", "playwright")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI mode: 1k points, 2 contexts, 5 clicks")
    parser.add_argument("--points", type=int, nargs="+", help="override the point counts, e.g. --points 1000 10000")
    parser.add_argument("--contexts", type=int, help="override the measured first views per app and point count")
    parser.add_argument("--clicks", type=int, help="override the clicks per app and point count")
    parser.add_argument("--out", type=Path, help="results JSON path (the plot goes next to it)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--report-only", type=Path, metavar="RESULTS", help="measure nothing: re-summarize, re-plot and print a file"
    )
    return parser.parse_args(argv)


def _git(*args: str) -> str:
    """Return the output of a read-only git command, or '' when git is unavailable."""
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=20, check=False)
    except OSError:
        return ""
    return done.stdout.strip()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def machine_info() -> dict[str, Any]:
    """Return where and with what the benchmark ran."""
    import psutil

    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "started_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "loadavg_start": os.getloadavg(),
        "versions": versions,
        "git_head": _git("rev-parse", "HEAD"),
        "git_modified_files": len(_git("diff-index", "--name-only", "HEAD", "--").splitlines()),
        "points_generator": "bench.data.write_data_dir (bench.data.synthetic_points, imported with geo.ingest)",
    }


def _app_has_points() -> bool:
    """Return True when the app knows the ``enterprises`` layer (where the imported points are drawn)."""
    try:
        from geo.layers import LAYER_IDS
    except ImportError:
        return False
    return "enterprises" in LAYER_IDS


def measure(mode: config.Mode, info: dict[str, Any]) -> list[dict]:
    """Run every point count of the mode; return the raw scenarios."""
    from playwright.sync_api import sync_playwright

    from bench.browser import launch
    from bench.measure import PointsRun

    has_points = _app_has_points()
    info["app_has_enterprises_layer"] = has_points
    scenarios = []
    with sync_playwright() as pw:
        browser = launch(pw)
        info["chromium"] = browser.version
        try:
            with streamlit_server(config.EMPTY_SCRIPT, {}) as empty:
                for n in mode.points:
                    started = time.monotonic()
                    print(f"[bench] {n:,} points ...", flush=True)
                    scenario = PointsRun(browser, empty, n, mode, has_points).run()
                    scenario["elapsed_s"] = time.monotonic() - started
                    scenarios.append(scenario)
                    print(f"[bench] {n:,} points done in {scenario['elapsed_s']:.0f}s", flush=True)
        finally:
            browser.close()
    return scenarios


def _missing_measurements(scenarios: list[dict]) -> list[str]:
    """Return the measurements with no sample at all (single failed samples are only recorded)."""
    missing = []
    for s in scenarios:
        for kind in config.KINDS:
            missing += [f"{s['points']} {kind} {part}" for part in ("views", "clicks") if not s[kind][part]]
        if not s["floor"]["clicks"]:
            missing.append(f"{s['points']} floor clicks")
    return missing


def plot_path(results: Path) -> Path:
    """Return where the plot of a results file goes (``results*.json`` -> ``scaling*.png``)."""
    return results.with_name(results.name.replace("results", "scaling").replace(".json", ".png"))


def report_only(path: Path) -> int:
    """Recompute summary and targets from a results file's raw samples, rewrite it, re-plot, print the table."""
    results = json.loads(path.read_text(encoding="utf-8"))
    summaries = [report.summarize_points(s) for s in results["raw"]]
    targets = report.evaluate_targets(summaries)
    results.update(summary=summaries, targets=targets)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    report.plot_scaling(summaries, plot_path(path))
    print(report.format_table(summaries, targets))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its outputs; return the exit status."""
    args = parse_args(argv)
    if args.report_only:
        return report_only(args.report_only)
    base = config.QUICK if args.quick else config.FULL
    mode = base.with_overrides(tuple(args.points) if args.points else None, args.contexts, args.clicks)
    out = args.out or config.BENCH_DIR / ("results-quick.json" if args.quick else "results.json")
    plot = plot_path(out)
    started = time.monotonic()
    setup_vendor()
    info = machine_info()
    scenarios = measure(mode, info)
    info["loadavg_end"] = os.getloadavg()
    info["elapsed_s"] = time.monotonic() - started
    summaries = [report.summarize_points(s) for s in scenarios]
    targets = report.evaluate_targets(summaries)
    results = {
        "mode": {**mode.__dict__, "command": " ".join([Path(sys.executable).name, "-m", "bench.run", *sys.argv[1:]])},
        "machine": info,
        "setup": {
            "app": f"{config.APP_SCRIPT} at {config.APP_PATH}",
            "baseline": config.BASELINE_SCRIPT,
            "baseline_assets": str(VENDOR_DIR.relative_to(ROOT)),
            "baseline_assets_omitted": sorted(OMITTED_ASSETS),
            "click_targets": config.CLICK_TARGETS,
            "server_env": {**config.SERVER_ENV, DATA_ENV: "<a copy of data/ with <points> synthetic enterprises>"},
        },
        "summary": summaries,
        "targets": targets,
        "raw": scenarios,
    }
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    report.plot_scaling(summaries, plot)
    print(report.format_table(summaries, targets))
    print(f"\nwrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} and {plot.name}; "
          f"took {info['elapsed_s']:.0f}s")  # fmt: skip
    missing = _missing_measurements(scenarios)
    if missing:
        print(f"no samples for: {', '.join(missing)} (see 'errors' in the results file)", file=sys.stderr)
        return 1
    if args.strict and any(t["status"] == "fail" for t in targets):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
