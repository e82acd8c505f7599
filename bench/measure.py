"""One point count: the app and the baseline side by side, with the empty-script floor interleaved."""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench import config
from bench.browser import Session, click_button, click_feature, first_view, open_session
from bench.data import DATA_ENV, write_data_dir
from bench.server import Server, streamlit_server, tree_rss_bytes

MAX_CONSECUTIVE_ERRORS = 2


@dataclass
class KindRun:
    """Everything measured for one app (``app`` or ``baseline``) at one point count."""

    kind: str
    url: str
    pid: int
    cold: dict | None = None
    views: list[dict] = field(default_factory=list)
    clicks: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_after_first_view: int | None = None
    rss_end: int | None = None
    view_time_s: float = 0.0
    click_time_s: float = 0.0
    consecutive_errors: int = 0
    stopped: str = ""  # set after repeated errors: no more samples of any kind
    budget_notes: list[str] = field(default_factory=list)

    def record_error(self, where: str, exc: Exception) -> None:
        """Keep an error, and stop this kind after too many in a row."""
        self.errors.append(f"{where}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
        self.consecutive_errors += 1
        if self.consecutive_errors >= MAX_CONSECUTIVE_ERRORS:
            self.stopped = f"stopped after {self.consecutive_errors} consecutive errors"

    def record_ok(self) -> None:
        """Reset the consecutive error count."""
        self.consecutive_errors = 0


def expected_features(n_points: int, app_has_points: bool = True) -> dict[str, int]:
    """Return what "drawn" means: polygons and stations on the map, and clustered points.

    Counted from the same geo functions both apps use: every mapped area
    drawn at the first view (districts and zones; township cells only show
    from zoom 11) is one Leaflet polygon, every mapped station one circle
    marker (zones known only by a town's seat are markers too, not counted).
    """
    from geo.areas import areas_from_catalog
    from geo.catalog import load_catalog
    from geo.stations import stations_from_catalog

    catalog = load_catalog()
    areas = areas_from_catalog(catalog)
    stations = stations_from_catalog(catalog)
    return {
        "polygons": int((areas["layer"].isin(config.DRAWN_AT_FIRST_VIEW) & (areas.geom_type != "Point")).sum()),
        "circles": int(stations["mapped"].sum()),
        "points": n_points if app_has_points else 0,
    }


def _view_sample(browser: Any, url: str, expect: dict[str, int], n_points: int) -> tuple[Session, dict]:
    """Open a fresh context, take one first view; return the (open) session and the sample."""
    session = open_session(browser)
    try:
        deadline = config.view_deadline_s(n_points)
        view = first_view(session, url, expect, deadline, config.FIRST_VIEW_QUIET_S)
    except Exception:
        session.context.close()
        raise
    sample = asdict(view)
    sample["failed_requests"] = session.rec.failed()
    sample["largest_responses"] = session.rec.largest()
    return session, sample


def _budget_left(run: KindRun, phase: str, spent: float, budget: float, have: int, minimum: int) -> bool:
    """Return True while a kind may take another sample of ``phase`` (``views`` or ``clicks``)."""
    if run.stopped:
        return False
    if spent > budget and have >= minimum:
        note = f"{phase}: time budget of {budget:.0f}s used (kept {have} samples)"
        if note not in run.budget_notes:
            run.budget_notes.append(note)
        return False
    return True


class PointsRun:
    """Measure one point count; see :meth:`run`."""

    def __init__(self, browser: Any, empty: Server, n_points: int, mode: config.Mode, app_has_points: bool) -> None:
        self.browser = browser
        self.empty = empty
        self.n = n_points
        self.mode = mode
        self.app_expect = expected_features(n_points, app_has_points)
        self.base_expect = expected_features(n_points)
        self.sessions: dict[str, Session] = {}
        self.floor: list[dict] = []
        self.floor_views: list[float] = []
        self.floor_view_rounds: list[int] = []  # the round of each floor view, to pair it with that round's views
        self.floor_errors: list[str] = []

    def _expect(self, kind: str) -> dict[str, int]:
        return self.app_expect if kind == "app" else self.base_expect

    def _keep(self, kind: str, session: Session) -> None:
        """Keep the newest session of a kind open (for the clicks); close the one it replaces."""
        old = self.sessions.pop(kind, None)
        if old is not None:
            old.context.close()
        self.sessions[kind] = session

    def _one_view(self, run: KindRun, cold: bool, round_: int | None = None) -> None:
        start = time.monotonic()
        try:
            session, sample = _view_sample(self.browser, run.url, self._expect(run.kind), self.n)
        except Exception as exc:
            run.record_error("cold first view" if cold else f"first view {len(run.views) + 1}", exc)
            return
        finally:
            run.view_time_s += time.monotonic() - start
        run.record_ok()
        self._keep(run.kind, session)
        if cold:
            run.cold = sample
            run.rss_after_first_view = tree_rss_bytes(run.pid)
        else:
            run.views.append({**sample, "round": round_})

    def _floor_view(self, round_: int) -> None:
        """Time an empty Streamlit script from navigation to its one button, in a fresh context.

        Nothing built on Streamlit can show a map sooner: this is the floor of
        "time to drawn", as the empty rerun is the floor of a click.
        """
        session = open_session(self.browser)
        try:
            session.page.goto(self.empty.url, wait_until="commit", timeout=60_000)
            session.page.get_by_role("button", name=config.EMPTY_BUTTON).wait_for(timeout=60_000)
            self.floor_views.append(session.page.evaluate("performance.now()") / 1000.0)
            self.floor_view_rounds.append(round_)
        except Exception as exc:
            self.floor_errors.append(f"view: {type(exc).__name__}: {str(exc)[:300]}")
        finally:
            session.context.close()

    def _views(self, runs: dict[str, KindRun]) -> None:
        """One unmeasured (cold) view each, then alternate fresh contexts app/baseline/empty floor."""
        for run in runs.values():
            self._one_view(run, cold=True)
        for i in range(self.mode.contexts):
            self._floor_view(i)
            order = config.KINDS if i % 2 == 0 else tuple(reversed(config.KINDS))
            for kind in order:
                run = runs[kind]
                minimum = min(self.mode.min_views, self.mode.contexts)
                if _budget_left(run, "views", run.view_time_s, self.mode.view_budget_s, len(run.views), minimum):
                    self._one_view(run, cold=False, round_=i)

    def _floor_session(self) -> Session | None:
        """Open the empty app in a fresh context, ready to click its button."""
        session = open_session(self.browser)
        try:
            session.page.goto(self.empty.url, timeout=60_000)
            session.page.get_by_role("button", name=config.EMPTY_BUTTON).wait_for(timeout=60_000)
            session.page.wait_for_selector("[data-test-script-state='notRunning']", state="attached")
        except Exception as exc:
            self.floor_errors.append(f"open: {type(exc).__name__}: {exc}")
            session.context.close()
            return None
        return session

    def _one_click(self, run: KindRun, target: dict) -> None:
        session = self.sessions.get(run.kind)
        if session is None:
            run.stopped = run.stopped or "no page to click (every first view failed)"
            return
        start = time.monotonic()
        try:
            sample = click_feature(session, target, config.click_deadline_s(self.n), config.CLICK_QUIET_S)
        except Exception as exc:
            run.record_error(f"click {len(run.clicks) + 1}", exc)
        else:
            run.record_ok()
            run.clicks.append({**asdict(sample), "target": target["id"]})
        finally:
            run.click_time_s += time.monotonic() - start

    def _floor_click(self, session: Session | None) -> None:
        if session is None:
            return
        try:
            sample = click_button(session, config.EMPTY_BUTTON, 60.0, config.CLICK_QUIET_S)
        except Exception as exc:
            self.floor_errors.append(f"click: {type(exc).__name__}: {str(exc)[:300]}")
        else:
            self.floor.append(asdict(sample))

    def _clicks(self, runs: dict[str, KindRun]) -> None:
        """Alternate clicks: app, baseline, empty-script floor; districts alternate every round."""
        floor_session = self._floor_session()
        try:
            for j in range(self.mode.clicks):
                target = config.CLICK_TARGETS[j % len(config.CLICK_TARGETS)]
                for kind in config.KINDS:
                    run = runs[kind]
                    minimum = min(self.mode.min_clicks, self.mode.clicks)
                    spent, budget = run.click_time_s, self.mode.click_budget_s
                    if _budget_left(run, "clicks", spent, budget, len(run.clicks), minimum):
                        self._one_click(run, target)
                self._floor_click(floor_session)
        finally:
            if floor_session is not None:
                floor_session.context.close()

    def run(self) -> dict:
        """Import the points into a data copy, start both servers on it, take the first views, then the clicks."""
        load_before = os.getloadavg()
        with ExitStack() as stack:
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-data-")))
            env = {**config.SERVER_ENV, DATA_ENV: str(write_data_dir(scratch, self.n))}
            app = stack.enter_context(streamlit_server(config.APP_SCRIPT, env))
            base = stack.enter_context(streamlit_server(config.BASELINE_SCRIPT, {**env, **config.BASELINE_ENV}))
            runs = {
                "app": KindRun("app", app.url + config.APP_PATH, app.pid),
                "baseline": KindRun("baseline", base.url + config.BASELINE_PATH, base.pid),
            }
            try:
                self._views(runs)
                self._clicks(runs)
            finally:
                for run in runs.values():
                    run.rss_end = tree_rss_bytes(run.pid)
                for session in self.sessions.values():
                    session.context.close()
                self.sessions.clear()
        return {
            "points": self.n,
            "expected": {"app": self.app_expect, "baseline": self.base_expect},
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
            "app": _public(runs["app"]),
            "baseline": _public(runs["baseline"]),
            "floor": {
                "clicks": self.floor,
                "views_s": self.floor_views,
                "views_round": self.floor_view_rounds,
                "errors": self.floor_errors,
            },
        }


def _public(run: KindRun) -> dict:
    """Return a kind's record for results.json (without bookkeeping fields)."""
    out = asdict(run)
    out.pop("consecutive_errors")
    return out
