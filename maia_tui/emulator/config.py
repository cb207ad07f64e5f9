"""What an emulated account looks like: its size, seed, clock, token lifetime, clients, knobs and faults."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..api.clock import Clock
from .faults import Faults

# Not a real secret: the emulator prints it in its banner so anyone can try the API locally.
DEMO_CLIENT_ID = "demo-client"
DEMO_CLIENT_SECRET = "demo-secret-change-me"

# Areas a credential can be denied (`--deny`): each answers 403 as the real service does.
DENY_AREAS = (
    "projects",
    "environments",
    "pipelines",
    "schedules",
    "executions",
    "agents",
    "events",
    "consumption",
    "streaming",
    "run",
    "cancel",
)
RUN_OUTCOMES = ("SUCCESS", "FAILED", "CANCELLED", "SKIPPED", "UNKNOWN")
MAX_PROJECTS = 250_000  # a scheduled run's id holds its schedule's index in 21 bits


def _demo_clients() -> dict[str, str]:
    return {DEMO_CLIENT_ID: DEMO_CLIENT_SECRET}


@dataclass
class EmulatorConfig:
    projects: int = 140
    seed: int = 7
    token_lifetime: float = 1800.0
    clients: dict[str, str] = field(default_factory=_demo_clients)
    # Token expiry is judged on this clock, so tests can jump past `exp` without sleeping.
    wall_clock: Callable[[], float] = time.time
    hostile_names: bool = False
    faults: Faults = field(default_factory=Faults)
    # The account's clock: runs start, progress and finish as it moves. None: wall time
    # (or `frozen_at`). Tests pass a FakeClock and advance it.
    clock: Clock | None = None
    # Freeze the account at this instant (screenshots, reproducible demos); ignored with `clock`.
    frozen_at: datetime | None = None
    # Ad-hoc runs (designer, API, run-now) started per project per day.
    runs_per_project_per_day: float = 12.0
    # A run started through the API finishes within this many seconds.
    run_seconds: float = 20.0
    # Areas answered 403 (see DENY_AREAS), as for a credential without that permission.
    deny: frozenset[str] = frozenset()
    # How runs started through the API end (None: SUCCESS).
    run_outcome: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.projects <= MAX_PROJECTS:
            raise ValueError(f"projects must be between 0 and {MAX_PROJECTS:,}")
        if self.token_lifetime <= 0:
            raise ValueError("token_lifetime must be > 0")
        if self.runs_per_project_per_day <= 0:
            raise ValueError("runs_per_project_per_day must be > 0")
        if self.run_seconds <= 0:
            raise ValueError("run_seconds must be > 0")
        unknown = set(self.deny) - set(DENY_AREAS)
        if unknown:
            raise ValueError(f"unknown deny areas {sorted(unknown)}; use {', '.join(DENY_AREAS)}")
        if self.run_outcome is not None and self.run_outcome not in RUN_OUTCOMES:
            raise ValueError(f"run_outcome must be one of {RUN_OUTCOMES}")
        if self.frozen_at is not None and self.frozen_at.tzinfo is None:
            raise ValueError("frozen_at must carry a time zone")
