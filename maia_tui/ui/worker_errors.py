"""One place where a failed worker becomes something a person can read."""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class WorkerErrors:
    """Mixin for screens and the app: route worker failures to `worker_failed`.

    Override `worker_failed` (not `on_worker_state_changed`: Textual calls the handler of
    every class in the MRO) to show an error inline; the default is a notification."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.worker_failed(event.worker, event.worker.error)

    def worker_failed(self, worker: Worker, error: BaseException) -> None:
        self.app.show_error(error)  # type: ignore[attr-defined]
