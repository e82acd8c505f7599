"""Turn raw samples into medians, ratios and target verdicts; print the table; draw the scaling plot."""

from __future__ import annotations

import statistics
from pathlib import Path

from bench import config

MB = 1e6
FRONTEND_KEYS = ("streamlit_frontend", "component_frontend")


def stats(values: list[float]) -> dict | None:
    """Return median, min, max and count of the values (None when there are none)."""
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def _median(summary: dict | None) -> float | None:
    return summary["median"] if summary else None


def ratio(a: float | None, b: float | None) -> float | None:
    """Return ``a / b``, or None when either is missing or ``b`` is zero."""
    if a is None or not b:
        return None
    return a / b


def summarize_kind(run: dict) -> dict:
    """Return the medians of one app at one point count."""
    views, clicks = run["views"], run["clicks"]
    own = [v["bytes"]["total"] - sum(v["bytes"][k] for k in FRONTEND_KEYS) for v in views]
    return {
        "time_to_drawn_s": stats([v["time_to_drawn_s"] for v in views]),
        "time_to_map_iframe_s": stats([v["drawn"]["iframe_ms"] / 1000 for v in views if v["drawn"].get("iframe_ms")]),
        "time_to_first_polygon_s": stats(
            [v["drawn"]["first_polygon_ms"] / 1000 for v in views if v["drawn"].get("first_polygon_ms")]
        ),
        "bytes_total": stats([v["bytes"]["total"] for v in views]),
        "bytes_websocket": stats([v["bytes"]["websocket"] for v in views]),
        "bytes_excluding_frontends": stats(own),
        "reruns_on_first_view": stats([v["reruns"] for v in views]),
        "rerun_s": stats([c["rerun_s"] for c in clicks]),
        "click_settled_s": stats([c["settled_s"] for c in clicks]),
        "click_bytes": stats([c["bytes_received"] for c in clicks]),
        "reruns_per_click": stats([c["reruns"] for c in clicks]),
        "panel_ok": f"{sum(c['ok'] for c in clicks)}/{len(clicks)}",
        "rss_after_first_view_mb": run["rss_after_first_view"] / MB if run["rss_after_first_view"] else None,
        "rss_end_mb": run["rss_end"] / MB if run["rss_end"] else None,
        "cold_time_to_drawn_s": run["cold"]["time_to_drawn_s"] if run["cold"] else None,
        "errors": len(run["errors"]),
        "stopped": "; ".join(filter(None, [run["stopped"], *run.get("budget_notes", [])])),
    }


def beyond_floor(app_s: float | None, base_s: float | None, floor_s: float | None) -> float | None:
    """Return ``(app - floor) / (baseline - floor)``: the app's time beyond the empty page against the plain way's.

    None when a value is missing or the baseline is not slower than the floor.
    """
    if app_s is None or base_s is None or floor_s is None or base_s <= floor_s:
        return None
    return (app_s - floor_s) / (base_s - floor_s)


def beyond_floor_rounds(scenario: dict, key: str = "time_to_drawn_s") -> list[float]:
    """Return :func:`beyond_floor` of every round that has a floor, an app and a baseline view.

    Each round's floor view is taken right before that round's app and baseline
    views, so the three share the machine's load of that moment.
    """
    floor = scenario["floor"]
    floors = dict(zip(floor.get("views_round", []), floor.get("views_s", []), strict=False))

    def by_round(kind: str) -> dict[int, float]:
        return {v["round"]: _view_time(v, key) for v in scenario[kind]["views"] if v.get("round") is not None}

    app, base = by_round("app"), by_round("baseline")
    values = [beyond_floor(app[r], base[r], floors[r]) for r in sorted(floors) if r in app and r in base]
    return [v for v in values if v is not None]


def _view_time(view: dict, key: str) -> float | None:
    if key == "time_to_first_polygon_s":
        ms = view["drawn"].get("first_polygon_ms")
        return ms / 1000 if ms else None
    return view[key]


