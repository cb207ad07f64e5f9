"""Everything the running app reads and the test thread may change: config, data, tokens, faults, counters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .config import EmulatorConfig
from .data import Account
from .faults import Dice, Faults
from .tokens import TokenAuthority


@dataclass
class Stats:
    """Request counters, incremented only on the server's event loop."""

    token_requests: int = 0
    api_requests: int = 0
    requests_by_path: Counter[str] = field(default_factory=Counter)
    # Requests still owed an answer by the server, whose client is still connected: a client
    # that gives up (closes the connection) drops out at once, even while its handler waits.
    open_requests: int = 0

    def reset(self) -> None:
        self.token_requests = 0
        self.api_requests = 0
        self.requests_by_path.clear()


class EmulatorState:
    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.account = Account(config)
        self.tokens = TokenAuthority(config.token_lifetime, config.wall_clock)
        self.clients = dict(config.clients)
        self.clients_rejected = False
        self.stats = Stats()
        self.api_dice = Dice()
        self.token_dice = Dice()
        # Set while stopping, so requests sleeping on injected latency drop instead of lingering.
        self.stopping = False

    @property
    def faults(self) -> Faults:
        return self.config.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        faults.validate()
        self.config.faults = faults
