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
