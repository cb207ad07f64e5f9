"""What an emulated account looks like: its size, seed, token lifetime, clients and faults."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from .faults import Faults

# Not a real secret: the emulator prints it in its banner so anyone can try the API locally.
DEMO_CLIENT_ID = "demo-client"
DEMO_CLIENT_SECRET = "demo-secret-change-me"


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
    # Executions per project; the account holds projects * this many, derived on demand.
    executions_per_project: int = 40
    # "Now" of the sample data. None: a fixed instant derived from the seed, never wall time.
    data_epoch: datetime | None = None

    def __post_init__(self) -> None:
        if self.projects < 0:
            raise ValueError("projects must be >= 0")
        if self.token_lifetime <= 0:
            raise ValueError("token_lifetime must be > 0")
        if self.executions_per_project < 1:
            raise ValueError("executions_per_project must be >= 1")
