"""One place where a failed worker becomes something a person can read."""

from __future__ import annotations

from typing import Any

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from maia_tui.ui.app_view import maia_app


class WorkerErrors:
    """Mixin for screens and the app: route worker failures to `worker_failed`.

    Override `worker_failed` (not `on_worker_state_changed`: Textual calls the handler of
    every class in the MRO) to show an error inline; the default is a notification."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.worker_failed(event.worker, event.worker.error)

    def worker_failed(self, worker: Worker[Any], error: BaseException) -> None:
        assert isinstance(self, DOMNode)  # a mixin of screens and the app; not a DOMNode itself,
        maia_app(self).show_error(error)  # or Textual's CSS inheritance would skip Screen's
