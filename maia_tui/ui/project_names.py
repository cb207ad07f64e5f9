"""Project names by id for lists that only know a run's `projectId` (there is no
GET /v1/projects/{id}): every project read once per session, at most MAX_PAGES pages, in the
background; lists subscribe and redraw when names arrive. A failed read is tried again on the
next subscription."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from maia_tui.api.errors import MaiaError
from maia_tui.api.paging import pages

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from maia_tui.api.client import MaiaClient

log = logging.getLogger("maia_tui.ui.project_names")
MAX_PAGES = 50  # 5,000 projects: beyond that a run shows its project's id


class ProjectNames:
    def __init__(self, client: MaiaClient) -> None:
        self.client = client
        self.names: dict[str, str] = {}
        self.complete = False
        self._task: asyncio.Task[None] | None = None
        self._listeners: list[tuple[MessagePump, Callable[[], None]]] = []

    def subscribe(self, owner: MessagePump, callback: Callable[[], None]) -> None:
        """Call `callback` on `owner`'s message loop whenever names arrive (from now on)."""
        self._listeners.append((owner, callback))
        self.start()

    def start(self) -> None:
        if self.complete or (self._task is not None and not self._task.done()):
            return
        self._task = asyncio.ensure_future(self._load())

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._listeners.clear()

    async def _load(self) -> None:
        read = 0
        try:
            async for page in pages(lambda number: self.client.list_projects(page=number, size=100)):
                read += 1
                self.names.update((project.id, project.name) for project in page.results)
                if read == 1 or page.is_last:
                    self._notify()
                if read >= MAX_PAGES:
                    break
            self.complete = True
        except MaiaError as error:
            log.debug("project names: %s", error.message)

    def _notify(self) -> None:
        alive = []
        for owner, callback in self._listeners:
            if owner.is_attached:
                owner.call_later(callback)
                alive.append((owner, callback))
        self._listeners = alive
