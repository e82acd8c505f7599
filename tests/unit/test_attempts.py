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


def test_many_addresses_together_exhaust_the_global_budget_and_then_everyone_waits(clock: Clock) -> None:
    limiter = AttemptLimiter(limit=5, global_limit=10, window_s=900, global_lockout_s=600, clock=clock)
    # one failure from each of nine addresses: no client is near its own limit, nobody waits
    assert [limiter.failed(f"10.0.0.{i}") for i in range(9)] == [0] * 9
    assert limiter.wait_s("the-admin") == 0
    assert limiter.failed("10.0.0.99") == 600  # the tenth failure of all together
    assert limiter.wait_s("the-admin") == 600 and limiter.wait_s("10.0.0.1") == 600
    clock.now += 600
    assert limiter.wait_s("the-admin") == 0
    # guessing straight on: the next global lockout doubles
    waits = [limiter.failed(f"10.0.1.{i}") for i in range(10)]
    assert waits[:9] == [0] * 9 and waits[9] == 1200


def test_a_success_does_not_reset_the_global_budget(clock: Clock) -> None:
    limiter = AttemptLimiter(limit=5, global_limit=3, clock=clock)
    limiter.failed("a")
    limiter.failed("a")
    limiter.succeeded("a")
    assert limiter.failed("b") > 0


def test_the_process_keeps_one_limiter_that_clearing_streamlits_caches_does_not_replace() -> None:
    import streamlit as st

    from web.attempts import reset_sign_in_limiter, sign_in_limiter

    reset_sign_in_limiter()
    limiter = sign_in_limiter()
    for _ in range(5):
        limiter.failed("198.51.100.7")
    st.cache_resource.clear()
    st.cache_data.clear()
    assert sign_in_limiter() is limiter and sign_in_limiter().wait_s("198.51.100.7") > 0
    reset_sign_in_limiter()
    assert sign_in_limiter().wait_s("198.51.100.7") == 0
