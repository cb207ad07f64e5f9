"""One request budget per client: a token bucket every request waits in, on the client's clock."""

from __future__ import annotations

import asyncio
import logging

import pytest

from maia_tui.api.budget import RequestBudget
from maia_tui.api.clock import FakeClock
from tests.support import HANG_GUARD, eventually


async def test_a_burst_goes_at_once_then_one_request_per_interval():
    clock = FakeClock()
    budget = RequestBudget(clock, requests_per_minute=60, burst=3)  # one a second after 3 at once
    started: list[float] = []

    async def request() -> None:
        await budget.acquire()
        started.append(clock.monotonic() - 1000.0)

    tasks = [asyncio.ensure_future(request()) for _ in range(6)]
    await eventually(lambda: len(started) == 3 and clock.sleepers == 3, what="the burst, and three waiting")
    for _ in range(3):
        clock.advance(1.0)
        count = len(started)
        await eventually(lambda: len(started) == count + 1, what="the next slot")
    await asyncio.gather(*tasks)
    assert started == [0.0, 0.0, 0.0, 1.0, 2.0, 3.0]  # in order; nobody polled (three sleepers, each woken once)
    assert budget.delayed == 3 and budget.granted == 6


async def test_an_idle_budget_refills_up_to_its_burst_only():
    clock = FakeClock()
    budget = RequestBudget(clock, requests_per_minute=120, burst=2)
    for _ in range(2):
        await budget.acquire()
    clock.advance(3600)  # an hour idle earns no more than the burst
    await budget.acquire()
    await budget.acquire()
    assert budget.wait_time() == 0.5
    assert budget.delayed == 0


def test_the_default_stays_under_the_documented_1000_per_minute():
    budget = RequestBudget(FakeClock())
    assert budget.requests_per_minute == 600 and budget.burst == 100  # worst minute: 700 requests


@pytest.mark.parametrize("rate", [0, -5])
def test_a_budget_needs_a_positive_rate(rate):
    with pytest.raises(ValueError, match="requests_per_minute"):
        RequestBudget(FakeClock(), requests_per_minute=rate)


async def test_fifty_concurrent_callers_share_one_budget(make_client, emulator, clock: FakeClock):
    """50 callers of one client, 4 requests each, at 120/min with a burst of 10. The emulator
    counts what arrives while the fake clock moves in half seconds: the burst at once, then
    one request per half second (2 a second), whoever asks."""
    client = make_client(requests_per_minute=120, request_burst=10)
    await client.login()
    path = "/dpc/v1/projects"
    base = emulator.stats.requests_by_path[path]

    def arrived() -> int:
        return emulator.stats.requests_by_path[path] - base

    async def caller() -> None:
        for _ in range(4):
            await client.list_projects(page=0, size=1)

    tasks = [asyncio.ensure_future(caller()) for _ in range(50)]
    counts = []  # what the server had seen at t = 0, 0.5, 1.0, ... s
    step = 0
    while not all(task.done() for task in tasks):
        expected = min(200, 10 + step)
        await eventually(lambda: arrived() >= expected, timeout=5.0, what=f"{expected} requests at {step / 2} s")
        await asyncio.sleep(0)
        counts.append(arrived())
        if expected == 200:
            await asyncio.gather(*tasks)
            break
        clock.advance(0.5)
        step += 1
    # Exactly the burst, then one more per half second: all 200 at (200 - 10) / 2 = 95 s, none earlier.
    assert counts == [min(200, 10 + k) for k in range(191)]
    # So any 60 s of it holds at most the burst plus 120.
    for start in range(1, len(counts)):
        assert counts[min(len(counts) - 1, start + 119)] - counts[start - 1] <= 130


@pytest.mark.parametrize(
    ("rate", "burst"),
    [
        (90, 15),  # 10 s of 90 a minute: 90 x 10 / 60 = 15
        (1000, 167),  # 166.67, rounded to the nearest
        (3, 1),  # half a request in 10 s: still at least one at once
    ],
)
def test_the_default_burst_is_ten_seconds_of_requests_and_at_least_one(rate, burst):
    assert RequestBudget(FakeClock(), requests_per_minute=rate).burst == burst


async def test_a_rate_under_one_a_minute_is_allowed():
    """Half a request a minute: one every 120 s."""
    clock = FakeClock()
    budget = RequestBudget(clock, requests_per_minute=0.5)
    await budget.acquire()
    assert budget.burst == 1 and budget.wait_time() == 120.0


def test_a_burst_of_at_least_one_is_needed():
    with pytest.raises(ValueError, match="burst must be at least 1, not 0"):
        RequestBudget(FakeClock(), requests_per_minute=60, burst=0)
    with pytest.raises(ValueError, match="requests_per_minute must be greater than 0, not -5"):
        RequestBudget(FakeClock(), requests_per_minute=-5)


async def test_a_burst_of_one_spaces_every_request_by_the_interval():
    clock = FakeClock()
    budget = RequestBudget(clock, requests_per_minute=30, burst=1)  # one every 2 s, none at once
    assert budget.wait_time() == 0.0
    await budget.acquire()
    assert budget.wait_time() == 2.0
    clock.advance(0.5)
    assert budget.wait_time() == 1.5


async def test_a_wait_under_a_second_is_still_waited_and_logged(caplog):
    """120 a minute with no burst: the second request waits 0.5 s on the clock, and the debug log
    says why it waits (on a FakeClock nobody advances it would wait forever)."""
    clock = FakeClock()
    budget = RequestBudget(clock, requests_per_minute=120, burst=1)
    await budget.acquire()
    caplog.set_level(logging.DEBUG, logger="maia_tui.api.budget")
    second = asyncio.ensure_future(budget.acquire())
    await eventually(lambda: clock.sleepers == 1, what="the second request waiting")
    clock.advance(0.49)
    await asyncio.sleep(0.01)
    assert not second.done()
    clock.advance(0.01)
    await asyncio.wait_for(second, HANG_GUARD)
    assert budget.granted == 2 and budget.delayed == 1
    assert caplog.messages == ["request budget: waiting 0.500 s for a slot (RequestBudget(120/min, burst 1))"]
