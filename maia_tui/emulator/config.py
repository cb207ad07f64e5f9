"""What an emulated account looks like: its size, seed, clock, token lifetime, clients, knobs and faults."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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


def check_areas(areas: Iterable[str], what: str = "deny areas") -> frozenset[str]:
    """The areas as a set, or ValueError naming the unknown ones."""
    chosen = frozenset(areas)
    unknown = sorted(chosen - set(DENY_AREAS))
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(unknown)}; use {','.join(DENY_AREAS)}")
    return chosen


@dataclass(frozen=True)
class Client:
    """One credential set the token endpoint knows (`--client ID:SECRET[:deny=AREA,AREA]`), with
    the areas answered 403 to its tokens, as for a credential without those permissions."""

    client_id: str
    secret: str
    deny: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.client_id or not self.secret:
            raise ValueError("a client needs an id and a secret")
        object.__setattr__(self, "deny", check_areas(self.deny, f"deny areas for client {self.client_id!r}"))

    def __repr__(self) -> str:  # an emulator secret, but a secret all the same: never in a repr
        return f"Client({self.client_id!r}, deny={sorted(self.deny)})"

    @classmethod
    def parse(cls, text: str) -> Client:
        """ID:SECRET or ID:SECRET:deny=AREA,AREA (the secret may hold colons; `:deny=` ends it)."""
        client_id, _, rest = text.partition(":")
        secret, marker, areas = rest.rpartition(":deny=")
        if not marker:
            secret, areas = rest, ""
        return cls(client_id, secret, frozenset(a.strip() for a in areas.split(",") if a.strip()))


@dataclass
class EmulatorConfig:
    projects: int = 140
    seed: int = 7
    token_lifetime: float = 1800.0
    clients: dict[str, str] = field(default_factory=_demo_clients)
    # Areas answered 403 to one client's tokens only (client id -> areas), besides `deny`.
    client_deny: dict[str, frozenset[str]] = field(default_factory=dict)
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
    # A cancel sent through the API passes through CANCELLING for this many seconds.
    cancelling_seconds: float = 5.0
    # Areas answered 403 (see DENY_AREAS), as for a credential without that permission.
    deny: frozenset[str] = frozenset()
    # How runs started through the API end (None: SUCCESS).
    run_outcome: str | None = None

    @classmethod
    def with_clients(cls, clients: Iterable[Client], **options: Any) -> EmulatorConfig:
        """An account whose token endpoint knows exactly these clients, each with its refused areas."""
        chosen = list(clients)
        return cls(
            clients={c.client_id: c.secret for c in chosen},
            client_deny={c.client_id: c.deny for c in chosen if c.deny},
            **options,
        )

    def __post_init__(self) -> None:
        if not 0 <= self.projects <= MAX_PROJECTS:
            raise ValueError(f"projects must be between 0 and {MAX_PROJECTS:,}")
        if self.token_lifetime <= 0:
            raise ValueError("token_lifetime must be > 0")
        if self.runs_per_project_per_day <= 0:
            raise ValueError("runs_per_project_per_day must be > 0")
        if self.run_seconds <= 0:
            raise ValueError("run_seconds must be > 0")
        if self.cancelling_seconds < 0:
            raise ValueError("cancelling_seconds must be >= 0")
        check_areas(self.deny)
        for client_id, areas in self.client_deny.items():
            if client_id not in self.clients:
                raise ValueError(f"deny areas for {client_id!r}, which is not one of the clients")
            check_areas(areas, f"deny areas for client {client_id!r}")
        if self.run_outcome is not None and self.run_outcome not in RUN_OUTCOMES:
            raise ValueError(f"run_outcome must be one of {RUN_OUTCOMES}")
        if self.frozen_at is not None and self.frozen_at.tzinfo is None:
            raise ValueError("frozen_at must carry a time zone")
