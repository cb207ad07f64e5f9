"""The request budget under any load (Hypothesis): in no sliding minute does it let more through
than its burst plus a minute's rate, every caller is let through in the order it asked, and none
before it asked. Time is a FakeClock moved in quarter seconds: every rate drawn has an interval
that is a whole number of quarter seconds, so every slot lands exactly on a step."""

from __future__ import annotations

import asyncio
from bisect import bisect_right
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from maia_tui.api.budget import RequestBudget
from maia_tui.api.clock import FakeClock

STEP = 0.25  # seconds: a power of two, so every sum of steps is exact
MINUTE = 60.0

# The interval between slots in quarter seconds (a rate of 240/steps a minute), the burst (None:
# the default), and groups of callers asking at once after a pause of some quarter seconds.
interval_steps = st.integers(1, 20)
bursts = st.none() | st.integers(1, 40)
crowds = st.lists(st.tuples(st.integers(0, 240), st.integers(1, 25)), min_size=1, max_size=15)


async def let_through(
    budget: RequestBudget, clock: FakeClock, crowds: list[tuple[int, int]]
) -> list[tuple[float, float]]:
    """(asked, let through) for every caller, in the order they asked, on the fake clock."""
    times: list[tuple[float, float]] = []

    async def caller(asked: float) -> None:
        await budget.acquire()
        times.append((asked, clock.monotonic()))

    async def step() -> None:
        clock.advance(STEP)
        for _ in range(3):  # the callers woken note the time they were let through
            await asyncio.sleep(0)

    tasks = []
    for pause, count in crowds:
        for _ in range(pause):
            await step()
        tasks += [asyncio.ensure_future(caller(clock.monotonic())) for _ in range(count)]
        for _ in range(3):  # each caller reserves its slot (and the unlucky ones start sleeping)
            await asyncio.sleep(0)
    while len(times) < len(tasks):
        await step()
    await asyncio.gather(*tasks)
    return times


def rate_of(steps: int) -> Fraction:
    """Requests a minute when slots are `steps` quarter seconds apart, exactly."""
    return Fraction(MINUTE) / (steps * Fraction(STEP))


@given(interval_steps, bursts, crowds)
async def test_no_sliding_minute_lets_more_through_than_the_burst_and_a_minutes_rate(steps, burst, crowds) -> None:
    clock = FakeClock()
    budget = RequestBudget(clock, float(rate_of(steps)), burst=burst)
    times = await let_through(budget, clock, crowds)

    through = sorted(at for _, at in times)
    limit = budget.burst + rate_of(steps)  # the contract (budget.py): at most burst + w x rate in any w seconds
    for i, start in enumerate(through):
        in_minute = bisect_right(through, start + MINUTE) - i  # let through in [start, start + 60 s]
        assert in_minute <= limit, (
            f"{in_minute} let through in the minute from {start - 1000:.2f} s (limit {float(limit):g})"
        )
    assert all(at >= asked for asked, at in times), "nobody goes before asking"
    assert [at for _, at in times] == through, "callers go in the order they asked"


@given(interval_steps, st.integers(1, 40), st.integers(1, 200))
async def test_a_crowd_asking_at_once_gets_the_burst_at_once_then_one_per_interval(steps, burst, count) -> None:
    """What the limit above allows is also what is given: no caller waits longer than its slot."""
    clock = FakeClock()
    budget = RequestBudget(clock, float(rate_of(steps)), burst=burst)
    times = await let_through(budget, clock, [(0, count)])
    expected = [max(0, k - burst + 1) * steps * STEP for k in range(count)]
    assert [at - asked for asked, at in times] == expected
