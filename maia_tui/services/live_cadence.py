"""How often a live list asks the server again (issue #26): fast while something changes or a
row is live, slower after each quiet poll, slower still after a 429, and the offline pace after
any other error (the app's probe brings the list back). No Textual: the list widget
(ui/views/resource_list.py) asks this for each next interval and whether a poll is due.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Outcome(enum.Enum):
    """What one poll found."""

    BUSY = "busy"  # something changed, or a row is still live
    QUIET = "quiet"  # nothing changed and no row is live
    RATE_LIMITED = "rate limited"  # a 429: slow down, never an error
    FAILED = "failed"  # offline or failing


@dataclass(frozen=True)
class Cadence:
    """Poll every `fast` seconds while something changes or a row is live, slowing by `factor`
    up to `slow` while nothing does; after a 429 twice as slow, up to four times `slow`."""

    fast: float = 5.0
    slow: float = 30.0
    factor: float = 1.5

    @property
    def rate_limited_cap(self) -> float:
        return self.slow * 4

    def after(self, interval: float, outcome: Outcome) -> float:
        """The interval before the next poll, given the last one and what the poll found."""
        if outcome is Outcome.RATE_LIMITED:
            return min(self.rate_limited_cap, max(interval, self.fast) * 2)
        if outcome is Outcome.FAILED:
            return self.slow
        if outcome is Outcome.BUSY:
            return self.fast
        return min(self.slow, interval * self.factor)

    def due(self, since: float | None, interval: float | None) -> bool:
        """Whether a list shown again should poll at once: never polled, or `since` seconds
        since its last poll are at least its interval (a dialog closing is no reason to ask the
        server again)."""
        return since is None or since >= (interval or self.fast)
