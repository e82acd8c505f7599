"""Limit password guessing: after a few failed sign-ins a client waits before it may try again.

One :class:`AttemptLimiter` serves the whole server process (Streamlit runs
every session in a thread of the same process), keyed by the client's address.
After ``limit`` failures within ``window_s`` the client is refused for
``lockout_s``, doubled for every further lockout in a row (up to
``max_lockout_s``); a successful sign-in forgets the client.

Behind a reverse proxy every client has the proxy's address, so a guesser
locks everyone out of the import page for the lockout, never lets anyone in.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class _Record:
    failures: list[float] = field(default_factory=list)
    locked_until: float = 0.0
    lockouts: int = 0


class AttemptLimiter:
    """Failed sign-ins per client, with lockouts that grow while the guessing goes on.

    Parameters
    ----------
    limit
        Failures within ``window_s`` that lock the client out.
    window_s
        How far back failures count.
    lockout_s
        The first lockout; each further one in a row doubles it.
    max_lockout_s
        The longest lockout.
    max_clients
        Clients remembered at most (the oldest are forgotten first), so a flood
        of addresses cannot grow memory without bound.
    clock
        Seconds, monotonic (tests pass a fake one).
    """

    def __init__(
        self,
        limit: int = 5,
        window_s: float = 900.0,
        lockout_s: float = 300.0,
        max_lockout_s: float = 3600.0,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window_s, self.lockout_s, self.max_lockout_s = limit, window_s, lockout_s, max_lockout_s
        self.max_clients, self.clock = max_clients, clock
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def wait_s(self, client: str) -> float:
        """Return how many seconds ``client`` must wait before its next attempt (0: it may try now)."""
        with self._lock:
            record = self._records.get(client)
            return max(0.0, record.locked_until - self.clock()) if record else 0.0

    def failed(self, client: str) -> float:
        """Count a failed attempt; return the wait it causes (0 while under the limit)."""
        now = self.clock()
        with self._lock:
            record = self._records.pop(client, None) or _Record()
            self._records[client] = record  # re-inserted: the dict's order is least recently seen first
            if record.lockouts and now - record.locked_until >= self.window_s:
                record.lockouts = 0  # a quiet window after the last lockout: start over
            record.failures = [t for t in record.failures if now - t < self.window_s] + [now]
            if len(record.failures) >= self.limit:
                lockout = min(self.lockout_s * 2**record.lockouts, self.max_lockout_s)
                record.locked_until, record.lockouts, record.failures = now + lockout, record.lockouts + 1, []
            while len(self._records) > self.max_clients:
                del self._records[next(iter(self._records))]
            return max(0.0, record.locked_until - now)

    def succeeded(self, client: str) -> None:
        """Forget ``client``'s failures after a successful sign-in."""
        with self._lock:
            self._records.pop(client, None)
