"""One request budget per client: a token bucket every request passes through (pages, prefetch,
live polling, retries), so no screen can earn the account a 429 storm.

The bucket is kept as a "theoretical arrival time" (GCRA, the algorithm behind many rate
limiters): each caller reserves the next free slot and sleeps once, on the injected clock,
until it. Waiters are served in the order they asked; nobody polls.
"""

from __future__ import annotations

import logging

from .clock import Clock

log = logging.getLogger("maia_tui.api.budget")

DEFAULT_REQUESTS_PER_MINUTE = 600.0  # under the documented 1000, leaving room for other tools
BURST_SECONDS = 10.0  # by default up to 10 s worth of requests may go at once


class RequestBudget:
    """At most `burst` requests at once, then `requests_per_minute` on average: over any
    window of w seconds, at most burst + w x rate. The default (600/min, burst 100) stays
    under the documented 1000 per minute even in the worst minute (700)."""

    def __init__(
        self, clock: Clock, requests_per_minute: float = DEFAULT_REQUESTS_PER_MINUTE, *, burst: int | None = None
    ) -> None:
        if not requests_per_minute > 0:
            raise ValueError(f"requests_per_minute must be greater than 0, not {requests_per_minute}")
        if burst is None:
            burst = max(1, round(requests_per_minute * BURST_SECONDS / 60.0))
        if burst < 1:
            raise ValueError(f"burst must be at least 1, not {burst}")
        self.requests_per_minute = float(requests_per_minute)
        self.burst = burst
        self._clock = clock
        self._interval = 60.0 / requests_per_minute
        self._tolerance = (burst - 1) * self._interval
        self._next_slot = float("-inf")  # the theoretical arrival time of the next request
        self.granted = 0
        self.delayed = 0  # requests that had to wait for their slot

    def wait_time(self) -> float:
        """How long a request asking now would wait (for display; reserves nothing)."""
        now = self._clock.monotonic()
        return max(0.0, max(self._next_slot, now) - self._tolerance - now)

    async def acquire(self) -> None:
        """Wait for this request's slot. A caller cancelled while waiting leaves its slot unused."""
        now = self._clock.monotonic()
        arrival = max(self._next_slot, now)
        self._next_slot = arrival + self._interval
        self.granted += 1
        wait = arrival - self._tolerance - now
        if wait > 0:
            self.delayed += 1
            # On a FakeClock that nobody advances this waits forever: this line says why.
            log.debug("request budget: waiting %.3f s for a slot (%s)", wait, self)
            await self._clock.sleep(wait)

    def __repr__(self) -> str:
        return f"RequestBudget({self.requests_per_minute:g}/min, burst {self.burst})"
