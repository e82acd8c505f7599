"""The load test's Locust user: one Streamlit session that opens the map and clicks districts.

Importing this module imports Locust, which lets gevent patch the standard
library (sockets, threads): import it only in a process that runs Locust
(``python -m bench.loadtest``, or ``locust -f bench/locustfile.py``).

A user GETs the page (as a browser does; behind HAProxy this sets the
stickiness cookie), opens ``/_stcore/stream`` and runs the script once
(request ``open``), then clicks 江津区 and 合川区 alternately (request
``click``: the rerun with the map's click → ``script_finished``), thinking
``think`` seconds between clicks (uniform, seeded per user). A click fails on
a timeout, a run that does not finish successfully, an exception element, or a
panel whose heading is not the clicked district; after a failure the user
opens a new session.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import time
from typing import Any, ClassVar

from locust import User, task

from bench import config
from bench.stproto import MAP_COMPONENT, QUERY, PanelError, StreamlitSession, check_click, click_state, page_cookie


class DashboardUser(User):
    """One browser tab's worth of Streamlit session, without the browser."""

    abstract = True
    seed: ClassVar[int] = 7
    think: ClassVar[tuple[float, float]] = (1.0, 3.0)
    deadline_s: ClassVar[float] = 30.0
    _ids: ClassVar[itertools.count] = itertools.count()

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        self.index = next(self._ids)
        self.rng = random.Random(self.seed * 1000 + self.index)
        self.turn = self.index  # users start on different districts
        self.session: StreamlitSession | None = None

    def wait_time(self) -> float:
        """Think between clicks (seeded per user)."""
        return self.rng.uniform(*self.think)

    def _fire(self, name: str, start: float, length: int, exc: BaseException | None) -> None:
        self.environment.events.request.fire(
            request_type="WS",
            name=name,
            response_time=(time.perf_counter() - start) * 1000.0,
            response_length=length,
            exception=exc,
            context={"user": self.index},
        )

    def _open(self) -> None:
        start, length, error = time.perf_counter(), 0, None
        try:
            page = f"{self.host.rstrip('/')}/?{QUERY}"
            session = StreamlitSession(self.host, QUERY, page_cookie(page, self.deadline_s), self.deadline_s)
            self.session = session
            session.connect()
            result = session.rerun(deadline_s=self.deadline_s)
            length = result.bytes
            if not result.ok:
                raise PanelError(f"first run: status {result.status} {result.exceptions[:1]}")
            if MAP_COMPONENT not in session.components:
                raise PanelError("first run drew no map component")
        except Exception as exc:
            error = exc
        self._fire("open", start, length, error)
        if error is not None:  # counted; the next task tries again after the user's think time
            self._close()

    def _close(self) -> None:
        if self.session is not None:
            with contextlib.suppress(Exception):  # already gone: nothing to release
                self.session.close()
            self.session = None

    def on_start(self) -> None:
        """Open the session and run the map page once."""
        self._open()

    def on_stop(self) -> None:
        """Close the WebSocket."""
        self._close()

    @task
    def click(self) -> None:
        """Click the next district and time the rerun until ``script_finished``."""
        if self.session is None:
            self._open()
        session = self.session
        if session is None:
            return
        target = config.CLICK_TARGETS[self.turn % len(config.CLICK_TARGETS)]
        self.turn += 1
        state = click_state(session, target)
        start, length, error = time.perf_counter(), 0, None
        try:
            result = session.rerun([state], deadline_s=self.deadline_s)
            length = result.bytes
            check_click(result, target["name"])
        except Exception as exc:
            error = exc
        self._fire("click", start, length, error)
        if error is not None:  # the session's state is unknown: start afresh, as a reload would
            self._close()
