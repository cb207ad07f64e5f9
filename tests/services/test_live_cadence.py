"""The live lists' cadence (services/live_cadence.py): the rules docs/browsing.md states, as
properties over any pace a list may declare, and a few walks worked out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maia_tui.services.live_cadence import Cadence, Outcome

seconds = st.floats(min_value=0.5, max_value=3600.0, allow_nan=False)


@st.composite
def cadences(draw: st.DrawFn) -> Cadence:
    fast = draw(seconds)
    slow = draw(st.floats(min_value=fast, max_value=fast * 20))
    factor = draw(st.floats(min_value=1.01, max_value=4.0))
    return Cadence(fast=fast, slow=slow, factor=factor)


@st.composite
def walks(draw: st.DrawFn) -> tuple[Cadence, list[Outcome]]:
    return draw(cadences()), draw(st.lists(st.sampled_from(Outcome), max_size=30))


@given(walks())
def test_the_interval_stays_between_fast_and_its_cap(walk: tuple[Cadence, list[Outcome]]) -> None:
    """Never below fast; never above slow, except after a 429: then at most four times slow."""
    cadence, outcomes = walk
    interval = cadence.fast
    for outcome in outcomes:
        interval = cadence.after(interval, outcome)
        assert interval >= cadence.fast
        cap = cadence.slow * 4 if outcome is Outcome.RATE_LIMITED else cadence.slow
        assert interval <= cap


@given(cadences(), st.floats(min_value=0.0, max_value=1e5))
def test_a_change_or_a_live_row_brings_it_back_to_fast(cadence: Cadence, interval: float) -> None:
    assert cadence.after(interval, Outcome.BUSY) == cadence.fast


@given(cadences(), st.floats(min_value=0.0, max_value=1e5))
def test_an_error_means_the_offline_pace(cadence: Cadence, interval: float) -> None:
    assert cadence.after(interval, Outcome.FAILED) == cadence.slow


@given(cadences(), st.data())
def test_a_quiet_poll_slows_by_the_factor_up_to_slow(cadence: Cadence, data: st.DataObject) -> None:
    interval = data.draw(st.floats(min_value=cadence.fast, max_value=cadence.slow))
    after = cadence.after(interval, Outcome.QUIET)
    assert after == pytest.approx(min(cadence.slow, interval * cadence.factor))
    if interval < cadence.slow:
        assert after > interval


@given(cadences(), st.data())
def test_a_429_doubles_it_from_at_least_fast(cadence: Cadence, data: st.DataObject) -> None:
    interval = data.draw(st.floats(min_value=0.0, max_value=cadence.slow * 4))
    expected = min(cadence.slow * 4, max(interval, cadence.fast) * 2)
    assert cadence.after(interval, Outcome.RATE_LIMITED) == pytest.approx(expected)


def test_quiet_polls_walk_up_to_slow() -> None:
    """4 s, twice as slow each quiet poll, up to 20 s: 8, 16, then 20 and 20."""
    cadence = Cadence(fast=4.0, slow=20.0, factor=2.0)
    interval, seen = 4.0, []
    for _ in range(4):
        interval = cadence.after(interval, Outcome.QUIET)
        seen.append(interval)
    assert seen == [8.0, 16.0, 20.0, 20.0]


def test_429s_walk_up_to_four_times_slow_and_a_quiet_poll_comes_back_to_slow() -> None:
    """3 s fast, 10 s slow: a 429 from 1 s (below fast) gives 2 × 3 = 6, then 12, 24, 40 (4 × 10)
    and 40 again; a quiet poll after that is slow again (10), a busy one fast (3)."""
    cadence = Cadence(fast=3.0, slow=10.0, factor=1.25)
    interval, seen = 1.0, []
    for _ in range(5):
        interval = cadence.after(interval, Outcome.RATE_LIMITED)
        seen.append(interval)
    assert seen == [6.0, 12.0, 24.0, 40.0, 40.0]
    assert cadence.after(interval, Outcome.QUIET) == 10.0
    assert cadence.after(interval, Outcome.BUSY) == 3.0
    assert cadence.after(7.0, Outcome.QUIET) == 8.75  # 7 × 1.25, under slow


def test_the_lists_default_pace_is_the_documented_one() -> None:
    """docs/browsing.md: every 5 s while something changes, 1.5 times slower after each quiet
    poll, slowing to 30 s."""
    cadence = Cadence()
    assert cadence.after(12.0, Outcome.BUSY) == 5.0
    assert cadence.after(12.0, Outcome.QUIET) == 18.0
    assert cadence.after(25.0, Outcome.QUIET) == 30.0
    assert cadence.after(12.0, Outcome.FAILED) == 30.0


def test_a_list_shown_again_polls_at_once_only_when_a_poll_is_due() -> None:
    cadence = Cadence(fast=6.0, slow=40.0)
    assert cadence.due(None, 12.0)  # never polled
    assert cadence.due(None, None)
    assert cadence.due(12.0, 12.0)  # exactly an interval since the last poll
    assert cadence.due(13.0, 12.0)
    assert not cadence.due(11.5, 12.0)  # a dialog closed: wait for the usual beat
    assert not cadence.due(0.0, 12.0)
    # No interval yet: fast is the beat.
    assert cadence.due(6.0, None)
    assert not cadence.due(5.5, None)
    assert cadence.due(7.0, None)


@given(cadences(), st.floats(min_value=0.0, max_value=1e4), st.floats(min_value=0.01, max_value=1e4))
def test_due_means_an_interval_has_passed(cadence: Cadence, since: float, interval: float) -> None:
    assert cadence.due(since, interval) == (since >= interval)
