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
    BINDINGS = [Binding("escape", "back", "Back", tooltip="Back to the runs", id="execution.back")]

    def __init__(self, run: PipelineExecution) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield Static(self.run.pipeline_execution_id, classes="screen-header", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
