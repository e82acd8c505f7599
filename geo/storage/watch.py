"""A thread per process that follows the store: new data are loaded as soon as they are written, before anyone asks.

With a database several processes serve the same data. An import in one
commits a new version and ``NOTIFY``; every other process's
:class:`StoreWatcher` hears it (or, if it missed it, notices at its next
check) and calls its ``on_change`` action, which in the app empties the data
caches and fills them again (:func:`components.data.follow_store`). The next
page anyone opens is then served from the new version at warm-cache speed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from geo.storage.base import Storage, StoreUnavailableError

_LOG = logging.getLogger(__name__)


class StoreWatcher:
    """Call ``on_change`` each time the store announces a new version, and at least every ``interval_s``.

    Parameters
    ----------
    storage
        A store that :attr:`~geo.storage.base.Storage.announces` its versions.
    on_change
        What to do; it asks the store itself whether anything changed (a
        missed announcement is caught at the next call), and is called after
        a failed wait too, so that it can note the store is unreachable.
    interval_s
        The longest time between two calls (by default the store's ``check_interval_s``).
    """

    def __init__(self, storage: Storage, on_change: Callable[[], object], interval_s: float | None = None) -> None:
        if not storage.announces:
            raise ValueError(f"{type(storage).__name__} does not announce new versions: nothing to watch")
        self.storage = storage
        self.on_change = on_change
        self.interval_s = interval_s or storage.check_interval_s or 2.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="store-watcher", daemon=True)

    def start(self) -> StoreWatcher:
        """Start the daemon thread; return self."""
        self._thread.start()
        return self

    def stop(self, wait_s: float = 0.0) -> None:
        """Ask the thread to end (it does when its current wait returns, without acting); wait up to ``wait_s``."""
        self._stop.set()
        if wait_s:
            self._thread.join(wait_s)

    @property
    def running(self) -> bool:
        """Whether the thread is alive."""
        return self._thread.is_alive()

    def _run(self) -> None:
        down = False  # log a lost store once, and its return once, not every interval
        while not self._stop.is_set():
            try:
                self.storage.wait_for_change(self.interval_s)
                if down:
                    _LOG.warning("store watcher: %s answers again", self.storage.location)
                down = False
            except StoreUnavailableError as exc:
                if not down:
                    _LOG.warning("store watcher: %s; trying again every %g s", exc, self.interval_s)
                down = True
                self._stop.wait(self.interval_s)  # the database is down: try again later
            if self._stop.is_set():
                return
            try:
                self.on_change()
            except Exception:  # one failed reload must not end the watching
                _LOG.exception("store watcher: the action on a new version failed")
