"""Whether the API answers: the last network failure, since when, and when the next try is due.

Any HTTP answer, even an error status, means the server is reachable; a request that fails
below HTTP (connection refused, dropped, timed out) means it is not. A UI subscribes to show
an offline state and, between probes, awaits `wait_for_retry()` (capped exponential backoff
with jitter, on the injected clock) until the server answers again. TLS failures are a
configuration problem, not an outage, and are not recorded here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .auth import Backoff
from .clock import Clock
from .errors import NetworkError
from .listeners import Listeners

log = logging.getLogger("maia_tui.api.health")


@dataclass(frozen=True)
class HealthStatus:
    """A snapshot for display; `next_retry_in` is computed when it is taken."""

    online: bool
    last_error: NetworkError | None
    offline_since: datetime | None  # wall clock, for display
    offline_for: float  # seconds since the first failure of this outage
    next_retry_in: float | None
    failures: int  # failed requests in this outage


class ConnectionHealth:
    def __init__(self, clock: Clock, backoff: Backoff | None = None) -> None:
        self._clock = clock
        self._backoff = backoff or Backoff(base=1.0, cap=30.0)
        self._last_error: NetworkError | None = None
        self._since: float | None = None
        self._since_wall: datetime | None = None
        self._retry_at: float | None = None
        self._failures = 0
        self._back = asyncio.Event()
        self._listeners: Listeners[HealthStatus] = Listeners("connection health")

    @property
    def online(self) -> bool:
        return self._last_error is None

    def status(self) -> HealthStatus:
        now = self._clock.monotonic()
        return HealthStatus(
            online=self.online,
            last_error=self._last_error,
            offline_since=self._since_wall,
            offline_for=0.0 if self._since is None else max(0.0, now - self._since),
            next_retry_in=None if self._retry_at is None else max(0.0, self._retry_at - now),
            failures=self._failures,
        )

    def subscribe(self, listener: Callable[[HealthStatus], None]) -> Callable[[], None]:
        """Call `listener` when the connection is lost, fails again, comes back, or a retry is
        planned; returns an unsubscribe."""
        return self._listeners.subscribe(listener)

    def _notify(self) -> None:
        self._listeners.notify(self.status())

    # ----- fed by the client ---------------------------------------------------------

    def reached(self) -> None:
        """The server answered (whatever the status). Cheap when nothing changes."""
        if self._last_error is None:
            return
        log.info("the API answers again after %.0f s", self.status().offline_for)
        self._last_error = None
        self._since = self._since_wall = None
        self._retry_at = None
        self._failures = 0
        self._backoff.reset()
        self._back.set()
        self._back = asyncio.Event()
        self._notify()

    def unreachable(self, error: NetworkError) -> None:
        """A request failed below HTTP after its quick retries."""
        if self._last_error is None:
            self._since = self._clock.monotonic()
            self._since_wall = self._clock.now()
            log.info("the API is unreachable: %s", error.message)
        self._last_error = error
        self._failures += 1
        self._notify()

    # ----- for whoever retries -------------------------------------------------------

    async def wait_for_retry(self) -> None:
        """Sleep until the next try is due (capped exponential backoff with jitter), or until
        the server answers some other request meanwhile. The due time shows in `status()`."""
        if self.online:
            return
        delay = self._backoff.next_delay()
        self._retry_at = self._clock.monotonic() + delay
        self._notify()
        back = asyncio.ensure_future(self._back.wait())
        sleeper = asyncio.ensure_future(self._clock.sleep(delay))
        try:
            await asyncio.wait({back, sleeper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            back.cancel()
            sleeper.cancel()
            self._retry_at = None
