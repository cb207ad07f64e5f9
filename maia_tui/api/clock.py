"""Time, injectable: a monotonic clock for deadlines, a wall clock for display, and sleep.

Countdowns and refresh timing derive from absolute deadlines on `monotonic()`; tests swap
in `FakeClock` and move time with `advance()` instead of sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now(self) -> datetime:
        """Aware wall-clock time (UTC)."""
        ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


ROUNDING = 1e-9  # seconds: far below any delay a test means, far above float error at these magnitudes


class FakeClock:
    """A clock that only moves when told to. Sleepers wake when `advance()` passes their deadline."""

    def __init__(self, start: datetime | None = None, monotonic_start: float = 1000.0) -> None:
        self._wall_start = start or datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
        self._mono_start = monotonic_start
        self._elapsed = 0.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def monotonic(self) -> float:
        return self._mono_start + self._elapsed

    def now(self) -> datetime:
        return self._wall_start + timedelta(seconds=self._elapsed)

    def sleep(self, seconds: float) -> Coroutine[Any, Any, None]:
        """Sleep `seconds` from the moment of this call. The deadline is fixed here, not when
        the coroutine first runs: `ensure_future(clock.sleep(d))` runs it a loop turn later,
        and a test that advances the clock in between must not push the deadline back."""
        return self._sleep_until(self.monotonic() + seconds)

    async def _sleep_until(self, deadline: float) -> None:
        if deadline <= self.monotonic() + ROUNDING:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((deadline, future))
        try:
            await future
        finally:
            self._sleepers = [(d, f) for d, f in self._sleepers if f is not future]

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose deadline has passed. Moving by the
        time a status says remains (`deadline - now`) reaches that deadline: float rounding
        can land a hair short of it, so a nanosecond short counts as there."""
        self._elapsed += seconds
        now = self.monotonic()
        for deadline, future in list(self._sleepers):
            if deadline <= now + ROUNDING and not future.done():
                future.set_result(None)

    @property
    def sleepers(self) -> int:
        return sum(1 for _, f in self._sleepers if not f.done())


def time_limit(clock: Clock, seconds: float) -> contextlib.AbstractAsyncContextManager[object]:
    """`async with time_limit(clock, s):` raises TimeoutError when its body runs past `s` seconds
    of `clock` (like `asyncio.timeout`, which is what the system clock gets)."""
    if not math.isfinite(seconds):
        return contextlib.nullcontext()
    if isinstance(clock, SystemClock):
        return asyncio.timeout(seconds)
    return _ClockTimeout(clock, seconds)


class _ClockTimeout:
    """asyncio.timeout on any Clock: a sleeper on that clock cancels the task when it wakes."""

    def __init__(self, clock: Clock, seconds: float) -> None:
        self._clock = clock
        self._seconds = seconds
        self._expired = False
        self._done = False

    async def __aenter__(self) -> None:
        task = asyncio.current_task()
        assert task is not None, "time_limit needs a task"
        self._task = task
        self._sleeper = asyncio.ensure_future(self._clock.sleep(self._seconds))
        self._sleeper.add_done_callback(self._expire)

    def _expire(self, sleeper: asyncio.Future[None]) -> None:
        # Callbacks run between task steps: if the body has left, _done is already set.
        if self._done or sleeper.cancelled():
            return
        self._expired = True
        self._task.cancel()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._done = True
        self._sleeper.cancel()
        if self._expired and kind is asyncio.CancelledError and self._task.uncancel() == 0:
            raise TimeoutError from error
