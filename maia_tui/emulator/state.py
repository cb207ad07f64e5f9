"""Everything the running app reads and the test thread may change: config, clock, data, writes,
tokens, faults, knobs and counters."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from ..api.clock import Clock
from .clock import account_clock, now_ms
from .config import DENY_AREAS, RUN_OUTCOMES, EmulatorConfig
from .data import Account
from .faults import Dice, Faults
from .runs import RunStore
from .tokens import TokenAuthority

MAX_RECORDED = 1_000


@dataclass
class RecordedRequest:
    """One request as the server received it: UI tests check the query a screen sent."""

    method: str
    path: str
    query: str
    body: Any = None  # the parsed JSON body of a POST or PATCH
    headers: dict[str, str] = field(default_factory=dict)  # as received, but Authorization (a token)


@dataclass
class Stats:
    """Request counters, incremented only on the server's event loop."""

    token_requests: int = 0
    api_requests: int = 0
    requests_by_path: Counter[str] = field(default_factory=Counter)
    # Requests still owed an answer by the server, whose client is still connected: a client
    # that gives up (closes the connection) drops out at once, even while its handler waits.
    open_requests: int = 0
    requests: deque[RecordedRequest] = field(default_factory=lambda: deque(maxlen=MAX_RECORDED))

    def reset(self) -> None:
        self.token_requests = 0
        self.api_requests = 0
        self.requests_by_path.clear()
        self.requests.clear()

    def queries(self, path: str) -> list[str]:
        """The query strings of the recorded requests to `path`, oldest first."""
        return [r.query for r in self.requests if r.path == path]


class EmulatorState:
    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.clock: Clock = account_clock(config)
        self.account = Account(config)
        self.store = RunStore(self.account, config.run_seconds, cancelling_seconds=config.cancelling_seconds)
        self.tokens = TokenAuthority(config.token_lifetime, config.wall_clock)
        self.clients = dict(config.clients)
        self.client_deny = dict(config.client_deny)
        self.clients_rejected = False
        self.stats = Stats()
        self.api_dice = Dice()
        self.token_dice = Dice()
        # Set while stopping, so requests sleeping on injected latency drop instead of lingering.
        self.stopping = False
        self.deny: set[str] = set()
        self.next_run_outcome = "SUCCESS"
        # Run POSTs still to be accepted (the run is created) and then answered by a dropped connection.
        self.drop_accepted_runs = 0
        self.reset_knobs()

    def now(self) -> int:
        """The account's "now" in ms since the Unix epoch."""
        return now_ms(self.clock)

    def denies(self, area: str, client_id: object) -> bool:
        """Whether `area` answers 403: for every client (`deny`), or for this token's client."""
        return area in self.deny or (isinstance(client_id, str) and area in self.client_deny.get(client_id, ()))

    def reset_knobs(self) -> None:
        self.deny = set(self.config.deny)
        self.next_run_outcome = self.config.run_outcome or "SUCCESS"
        self.drop_accepted_runs = 0

    def check_knobs(self) -> None:
        unknown = self.deny - set(DENY_AREAS)
        if unknown:
            raise ValueError(f"unknown deny areas {sorted(unknown)}")
        if self.next_run_outcome not in RUN_OUTCOMES:
            raise ValueError(f"next_run_outcome must be one of {RUN_OUTCOMES}")

    @property
    def faults(self) -> Faults:
        return self.config.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        faults.validate()
        self.config.faults = faults
