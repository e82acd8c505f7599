"""web.heap: the long-lived heap is frozen once, after warming, so post-run collections stay cheap."""

from __future__ import annotations

import gc

from web import heap


def test_freeze_once_warms_then_freezes_only_the_first_time() -> None:
    calls = []
    try:
        heap.unfreeze()
        assert heap.freeze_once(warm=lambda: calls.append("warm")) is True
        frozen = gc.get_freeze_count()
        assert frozen > 0 and calls == ["warm"]
        assert heap.freeze_once(warm=lambda: calls.append("again")) is False
        assert calls == ["warm"] and gc.get_freeze_count() == frozen
    finally:
        heap.unfreeze()
    assert gc.get_freeze_count() == 0


class _Node:
    """An object in a reference cycle: only a full (not reference-counting) collection frees it."""

    def __init__(self) -> None:
        self.me = self


def test_unfreeze_lets_the_collector_free_a_frozen_earlier_version_and_the_next_call_freezes_again() -> None:
    import weakref

    try:
        heap.unfreeze()
        old = _Node()
        alive = weakref.ref(old)
        assert heap.freeze_once() is True
        del old
        gc.collect()
        assert alive() is not None  # frozen: the collector never looks at it
        heap.unfreeze()  # the data changed
        new = [_Node() for _ in range(10)]
        assert heap.freeze_once(warm=lambda: new) is True
        assert alive() is None  # the earlier version was collected before the new one was frozen
        assert gc.get_freeze_count() > 0
        assert heap.freeze_once() is False
    finally:
        heap.unfreeze()
