"""Section 3: the account's agents, as the generic resource list over AGENTS."""

from __future__ import annotations

from textual.app import ComposeResult

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import Agent
from maia_tui.ui.resources.agents import AGENTS
from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.views.resource_list import ResourceList


class AgentsScreen(SessionScreen):
    HELP_TITLE = "Agents"
    SECTION = "agents"

    def __init__(self, client: MaiaClient) -> None:
        super().__init__()
        self.listing: ResourceList[Agent] = ResourceList(AGENTS, client)

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield self.listing
