"""What the benchmark runs: modes, the scenarios' URLs and click targets, deadlines and targets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
APP_SCRIPT = "serve.py"
BASELINE_SCRIPT = "bench/baseline_app.py"
EMPTY_SCRIPT = "bench/empty_app.py"
APP_LAYERS = ("districts", "towns", "science_city", "liangjiang", "parks", "circles", "stations", "enterprises")
DRAWN_AT_FIRST_VIEW = tuple(layer for layer in APP_LAYERS if layer != "towns")  # cells show from zoom 11
APP_PATH = "/?layers=" + ",".join(APP_LAYERS)
BASELINE_PATH = "/"
EMPTY_BUTTON = "rerun"
SERVER_ENV = {"CQ_DASH_BASEMAP": "none"}
# The baseline runs with Streamlit's defaults, as the plain way would; the repo's
# .streamlit/config.toml (shared through the working directory) turns websocket
# compression on for the dashboard, so it is switched back off here.
BASELINE_ENV = {"STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION": "false"}
KINDS = ("app", "baseline")

# Two districts clicked alternately, so every click changes the selection.
CLICK_TARGETS: tuple[dict, ...] = (
    {"id": "jiangjin", "name": "江津区", "lat": 29.28993, "lon": 106.25001},  # 几江街道 seat (tests/e2e)
    {"id": "hechuan", "name": "合川区", "lat": 30.05, "lon": 106.30},
)

FIRST_VIEW_QUIET_S = 1.0  # "settled": no rerun pending and nothing received for this long
CLICK_QUIET_S = 0.4


@dataclass(frozen=True)
class Mode:
    """How much to measure.

    ``contexts`` fresh browser contexts per app and point count (after one
    unmeasured warm-up each), ``clicks`` clicks per app. A kind that has used
    up ``view_budget_s`` / ``click_budget_s`` at one point count stops once it
    has ``min_views`` / ``min_clicks`` samples (the plain baseline at 100k points
    needs minutes per page and per click).
    """

    name: str
    points: tuple[int, ...]
    contexts: int
    clicks: int
    view_budget_s: float
    click_budget_s: float
    min_views: int = 3
    min_clicks: int = 5

    def with_overrides(self, points: tuple[int, ...] | None, contexts: int | None, clicks: int | None) -> Mode:
        """Return this mode with the command line's overrides applied."""
        return replace(
            self,
            points=points or self.points,
            contexts=contexts or self.contexts,
            clicks=clicks or self.clicks,
        )


QUICK = Mode("quick", points=(1000,), contexts=2, clicks=5, view_budget_s=90.0, click_budget_s=60.0)
FULL = Mode("full", points=(1000, 10_000, 100_000), contexts=5, clicks=20, view_budget_s=600.0, click_budget_s=400.0)


def view_deadline_s(n_points: int) -> float:
    """Return the deadline of one first view (drawn, then settled) at ``n_points``."""
    return 120.0 + n_points / 100.0


def click_deadline_s(n_points: int) -> float:
    """Return the deadline of one click's rerun at ``n_points``."""
    return 60.0 + n_points / 250.0


@dataclass(frozen=True)
class Target:
    """One acceptance target: ``value <= limit`` passes."""

    key: str
    label: str
    limit: float


TARGETS: tuple[Target, ...] = (
    Target("payload_ratio", "first-view bytes, app/baseline (1k points)", 0.2),
    Target("drawn_ratio", "time to drawn, app/baseline (1k points)", 0.5),
    Target("beyond_floor_ratio", "time to drawn beyond the empty page, app/baseline (1k)", 0.5),
    Target("rerun_vs_floor", "click->panel rerun, app / empty-script floor (1k points)", 3.0),
    Target("payload_100k_mb", "app first-view bytes at 100k points (MB)", 5.0),
    Target("drawn_100k_vs_1k", "app time to drawn, 100k / 1k", 2.0),
    Target("rerun_100k_vs_1k", "app click->panel rerun, 100k / 1k", 1.5),
)
HEADLINE_POINTS = 1000
LARGE_POINTS = 100_000
