"""``python -m bench.points --old REF``: this checkout's enterprise points against another revision's, side by side.

Issue 15 replaced the hand-written point layer (int32 point file, per-zoom grid
clustering in ``static/js/layers.js``) by GeoJSON clustered with supercluster,
on the condition that supercluster is not more than 1.5x slower at 100k
points. This measures that, in one run, on one machine:

- the other revision is exported with ``git archive REF`` into a temporary
  folder (nothing is checked out) and served from there with this venv;
- for each point count, one data copy with that many synthetic enterprises
  (:mod:`bench.data`) serves both apps (``CQ_DASH_DATA_DIR``);
- after one unmeasured view each, fresh browser contexts open the two apps in
  alternation (new, old, old, new, ...), at the benchmark's URL (every layer,
  the default view), and take:

  - **time to drawn**: as :mod:`bench.run` measures it (every area polygon and
    station drawn, every point in the point layer, clusters rendered);
  - **bytes** of the first view (everything, and the app's static files);
  - **redraw**: on the loaded page, a fixed tour of views (zoom in on 江津, pan,
    zoom in further, zoom out to the city, back), each set with
    ``map.setView(..., {animate: false})``. Leaflet fires ``moveend``
    synchronously there, so the time until ``setView`` returns covers the point
    layer's clustering and its markers (and Leaflet's own redraw of the areas,
    alike for both); ``frame_ms`` adds the next two animation frames (paint).

Ratios new/old are computed from the medians. Writes ``bench/points.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench import config
from bench.browser import IFRAME, first_view, launch, open_session, wait_drawn
from bench.data import DATA_ENV, write_data_dir
from bench.measure import expected_features
from bench.server import ROOT, streamlit_server

OUT = config.BENCH_DIR / "points.json"
DEFAULT_OLD = "b912cea"  # the last revision with the int32 point file and the grid clustering
KINDS = ("new", "old")
# (lat, lon, zoom): into 江津, a pan east, further in, out to the whole city, back to the metropolitan area
TOUR = ((29.29, 106.25, 10), (29.29, 106.60, 10), (29.45, 106.50, 12), (29.90, 107.75, 7), (29.55, 106.50, 9))
# Every frame: note (absolute ms) when the point layer marks its container loaded, whichever code does it.
MARK_LOADED_JS = """
(() => {
  const set = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (name === 'data-points-loaded' && window.__pointsLoadedAt === undefined) {
      window.__pointsLoadedAt = performance.timeOrigin + performance.now();
    }
    return set.call(this, name, value);
  };
})();
"""
# Runs in the map iframe: the point file's download and the time from its arrival to the layer drawn.
POINTS_TIMING_JS = """
() => {
  const file = performance.getEntriesByType('resource')
    .find((e) => /\\/generated\\/(points|enterprises)-[0-9a-f]{16}\\.(bin|geojson)$/.test(e.name));
  if (!file || window.__pointsLoadedAt === undefined) return null;
  return {file_ms: file.responseEnd - file.startTime, file_bytes: file.transferSize,
          ready_ms: window.__pointsLoadedAt - (performance.timeOrigin + file.responseEnd)};
}
"""
REDRAW_JS = """
async (tour) => {
  const iframe = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = iframe.contentWindow, map = w.map, out = [];
  const frames = () => new Promise((r) => w.requestAnimationFrame(() => w.requestAnimationFrame(r)));
  const layer = () => Object.values(map._layers).find((l) => l.cqPoints);
  for (const [lat, lon, zoom] of tour) {
    const t0 = w.performance.now();
    map.setView([lat, lon], zoom, {animate: false});
    const t1 = w.performance.now();
    await frames();
    out.push({zoom, sync_ms: t1 - t0, frame_ms: w.performance.now() - t0, rendered: layer().cqPoints.rendered});
  }
  return out;
}
"""


def export_revision(ref: str, folder: Path) -> Path:
    """Write the files of revision ``ref`` of this repository into ``folder`` (``git archive``); return it."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True)
    tar = folder / "rev.tar"
    tar.write_bytes(archive.stdout)
    with tarfile.open(tar) as t:
        t.extractall(folder, filter="data")
    tar.unlink()
    return folder


def _cold_view(browser: Any, url: str, expect: dict[str, int], n: int) -> None:
    """Open the app once until drawn (not settled: a cold page may merge two reruns), to fill its caches."""
    session = open_session(browser)
    try:
        session.page.goto(url, wait_until="commit", timeout=config.view_deadline_s(n) * 1000)
        wait_drawn(session.page, expect, config.view_deadline_s(n))
    finally:
        session.context.close()


