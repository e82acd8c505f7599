"""Expensive renders (the PDF brief: one headless Chromium each): one at a time per process, results kept.

Any visitor may ask for a brief, and each PDF starts a browser (about 1 s of a
core and a few hundred MB here), so :class:`RenderCache` lets one render run
at a time, makes the others wait a bounded time (then :class:`RenderBusy`), and
keeps the newest results by key. The key must name everything the file shows
(the app uses area, language, year, circle radius, data version and date), so
an entry is never stale and the cache is never emptied as a whole.

:func:`pdf_briefs` holds the process's one cache outside Streamlit's caches.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class RenderBusy(Exception):  # noqa: N818 - reads as a state, like TimeoutError's siblings
    """Another render kept the slot for longer than the caller would wait."""


class RenderCache:
    """Rendered files by key (least recently used dropped first), made one at a time.

    Parameters
    ----------
    max_entries
        Files kept at most.
    wait_s
        How long a caller waits for the render slot before :class:`RenderBusy`.
    """

    def __init__(self, max_entries: int = 16, wait_s: float = 30.0) -> None:
        self.max_entries, self.wait_s = max_entries, wait_s
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._items_lock = threading.Lock()
        self._render_lock = threading.Lock()

    def cached(self, key: Hashable) -> bytes | None:
        """Return the file kept for ``key``, or None."""
        with self._items_lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def get(self, key: Hashable, make: Callable[[], bytes | None]) -> bytes | None:
        """Return the file for ``key``: kept, or made now by ``make`` while no other render runs.

        Parameters
        ----------
        key
            Everything the file depends on.
        make
            Renders the file; None (nothing to keep) when it cannot.

        Returns
        -------
        bytes or None
            The file, or what ``make`` returned.

        Raises
        ------
        RenderBusy
            When another render held the slot for longer than ``wait_s``.
        """
        if (hit := self.cached(key)) is not None:
            return hit
        if not self._render_lock.acquire(timeout=self.wait_s):
            raise RenderBusy
        try:
            if (hit := self.cached(key)) is not None:  # made by the render we waited for
                return hit
            made = make()
            if made is not None:
                with self._items_lock:
                    self._items[key] = made
                    while len(self._items) > self.max_entries:
                        self._items.popitem(last=False)
            return made
        finally:
            self._render_lock.release()


_HOLDER: dict[str, RenderCache] = {}
_HOLDER_LOCK = threading.Lock()


def pdf_briefs() -> RenderCache:
    """Return the process's one cache of PDF briefs, made on first use (not a Streamlit cache)."""
    with _HOLDER_LOCK:
        if "pdf" not in _HOLDER:
            _HOLDER["pdf"] = RenderCache()
        return _HOLDER["pdf"]


def reset_pdf_briefs() -> None:
    """Forget every kept brief (tests; a restart does the same)."""
    with _HOLDER_LOCK:
        _HOLDER.clear()
