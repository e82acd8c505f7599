"""Limit password guessing: after a few failed sign-ins a client waits before it may try again.

One :class:`AttemptLimiter` serves the whole server process (Streamlit runs
every session in a thread of the same process), keyed by the client's address
(:func:`web.clients.client_key`). After ``limit`` failures within ``window_s``
the client is refused for ``lockout_s``, doubled for every further lockout in
a row (up to ``max_lockout_s``); a successful sign-in forgets the client.

A global budget caps the guesses of everyone together: after
``global_limit`` failures within ``window_s`` from any clients, every client
waits (``global_lockout_s``, doubling in the same way). Someone with many
addresses therefore cannot guess faster than that budget, at the price that
they can keep the import page closed to everyone while they try (the
command-line import and restore still work).

:func:`sign_in_limiter` holds the process's one limiter outside Streamlit's
caches, so emptying them after an import does not forget the failures.
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
    """Failed sign-ins per client and in total, with lockouts that grow while the guessing goes on.

    Parameters
    ----------
    limit
        Failures of one client within ``window_s`` that lock that client out.
    window_s
        How far back failures count.
    lockout_s
        A client's first lockout; each further one in a row doubles it.
    max_lockout_s
        The longest lockout (of one client, and of everyone).
    max_clients
        Clients remembered at most (the oldest are forgotten first), so a flood
        of addresses cannot grow memory without bound.
    global_limit
        Failures of all clients together within ``window_s`` that lock everyone out.
    global_lockout_s
        The first lockout of everyone; each further one in a row doubles it.
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
        global_limit: int = 30,
        global_lockout_s: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window_s, self.lockout_s, self.max_lockout_s = limit, window_s, lockout_s, max_lockout_s
        self.max_clients, self.global_limit, self.global_lockout_s = max_clients, global_limit, global_lockout_s
        self.clock = clock
        self._records: dict[str, _Record] = {}
        self._everyone = _Record()
        self._lock = threading.Lock()

    def wait_s(self, client: str) -> float:
        """Return how many seconds ``client`` must wait before its next attempt (0: it may try now)."""
        with self._lock:
            record = self._records.get(client)
            until = max(self._everyone.locked_until, record.locked_until if record else 0.0)
            return max(0.0, until - self.clock())

    def _count(self, record: _Record, now: float, limit: int, lockout_s: float) -> None:
        """Add a failure at ``now`` to ``record``; lock it when ``limit`` failures fall within the window."""
        if record.lockouts and now - record.locked_until >= self.window_s:
            record.lockouts = 0  # a quiet window after the last lockout: start over
        record.failures = [t for t in record.failures if now - t < self.window_s] + [now]
        if len(record.failures) >= limit:
            lockout = min(lockout_s * 2**record.lockouts, self.max_lockout_s)
            record.locked_until, record.lockouts, record.failures = now + lockout, record.lockouts + 1, []

    def failed(self, client: str) -> float:
        """Count a failed attempt; return the wait it causes (0 while under both limits)."""
        now = self.clock()
        with self._lock:
            record = self._records.pop(client, None) or _Record()
            self._records[client] = record  # re-inserted: the dict's order is least recently seen first
            self._count(record, now, self.limit, self.lockout_s)
            self._count(self._everyone, now, self.global_limit, self.global_lockout_s)
            while len(self._records) > self.max_clients:
                del self._records[next(iter(self._records))]
            return max(0.0, max(record.locked_until, self._everyone.locked_until) - now)

    def succeeded(self, client: str) -> None:
        """Forget ``client``'s failures after a successful sign-in (the global count stays)."""
        with self._lock:
            self._records.pop(client, None)


_HOLDER: dict[str, AttemptLimiter] = {}
_HOLDER_LOCK = threading.Lock()


def sign_in_limiter() -> AttemptLimiter:
    """Return the process's one limiter of failed sign-ins, made on first use.

    A plain module-level holder, not ``st.cache_resource``: the app empties
    Streamlit's caches whenever an import changes the data, and that must not
    forget a guesser's failures.
    """
    with _HOLDER_LOCK:
        if "sign_in" not in _HOLDER:
            _HOLDER["sign_in"] = AttemptLimiter()
        return _HOLDER["sign_in"]


def reset_sign_in_limiter() -> None:
    """Forget every failure (tests; a restart does the same)."""
    with _HOLDER_LOCK:
        _HOLDER.clear()
