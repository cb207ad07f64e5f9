"""One request budget per client: a token bucket every request waits in, on the client's clock."""

from __future__ import annotations

import asyncio

import pytest

from maia_tui.api.budget import RequestBudget
from maia_tui.api.clock import FakeClock
from tests.support import eventually


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
