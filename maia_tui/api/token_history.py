"""What happened to this session's token refreshes: when each ran, how long the exchange took,
and why a failed one failed. Bounded, so a long session on a flaky network cannot grow it."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime

from .errors import MaiaError

HISTORY_LIMIT = 50  # the credential screen shows the newest; older records drop off


@dataclass(frozen=True)
class RefreshRecord:
    """One token exchange. `reason` is the error's own sentence (server text made printable
    by MaiaError.__str__); it never holds a secret or a token."""

    at: datetime  # wall clock (aware, UTC) when the exchange started
    duration: float  # seconds, on the monotonic clock
    ok: bool
    reason: str | None = None
    error_kind: str | None = None  # the exception's class name, e.g. "NetworkError"


class TokenHistory:
    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._records: deque[RefreshRecord] = deque(maxlen=limit)

    def succeeded(self, at: datetime, duration: float) -> None:
        self._records.append(RefreshRecord(at, max(0.0, duration), True))

    def failed(self, at: datetime, duration: float, error: MaiaError) -> None:
        self._records.append(RefreshRecord(at, max(0.0, duration), False, str(error), type(error).__name__))

    def records(self) -> list[RefreshRecord]:
        """Oldest first."""
        return list(self._records)

    def clear(self) -> None:
        self._records.clear()
