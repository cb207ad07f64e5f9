"""Fault knobs (all off by default) and the deterministic dice that decide which request fails.

Shares are applied by a counter, not a random draw, so a test that sets a share of 0.5 knows
that exactly every second request fails, starting with the second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MALFORMED_KINDS = ("html", "truncated", "empty", "wrong_types")
FORBIDDEN_KINDS = ("role", "ip")


@dataclass
class Faults:
    latency_ms: float = 0.0
    # Extra latency keyed by the `page` query parameter, e.g. {2: 800} makes page 2 slow.
    page_latency_ms: dict[int, float] = field(default_factory=dict)
    rate_limit_share: float = 0.0
    retry_after: int = 1
    server_error_share: float = 0.0
    drop_share: float = 0.0
    malformed: str | None = None
    # Whether latency, server errors and drops also hit the token endpoint.
    token_endpoint_faults: bool = False
    forbidden: str | None = None
    wrong_region: bool = False

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        for name in ("rate_limit_share", "server_error_share", "drop_share"):
            share = getattr(self, name)
            if not 0.0 <= share <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {share}")
        if self.malformed is not None and self.malformed not in MALFORMED_KINDS:
            raise ValueError(f"malformed must be one of {MALFORMED_KINDS} or None")
        if self.forbidden is not None and self.forbidden not in FORBIDDEN_KINDS:
            raise ValueError(f"forbidden must be one of {FORBIDDEN_KINDS} or None")

    def latency_for(self, page: int | None) -> float:
        """Seconds to wait before answering a request for `page` (None: not a paged request)."""
        extra = self.page_latency_ms.get(page, 0.0) if page is not None else 0.0
        return max(0.0, self.latency_ms + extra) / 1000.0


class Dice:
    """Per-kind counters: with share s, request k fails when floor(k*s) steps up.

    A counter restarts when its share changes, so changing a knob mid-test is predictable.
    Only touched from the server's event loop.
    """

    def __init__(self) -> None:
        self._state: dict[str, tuple[float, int]] = {}

    def hit(self, kind: str, share: float) -> bool:
        if share <= 0.0:
            self._state.pop(kind, None)
            return False
        last_share, count = self._state.get(kind, (share, 0))
        if last_share != share:
            count = 0
        count += 1
        self._state[kind] = (share, count)
        return math.floor(count * share + 1e-9) > math.floor((count - 1) * share + 1e-9)
