"""web.attempts: password guessing is slowed down per client, and a success forgets the client."""

from __future__ import annotations

import pytest

from web.attempts import AttemptLimiter


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_the_fifth_failure_locks_the_client_out_and_only_that_client(clock: Clock) -> None:
    limiter = AttemptLimiter(limit=5, lockout_s=300, clock=clock)
    assert [limiter.failed("a") for _ in range(4)] == [0, 0, 0, 0]
    assert limiter.wait_s("a") == 0
    assert limiter.failed("a") == 300
    clock.now += 100
    assert limiter.wait_s("a") == 200 and limiter.wait_s("b") == 0
    clock.now += 200
    assert limiter.wait_s("a") == 0


def test_failures_outside_the_window_do_not_count(clock: Clock) -> None:
    limiter = AttemptLimiter(limit=3, window_s=60, clock=clock)
    limiter.failed("a")
    limiter.failed("a")
    clock.now += 61
    assert limiter.failed("a") == 0 and limiter.failed("a") == 0
    assert limiter.failed("a") > 0


def test_lockouts_in_a_row_double_up_to_the_cap_and_a_quiet_window_resets_them(clock: Clock) -> None:
    limiter = AttemptLimiter(limit=1, window_s=900, lockout_s=300, max_lockout_s=1000, clock=clock)
    waits = []
    for _ in range(4):
        waits.append(limiter.failed("a"))
        clock.now += waits[-1]
    assert waits == [300, 600, 1000, 1000]
    clock.now += 900
    assert limiter.failed("a") == 300


def test_a_success_forgets_the_failures(clock: Clock) -> None:
    limiter = AttemptLimiter(limit=3, clock=clock)
    limiter.failed("a")
    limiter.failed("a")
    limiter.succeeded("a")
    assert limiter.failed("a") == 0 and limiter.failed("a") == 0


def test_memory_is_bounded_by_forgetting_the_least_recently_seen(clock: Clock) -> None:
    limiter = AttemptLimiter(limit=1, max_clients=2, clock=clock)
    limiter.failed("a")
    limiter.failed("b")
    limiter.failed("c")
    assert limiter.wait_s("a") == 0 and limiter.wait_s("b") > 0 and limiter.wait_s("c") > 0