def summarize_points(scenario: dict) -> dict:
    """Return both apps' medians, the floor and the app/baseline ratios at one point count."""
    app, base = summarize_kind(scenario["app"]), summarize_kind(scenario["baseline"])
    floor = stats([c["rerun_s"] for c in scenario["floor"]["clicks"]])
    floor_view = stats(scenario["floor"].get("views_s", []))
    ratios = {
        key: ratio(_median(app[key]), _median(base[key]))
        for key in ("bytes_total", "bytes_excluding_frontends", "time_to_drawn_s", "rerun_s")
    }
    ratios["rss_after_first_view_mb"] = ratio(app["rss_after_first_view_mb"], base["rss_after_first_view_mb"])
    ratios["app_rerun_vs_floor"] = ratio(_median(app["rerun_s"]), _median(floor))
    ratios["baseline_rerun_vs_floor"] = ratio(_median(base["rerun_s"]), _median(floor))
    # The first-view floor as a share of the baseline: no Streamlit app can get its drawn ratio below this.
    ratios["floor_view_vs_baseline_drawn"] = ratio(_median(floor_view), _median(base["time_to_drawn_s"]))
    # The first view beyond the empty page, app against baseline: of the medians, and per round (same round's floor).
    ratios["beyond_floor"] = beyond_floor(
        _median(app["time_to_drawn_s"]), _median(base["time_to_drawn_s"]), _median(floor_view)
    )
    ratios["beyond_floor_first_polygon"] = beyond_floor(
        _median(app["time_to_first_polygon_s"]), _median(base["time_to_first_polygon_s"]), _median(floor_view)
    )
    return {
        "points": scenario["points"],
        "app": app,
        "baseline": base,
        "floor_rerun_s": floor,
        "floor_view_s": floor_view,
        "beyond_floor_rounds": stats(beyond_floor_rounds(scenario)),
        "beyond_floor_rounds_first_polygon": stats(beyond_floor_rounds(scenario, "time_to_first_polygon_s")),
        "ratios": ratios,
    }


def _target_values(by_n: dict[int, dict]) -> dict[str, float | None]:
    """Return the measured value of every target (None when its point counts were not run)."""
    head, large = by_n.get(config.HEADLINE_POINTS), by_n.get(config.LARGE_POINTS)
    values: dict[str, float | None] = dict.fromkeys(t.key for t in config.TARGETS)
    if head:
        values["payload_ratio"] = head["ratios"]["bytes_total"]
        values["drawn_ratio"] = head["ratios"]["time_to_drawn_s"]
        values["rerun_vs_floor"] = head["ratios"]["app_rerun_vs_floor"]
        per_round = head.get("beyond_floor_rounds")
        values["beyond_floor_ratio"] = per_round["median"] if per_round else head["ratios"].get("beyond_floor")
    if large:
        total = _median(large["app"]["bytes_total"])
        values["payload_100k_mb"] = total / MB if total is not None else None
    if head and large:
        values["drawn_100k_vs_1k"] = ratio(
            _median(large["app"]["time_to_drawn_s"]), _median(head["app"]["time_to_drawn_s"])
        )
        values["rerun_100k_vs_1k"] = ratio(_median(large["app"]["rerun_s"]), _median(head["app"]["rerun_s"]))
    return values


def evaluate_targets(summaries: list[dict]) -> list[dict]:
    """Return every target with its value and ``pass`` / ``fail`` / ``not run``."""
    by_n = {s["points"]: s for s in summaries}
    values = _target_values(by_n)
    out = []
    for target in config.TARGETS:
        value = values[target.key]
        status = "not run" if value is None else ("pass" if value <= target.limit else "fail")
        out.append({"key": target.key, "label": target.label, "limit": target.limit, "value": value, "status": status})
    return out


def _fmt(value: float | None, scale: float = 1.0, digits: int = 2) -> str:
    return "—" if value is None else f"{value / scale:.{digits}f}"


def _row(label: str, app: float | None, base: float | None, rat: float | None, scale: float = 1.0) -> str:
    return f"  {label:<34}{_fmt(app, scale):>12}{_fmt(base, scale):>12}{_fmt(rat, digits=3):>12}"