def _view(browser: Any, url: str, expect: dict[str, int], n: int) -> dict:
    session = open_session(browser)
    try:
        session.context.add_init_script(MARK_LOADED_JS)
        view = first_view(session, url, expect, config.view_deadline_s(n), config.FIRST_VIEW_QUIET_S)
        sample = {"time_to_drawn_s": view.time_to_drawn_s, "bytes": view.bytes["total"]}
        sample["app_static_bytes"] = view.bytes["app_static"]
        timing = session.page.locator(IFRAME).element_handle().content_frame().evaluate(POINTS_TIMING_JS)
        sample |= {f"points_{key}": value for key, value in (timing or {}).items()}
        steps = session.page.evaluate(REDRAW_JS, [list(v) for v in TOUR])
        sample["redraw"] = steps
        sample["redraw_sync_ms"] = sum(s["sync_ms"] for s in steps)
        sample["redraw_frame_ms"] = sum(s["frame_ms"] for s in steps)
        return sample
    finally:
        session.context.close()


def _error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"


def _median(samples: list[dict], key: str) -> float | None:
    values = [s[key] for s in samples if key in s]
    return statistics.median(values) if values else None


def measure_points(browser: Any, n: int, old_root: Path, rounds: int) -> dict:
    """Both apps at ``n`` points: one cold view each, then ``rounds`` alternating measured views."""
    expect = expected_features(n)
    samples: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    errors: list[str] = []
    load_before = os.getloadavg()
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-points-")))
        env = {**config.SERVER_ENV, DATA_ENV: str(write_data_dir(scratch, n))}
        urls = {
            "new": stack.enter_context(streamlit_server(config.APP_SCRIPT, env)).url + config.APP_PATH,
            "old": stack.enter_context(streamlit_server(config.APP_SCRIPT, env, root=old_root)).url + config.APP_PATH,
        }
        for kind in KINDS:
            try:
                _cold_view(browser, urls[kind], expect, n)
            except Exception as exc:
                errors.append(f"{kind} cold view (not measured): {_error(exc)}")
        for i in range(rounds):
            for kind in KINDS if i % 2 == 0 else tuple(reversed(KINDS)):
                try:
                    samples[kind].append(_view(browser, urls[kind], expect, n))
                except Exception as exc:
                    errors.append(f"{kind} round {i}: {_error(exc)}")
    keys = ("time_to_drawn_s", "points_ready_ms", "redraw_sync_ms", "redraw_frame_ms", "bytes", "app_static_bytes")
    keys += ("points_file_ms", "points_file_bytes")
    medians = {kind: {key: _median(samples[kind], key) for key in keys} for kind in KINDS}
    ratios = {
        key: medians["new"][key] / medians["old"][key] if medians["new"][key] and medians["old"][key] else None
        for key in keys
    }
    return {
        "points": n,
        "medians": medians,
        "ratios_new_over_old": ratios,
        "samples": samples,
        "errors": errors,
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
    }


def _cell(value: float | None, width: int) -> str:
    return f"{value:>{width}.2f}" if value is not None else f"{'-':>{width}}"


def main(argv: list[str] | None = None) -> int:
    """Measure, print a table and write the results."""
    parser = argparse.ArgumentParser(prog="python -m bench.points", description=__doc__.splitlines()[0])
    parser.add_argument("--old", default=DEFAULT_OLD, help=f"the revision to compare with (default {DEFAULT_OLD})")
    parser.add_argument("--points", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=5, help="measured views per app and point count (default 5)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    old = subprocess.run(["git", "rev-parse", args.old], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-old-") as tmp, sync_playwright() as pw:
        old_root = export_revision(args.old, Path(tmp))
        browser = launch(pw)
        try:
            for n in args.points:
                print(f"[points] {n:,} points ...", flush=True)
                results.append(measure_points(browser, n, old_root, args.rounds))
        finally:
            browser.close()
    print(f"{'points':>8} {'':<8}{'drawn (s)':>10}{'points (ms)':>12}{'redraw (ms)':>12}{'+frames (ms)':>13}{'kB':>8}")
    for r in results:
        for kind in (*KINDS, "new/old"):
            m = r["ratios_new_over_old"] if kind == "new/old" else r["medians"][kind]
            cells = [m["time_to_drawn_s"], m["points_ready_ms"], m["redraw_sync_ms"], m["redraw_frame_ms"], m["bytes"]]
            if kind != "new/old" and cells[4] is not None:
                cells[4] /= 1000
            text = "".join(_cell(c, w) for c, w in zip(cells, (10, 12, 12, 13, 8), strict=True))
            print(f"{r['points']:>8,} {kind:<8}{text}")
        for error in r["errors"]:
            print(f"  error: {error}")
    out = {
        "command": " ".join(["python -m bench.points", *(argv if argv is not None else sys.argv[1:])]),
        "new": head,
        "old": old,
        "rounds": args.rounds,
        "cpu_count": os.cpu_count(),
        "elapsed_s": time.monotonic() - started,
        "tour": TOUR,
        "results": results,
    }
    args.out.write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 1 if any(not r["samples"][k] for r in results for k in KINDS) else 0


if __name__ == "__main__":
    raise SystemExit(main())
