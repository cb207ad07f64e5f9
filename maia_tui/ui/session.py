"""One logged-in session: the client that owns the token, and how to name where it points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from maia_tui.credentials.writes import READ_ONLY, WritePolicy

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient


@dataclass
class Session:
    client: MaiaClient
    label: str  # what the status bar calls the place: eu1, us1, a host, or "demo emulator"
    demo: bool = False
    unsubscribe: Callable[[], None] = field(default=lambda: None)
    writes: WritePolicy = READ_ONLY  # may this session run and cancel pipelines?
    # The request body of each run this session started, by execution id: "run again" prefills from it.
    started_runs: dict[str, dict[str, Any]] = field(default_factory=dict)
    # What screens share for the session's life (project names by id, ...); closed at log-out.
    caches: dict[str, Any] = field(default_factory=dict)

    def close_caches(self) -> None:
        for cache in self.caches.values():
            close = getattr(cache, "close", None)
            if callable(close):
                close()
        self.caches.clear()

    @property
    def client_id(self) -> str:
        return self.client.client_id
