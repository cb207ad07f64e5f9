"""Waiting for background work: the one polling loop (`eventually`), the app's form of it
(`wait_until`), moving a fake clock until something happens (`advance_until`), and `settle`."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from maia_tui.api.clock import FakeClock

# A hang guard, not a budget: a wait ends as soon as its condition holds, and only a condition
# that never comes waits this long. It is far above what any load makes a real wait take, and
# below pytest-timeout's 60 s so the message names what never happened.
HANG_GUARD = float(os.environ.get("MAIA_TEST_HANG_GUARD", "30"))  # scripts/mutation.sh sets 5: mutants hang often

POLL = 0.01  # seconds between looks: real loopback I/O answers within a few of them


async def eventually(
    predicate: Callable[[], object],
    timeout: float = HANG_GUARD,
    what: str = "condition",
    *,
    pause: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Poll until `predicate()` holds: background work over real loopback HTTP needs a moment.
    `pause(POLL)` runs between looks. `timeout` only guards against a hang (see HANG_GUARD);
    it never decides a pass."""
    deadline = time.monotonic() + max(timeout, HANG_GUARD)
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {HANG_GUARD:.0f}s and never saw {what}")
        await pause(POLL)


async def wait_until(pilot: Pilot, predicate: Callable[[], object], what: str, timeout: float = HANG_GUARD) -> None:
    """`eventually`, letting the app and the emulator work (real I/O) between looks: no test
    passes or fails on how fast a loaded machine gets there."""
    await eventually(predicate, timeout, what, pause=pilot.pause)


async def advance_until(
    pilot: Pilot,
    clock: FakeClock,
    predicate: Callable[[], object],
    what: str,
    *,
    step: float = 1.0,
    timeout: float = HANG_GUARD,
) -> float:
    """Move the fake clock in steps (letting real loopback I/O run between them) until
    `predicate` holds. The clock never moves once `predicate` holds: it is checked right
    before each step. Returns the fake seconds it took; the real-time bound is a hang guard."""
    moved = 0.0

    async def step_clock(_: float) -> None:
        nonlocal moved
        clock.advance(step)
        moved += step
        await pilot.pause(0.02)

    try:
        await eventually(predicate, timeout, what, pause=step_clock)
    except AssertionError as error:
        raise AssertionError(f"{error} (fake clock +{moved:.0f}s)") from None
    return moved


async def settle(rounds: int = 50) -> None:
    """Let every task that is ready run (no real time passes, no I/O is awaited): after a
    FakeClock.advance, what the new time wakes has run by the end of this."""
    for _ in range(rounds):
        await asyncio.sleep(0)
