"""Section 2: every run in the account, newest first, live while shown (see RunsPanel)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult

from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.screens.runs_panel import RunsPanel

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient


class RunsScreen(SessionScreen):
    HELP_TITLE = "Runs"
    SECTION = "runs"

    def __init__(self, client: MaiaClient) -> None:
        super().__init__()
        self.client = client

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield RunsPanel(self.client, id="runs-panel")

    @property
    def panel(self) -> RunsPanel:
        return self.query_one(RunsPanel)
