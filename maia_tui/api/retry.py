"""One retry policy for every API request: how long to wait after a 429, a dropped connection
or a 502-504, and when to give up.

- A 429 is waited out for its `Retry-After` (seconds, or an HTTP date, read against the injected
  clock; 0 means at once; absent or unreadable means 1 s), until the rate-limit waits of one
  request would pass `max_rate_limit_wait` in total.
- A dropped connection or a 502-504 is retried `retries` times, `backoff` x n seconds apart.
- `time_limit` is the whole of one request: every attempt plus the pauses between them. It is
  the documented read timeout (30 s), so retries never stretch it to 90 s. Time spent waiting
  out 429s, for a request budget slot or for a token refresh is not counted here: 429s have
  their own cap, the other two are local queues.

This is a small object rather than tenacity or stamina: both keep time with `time.monotonic`
(tenacity's `stop_after_delay`, stamina's `timeout`), which a FakeClock cannot move, so every
stop, wait and sleep would have to be replaced, leaving only their loop.
"""

from __future__ import annotations

import email.utils
import math
from dataclasses import dataclass
from datetime import UTC, datetime

FALLBACK_RETRY_AFTER = 1.0  # a 429 without a usable Retry-After
MAX_RATE_LIMITED_ANSWERS = 100  # per request: a storm of "Retry-After: 0" still ends


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds ("7", "0") or an HTTP date
    ("Wed, 21 Oct 2026 07:28:00 GMT") against `now`. A date in the past means 0; None when
    the header is absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" or no zone: HTTP dates are always GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 2
    backoff: float = 0.2
    max_rate_limit_wait: float = 60.0
    time_limit: float = 30.0

    def start(self) -> RetryState:
        return RetryState(self)


class RetryState:
    """The retry bookkeeping of one request."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.retries = 0
        self.rate_limit_waited = 0.0
        self.rate_limited_answers = 0
        self.spent = 0.0  # attempts and the pauses between them, against `time_limit`

    @property
    def remaining(self) -> float:
        return max(0.0, self.policy.time_limit - self.spent)

    def took(self, seconds: float) -> None:
        """An attempt took this long."""
        self.spent += max(0.0, seconds)

    def after_failure(self) -> float | None:
        """A dropped connection or a 502-504: the pause before the next try, or None to give up."""
        if self.retries >= self.policy.retries:
            return None
        delay = self.policy.backoff * (self.retries + 1)
        if self.spent + delay >= self.policy.time_limit:
            return None
        self.retries += 1
        self.spent += delay
        return delay

    def after_rate_limit(self, retry_after: float | None) -> float | None:
        """A 429: its Retry-After (or the fallback), or None once the waits would pass the cap."""
        delay = FALLBACK_RETRY_AFTER if retry_after is None else retry_after
        self.rate_limited_answers += 1
        if (
            self.rate_limit_waited + delay > self.policy.max_rate_limit_wait
            or self.rate_limited_answers > MAX_RATE_LIMITED_ANSWERS
        ):
            return None
        self.rate_limit_waited += delay
        return delay
