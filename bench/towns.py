"""``python -m bench.towns``: what the township layer costs, at its default visibility and once shown.

The township cells are on by default but drawn (and fetched) only from zoom
11. This opens the app, in alternation, with and without the ``towns`` layer:

- at its **default view** (the metropolitan area, zoom 9): the layer must cost
  nothing there;
- **zoomed in** on the 江津 section (zoom 12), where every cell of the
  districts in view is drawn and named.

For each it reports the median time to drawn (every expected polygon on the
map; cells count) and the bytes of the first view, measured as
:mod:`bench.run` measures them (fresh context, outside traffic blocked, CDP
byte counts, settled page), and the size of the cells' TopoJSON file as sent.
Writes ``bench/towns.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

from bench import config
from bench.browser import first_view, launch, open_session
from bench.server import ROOT, streamlit_server

ZOOMED = "&center=29.35000,106.27000&zoom=12"
WITH = ",".join(config.APP_LAYERS[:-1])  # every layer but the synthetic enterprise points
WITHOUT = ",".join(layer for layer in config.APP_LAYERS[:-1] if layer != "towns")
OUT = config.BENCH_DIR / "towns.json"


def _expected(with_towns: bool, zoomed: bool) -> dict[str, int]:
    from geo.areas import areas_from_catalog
    from geo.catalog import load_catalog
    from geo.stations import stations_from_catalog

    catalog = load_catalog()
    areas = areas_from_catalog(catalog)
    drawn = config.DRAWN_AT_FIRST_VIEW + (("towns",) if with_towns and zoomed else ())
    polygons = int((areas["layer"].isin(drawn) & (areas.geom_type != "Point")).sum())
    return {"polygons": polygons, "circles": int(stations_from_catalog(catalog)["mapped"].sum()), "points": 0}


def measure(contexts: int) -> dict[str, Any]:
    """Return the samples and medians of every case."""
    from playwright.sync_api import sync_playwright

    cases = {
        f"{where}, {'with' if with_towns else 'without'} towns": (with_towns, where == "zoomed")
        for where in ("default view", "zoomed")
        for with_towns in (False, True)
    }
    samples: dict[str, list[dict]] = {name: [] for name in cases}
    with streamlit_server(config.APP_SCRIPT, config.SERVER_ENV) as server, sync_playwright() as pw:
        browser = launch(pw)
        for round_ in range(contexts + 1):  # round 0 warms the server's caches and is not kept
            for name, (with_towns, zoomed) in cases.items():
                url = f"{server.url}/?layers={WITH if with_towns else WITHOUT}{ZOOMED if zoomed else ''}"
                session = open_session(browser)
                try:
                    view = first_view(session, url, _expected(with_towns, zoomed), 120.0, config.FIRST_VIEW_QUIET_S)
                    towns_file = sum(size for url_, size in session.rec.largest(50) if "/generated/towns-" in url_)
                finally:
                    session.context.close()
                if round_:
                    sample = {"time_to_drawn_s": view.time_to_drawn_s, "bytes": view.bytes["total"]}
                    samples[name].append({**sample, "towns_file": towns_file})
        browser.close()
    medians = {
        name: {key: statistics.median(s[key] for s in rows) for key in ("time_to_drawn_s", "bytes", "towns_file")}
        for name, rows in samples.items()
    }
    return {"contexts": contexts, "medians": medians, "samples": samples}


def main(argv: list[str] | None = None) -> int:
    """Measure, print a table and write ``bench/towns.json``."""
    parser = argparse.ArgumentParser(prog="python -m bench.towns", description=__doc__.splitlines()[0])
    parser.add_argument("--contexts", type=int, default=5, help="fresh first views per case (default 5)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    result = measure(args.contexts)
    print(f"{'case':<34}{'drawn (s)':>10}{'bytes (kB)':>12}{'cells file (kB)':>17}")
    for name, m in result["medians"].items():
        print(f"{name:<34}{m['time_to_drawn_s']:>10.2f}{m['bytes'] / 1000:>12.1f}{m['towns_file'] / 1000:>17.1f}")
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