def format_table(summaries: list[dict], targets: list[dict]) -> str:
    """Return the printed report: one block per point count, then the targets."""
    lines = []
    for s in summaries:
        app, base, r = s["app"], s["baseline"], s["ratios"]
        lines += [
            f"\n{s['points']:,} synthetic enterprises{'':<12}{'app':>12}{'baseline':>12}{'app/base':>12}",
            _row("first-view bytes (MB)", _median(app["bytes_total"]), _median(base["bytes_total"]),
                 r["bytes_total"], MB),
            _row("  excl. Streamlit/component JS (MB)", _median(app["bytes_excluding_frontends"]),
                 _median(base["bytes_excluding_frontends"]), r["bytes_excluding_frontends"], MB),
            _row("time to drawn, median (s)", _median(app["time_to_drawn_s"]), _median(base["time_to_drawn_s"]),
                 r["time_to_drawn_s"]),
            _row("  first polygon drawn at (s)", _median(app["time_to_first_polygon_s"]),
                 _median(base["time_to_first_polygon_s"]), ratio(_median(app["time_to_first_polygon_s"]),
                 _median(base["time_to_first_polygon_s"]))),
            _row("click -> panel rerun, median (s)", _median(app["rerun_s"]), _median(base["rerun_s"]),
                 r["rerun_s"]),
            _row("server RSS after first view (MB)", app["rss_after_first_view_mb"],
                 base["rss_after_first_view_mb"], r["rss_after_first_view_mb"]),
            f"  {'empty-script first view (s)':<34}{_fmt(_median(s.get('floor_view_s')), digits=2):>12}"
            f"   = {_fmt(r.get('floor_view_vs_baseline_drawn'), digits=3)} x baseline time to drawn (the floor)",
            f"  {'beyond the empty page, app/base':<34}{_fmt(r.get('beyond_floor'), digits=3):>12}"
            f"   (medians); per round {_fmt_stats(s.get('beyond_floor_rounds'))};"
            f" first polygon {_fmt(r.get('beyond_floor_first_polygon'), digits=3)}",
            f"  {'empty-script rerun floor (s)':<34}{_fmt(_median(s['floor_rerun_s']), digits=3):>12}"
            f"   app/floor {_fmt(r['app_rerun_vs_floor'])}   baseline/floor {_fmt(r['baseline_rerun_vs_floor'])}",
            f"  samples app/baseline: views {_n(app['time_to_drawn_s'])}/{_n(base['time_to_drawn_s'])}, "
            f"clicks {_n(app['rerun_s'])}/{_n(base['rerun_s'])}, floor {_n(s['floor_rerun_s'])}; "
            f"panel ok {app['panel_ok']} & {base['panel_ok']}; errors {app['errors']}/{base['errors']}",
        ]  # fmt: skip
        for kind in ("app", "baseline"):
            if s[kind]["stopped"]:
                lines.append(f"  note: {kind} {s[kind]['stopped']}")
    lines.append(f"\n{'target':<58}{'value':>10}{'limit':>8}  status")
    for t in targets:
        lines.append(f"{t['label']:<58}{_fmt(t['value'], digits=3):>10}{t['limit']:>8g}  {t['status']}")
    return "\n".join(lines)


def _fmt_stats(summary: dict | None) -> str:
    if not summary:
        return "—"
    return f"median {summary['median']:.3f} ({summary['min']:.3f}..{summary['max']:.3f}, n={summary['n']})"


def _n(summary: dict | None) -> int:
    return summary["n"] if summary else 0


def plot_scaling(summaries: list[dict], path: Path) -> None:
    """Draw payload, time to drawn, rerun time and memory against the point count (log x) into a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    panels = (
        ("bytes_total", "first-view bytes (MB)", MB),
        ("time_to_drawn_s", "time to drawn (s)", 1.0),
        ("rerun_s", "click -> panel rerun, server (s)", 1.0),
        ("rss_after_first_view_mb", "server RSS after first view (MB)", 1.0),
    )
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    ns = [s["points"] for s in summaries]
    for ax, (key, title, scale) in zip(axes.flat, panels, strict=True):
        for kind, style in (("app", "o-"), ("baseline", "s--")):
            _plot_series(ax, ns, [s[kind][key] for s in summaries], scale, style, kind)
        if key == "rerun_s":
            _plot_series(ax, ns, [s["floor_rerun_s"] for s in summaries], 1.0, "^:", "empty-script floor")
        if key == "time_to_drawn_s":
            floors = [s.get("floor_view_s") for s in summaries]
            _plot_series(ax, ns, floors, 1.0, "^:", "empty script's first view")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(ns, [f"{n:,}" for n in ns])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("synthetic enterprises")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.suptitle("Dashboard vs plain st_folium baseline (median, bars = min..max)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _plot_series(ax: object, ns: list[int], values: list, scale: float, style: str, label: str) -> None:
    """Plot medians with min..max bars; a value may be a stats dict, a number or None."""
    xs, ys, lo, hi = [], [], [], []
    for n, v in zip(ns, values, strict=True):
        if v is None:
            continue
        med, vmin, vmax = (v["median"], v["min"], v["max"]) if isinstance(v, dict) else (v, v, v)
        xs.append(n)
        ys.append(med / scale)
        lo.append((med - vmin) / scale)
        hi.append((vmax - med) / scale)
    if xs:
        ax.errorbar(xs, ys, yerr=[lo, hi], fmt=style, capsize=3, label=label)
