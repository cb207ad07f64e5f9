"""The account's clock: wall time, a frozen instant, or any Clock a test moves (FakeClock)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from ..api.clock import Clock, SystemClock
from .config import EmulatorConfig


class FrozenClock:
    """Always the same instant: the account looks the same on every restart."""

    def __init__(self, at: datetime) -> None:
        self.at = at.astimezone(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return self.at

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


def account_clock(config: EmulatorConfig) -> Clock:
    if config.clock is not None:
        return config.clock
    if config.frozen_at is not None:
        return FrozenClock(config.frozen_at)
    return SystemClock()


def now_ms(clock: Clock) -> int:
    return int(clock.now().timestamp() * 1000)
