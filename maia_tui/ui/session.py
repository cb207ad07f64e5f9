"""One logged-in session: the client that owns the token, and how to name where it points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from maia_tui.credentials.writes import READ_ONLY, WritePolicy

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient
    from maia_tui.services.project_search import SessionIndex
    from maia_tui.ui.project_names import ProjectNames
    from maia_tui.ui.run_filters import RunFilters


@dataclass
class Caches:
    """What screens share for the session's life; closed at log-out or a profile switch."""

    project_names: ProjectNames | None = None  # names by id, for the runs lists
    project_index: SessionIndex | None = None  # the all-projects search index
    run_filters: dict[str | None, RunFilters] = field(default_factory=dict)  # by project id (None: Runs)

    def close(self) -> None:
        if self.project_names is not None:
            self.project_names.close()
        self.project_names = self.project_index = None
        self.run_filters.clear()

    @property
    def empty(self) -> bool:
        return self.project_names is None and self.project_index is None and not self.run_filters


@dataclass
class Session:
    client: MaiaClient
    label: str  # what the status bar calls the place: eu1, us1, a host, or "demo emulator"
    demo: bool = False
    unsubscribe: Callable[[], None] = field(default=lambda: None)
    writes: WritePolicy = READ_ONLY  # may this session run and cancel pipelines?
    # The request body of each run this session started, by execution id: "run again" prefills from it.
    started_runs: dict[str, dict[str, Any]] = field(default_factory=dict)
    caches: Caches = field(default_factory=Caches)

    def close_caches(self) -> None:
        self.caches.close()

    @property
    def client_id(self) -> str:
        return self.client.client_id
