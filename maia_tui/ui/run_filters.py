"""The Runs filters: a small value the panel keeps (and the session remembers per project), how
it reads in the header, and how it becomes the API's query."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from rich.text import Text

from maia_tui.api.text import printable
from maia_tui.ui.resources.runs import STATUSES, WINDOW_WORDS, WINDOWS, started_after

WINDOW_ORDER = tuple(WINDOWS)


@dataclass(frozen=True)
class RunFilters:
    statuses: tuple[str, ...] = ()
    environment: str = ""
    pipeline: str = ""
    window: str = "all"

    def toggled(self, status: str) -> RunFilters:
        chosen = [s for s in self.statuses if s != status] if status in self.statuses else [*self.statuses, status]
        return replace(self, statuses=tuple(s for s in STATUSES if s in chosen))

    def next_window(self) -> RunFilters:
        index = WINDOW_ORDER.index(self.window) if self.window in WINDOW_ORDER else -1
        return replace(self, window=WINDOW_ORDER[(index + 1) % len(WINDOW_ORDER)])

    def query(self, project_id: str | None, now: datetime) -> dict[str, Any]:
        """The list's query: the time window becomes an absolute `startedAfter` now."""
        return {
            "project_id": project_id,
            "statuses": self.statuses,
            "environment_name": self.environment,
            "pipeline_name": self.pipeline,
            "started_after": started_after(self.window, now),
        }

    def describe(self) -> Text:
        text = Text()
        text.append(" · ")
        text.append(WINDOW_WORDS.get(self.window, self.window), style="bold")
        if self.statuses:
            text.append(" · status ")
            text.append(" + ".join(self.statuses), style="bold")
        if self.environment:
            text.append(" · env ")
            text.append(printable(self.environment, 30), style="bold")
        if self.pipeline:
            text.append(" · pipeline ~")
            text.append(repr(printable(self.pipeline, 30)), style="bold")
        return text
