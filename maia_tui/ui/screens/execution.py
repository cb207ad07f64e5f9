"""`enter` on a run: the execution (placeholder until the full screen lands)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from maia_tui.api.models import PipelineExecution
from maia_tui.ui.screens.base import SessionScreen


class ExecutionScreen(SessionScreen):
    HELP_TITLE = "Execution"
    SECTION = "runs"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the runs", id="execution.back"),
        Binding(
            "x", "run_again", "Run again", tooltip="Run this pipeline again (asks first)", id="execution.run_again"
        ),
        Binding("ctrl+k", "cancel_run", "Cancel run", tooltip="Cancel this run (asks first)", id="execution.cancel"),
    ]

    def __init__(self, run: PipelineExecution) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield Static(self.run.pipeline_execution_id, classes="screen-header", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_run_again(self) -> None:
        from maia_tui.ui.run_actions import run_again

        run_again(self.maia, self.run)

    def action_cancel_run(self) -> None:
        from maia_tui.ui.screens.cancel_run import cancel_run

        run = self.run
        name = run.pipeline_name or run.pipeline_execution_id
        cancel_run(self.maia, run.project_id or "", run.pipeline_execution_id, name, run.status)
