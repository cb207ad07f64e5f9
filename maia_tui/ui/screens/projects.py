"""The projects browser (section 1): the generic resource list over PROJECTS, one server page
at a time with neighbours prefetched (see `maia_tui.ui.views.resource_list` for paging,
offline recovery and the filter), plus copying the selected project's id."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import Project
from maia_tui.api.text import printable
from maia_tui.ui.clipboard import copy_text
from maia_tui.ui.resources.projects import PROJECTS
from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.views.resource_list import ResourceList
from maia_tui.ui.views.resource_table import ResourceTable

PAGE_SIZES = PROJECTS.page_sizes
DEFAULT_PAGE_SIZE = PROJECTS.page_size


class ProjectsScreen(SessionScreen):
    HELP_TITLE = "Projects"
    SECTION = "projects"
    BINDINGS = [
        Binding("c", "copy_id", "Copy id", tooltip="Copy the selected project's id", id="projects.copy_id"),
    ]

    def __init__(self, client: MaiaClient, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        super().__init__()
        self.client = client
        # Built now: its first request flies while this screen is composed and mounted.
        self.listing: ResourceList[Project] = ResourceList(PROJECTS, client, page_size=page_size)

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield self.listing

    @property
    def table(self) -> ResourceTable[Project]:
        return self.listing.table

    # for the command palette
    def action_jump(self) -> None:
        self.listing.action_jump()

    def set_page_size(self, size: int) -> None:
        self.listing.set_page_size(size)

    def action_copy_id(self) -> None:
        project = self.table.selected
        if project is None:
            self.notify("No project selected.", severity="warning")
            return
        copy_text(self.app, project.id, f"The id of {printable(project.name, 60)}")
