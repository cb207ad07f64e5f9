"""The retry policy's arithmetic (api/retry.py), on the policy itself: a dropped connection or a
502-504 is retried `retries` times, `backoff` x n seconds apart, never past `time_limit` for the
whole request; a 429 waits its Retry-After (1 s without one) until the waits would pass
`max_rate_limit_wait`, and at most 100 times. The same rules through the client and the emulator
are in tests/api/test_retry_policy.py and tests/mutation/test_client_retries.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maia_tui.api.retry import RetryPolicy, parse_retry_after

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def test_failures_are_retried_the_policys_times_backing_off_a_step_more_each_time():
    state = RetryPolicy(retries=3, backoff=0.5, time_limit=30.0).start()
    assert [state.after_failure() for _ in range(4)] == [0.5, 1.0, 1.5, None]  # 0.5 x 1, x 2, x 3, then give up
    assert state.retries == 3
    assert state.spent == 3.0 and state.remaining == 27.0  # the pauses count against the time limit


def test_a_pause_that_would_reach_the_time_limit_gives_up_instead():
    state = RetryPolicy(retries=5, backoff=1.0, time_limit=4.0).start()
    state.took(1.0)
    assert state.after_failure() == 1.0  # 1 + 1 = 2 s of 4
    assert state.after_failure() is None  # 2 + 2 = 4 s: nothing left for the try after it
    assert state.retries == 1 and state.spent == 2.0


def test_attempts_add_up_and_the_remaining_time_never_goes_below_zero():
    state = RetryPolicy(time_limit=30.0).start()
    state.took(10.0)
    state.took(-3.0)  # a clock that went backwards adds nothing
    state.took(5.5)
    assert state.spent == 15.5 and state.remaining == 14.5
    state.took(20.0)
    assert state.remaining == 0.0


def test_no_retries_means_no_pause():
    assert RetryPolicy(retries=0).start().after_failure() is None


def test_rate_limit_waits_are_capped_in_total_and_a_missing_retry_after_is_one_second():
    state = RetryPolicy(max_rate_limit_wait=10.0).start()
    assert state.after_rate_limit(None) == 1.0
    assert state.after_rate_limit(4.0) == 4.0
    assert state.after_rate_limit(5.0) == 5.0  # exactly 10 s in all: still allowed
    assert state.after_rate_limit(0.5) is None  # 10.5 s would pass the cap
    assert state.rate_limit_waited == 10.0 and state.rate_limited_answers == 4
    assert state.retries == 0 and state.spent == 0.0  # 429 waits are not retries, nor the time limit's


def test_a_storm_of_zero_waits_ends_after_100_answers():
    state = RetryPolicy().start()
    assert [state.after_rate_limit(0.0) for _ in range(100)] == [0.0] * 100
    assert state.after_rate_limit(0.0) is None


@given(st.integers(0, 6), st.floats(0.05, 3.0), st.floats(0.5, 60.0))
def test_the_pauses_never_stretch_a_request_past_its_time_limit(retries, backoff, limit):
    state = RetryPolicy(retries=retries, backoff=backoff, time_limit=limit).start()
    pauses = []
    while (pause := state.after_failure()) is not None:
        pauses.append(pause)
    assert len(pauses) <= retries
    assert pauses == [backoff * n for n in range(1, len(pauses) + 1)]
    assert sum(pauses) < limit
    # It stopped because the tries ran out or because the next pause would reach the limit.
    assert len(pauses) == retries or sum(pauses) + backoff * (len(pauses) + 1) >= limit


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("0.5", 0.5),  # delay-seconds under a second
        ("Thu, 15 Jan 2026 09:30:12 -0000", 12.0),  # "-0000": no zone given, read as GMT (RFC 5322 §3.3)
        ("Thu, 15 Jan 2026 10:30:12 +0100", 12.0),  # a zone other than GMT is still honoured
        ("Thu, 15 Jan 2026 09:30:00 GMT", 0.0),  # now: at once
    ],
)
def test_retry_after_dates_and_fractions(header, seconds):
    assert parse_retry_after(header, NOW) == seconds
