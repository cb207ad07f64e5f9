"""What every screen after login shares: the status bar on top, the footer below, and one
place where a failed worker becomes something a person can read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from maia_tui.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from maia_tui.ui.app import MaiaApp


class WorkerErrors:
    """Mixin: route worker failures to `worker_failed` (override it to show errors inline)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.worker_failed(event.worker, event.worker.error)

    def worker_failed(self, worker: Worker, error: BaseException) -> None:
        self.app.show_error(error)  # type: ignore[attr-defined]


class SessionScreen(WorkerErrors, Screen):
    """A screen that exists only while logged in."""

    @property
    def maia(self) -> MaiaApp:
        return self.app  # type: ignore[return-value]

    def compose_chrome(self) -> ComposeResult:
        yield StatusBar()
        yield Footer()

    def on_screen_resume(self) -> None:
        for bar in self.query(StatusBar):
            bar.repaint()
