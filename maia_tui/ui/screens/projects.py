"""The projects browser (section 1): the generic resource list over PROJECTS, one server page
at a time with neighbours prefetched (see `maia_tui.ui.views.resource_list` for paging,
offline recovery and the filter), plus copying the selected project's id."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import Project
from maia_tui.api.text import printable
from maia_tui.ui.app_view import maia_app
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
        Binding(
            "ctrl+f",
            "search_all",
            "Search all",
            tooltip="Search every project, not only this page",
            id="projects.search",
        ),
        # In the `/` filter, tab widens it from this page to every project (the other scope).
        Binding("tab", "widen_filter", "All projects", show=False, tooltip="Search every project", id="projects.scope"),
    ]

    def __init__(self, client: MaiaClient, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        super().__init__()
        self.client = client
        # Built now: its first request flies while this screen is composed and mounted.
        self.listing: ResourceList[Project] = ResourceList(PROJECTS, client, page_size=page_size)

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield self.listing

    def on_mount(self) -> None:
        self.listing.query_one(Input).placeholder = "filter this page by name — tab searches every project"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "widen_filter":  # only from the filter; elsewhere tab moves the focus
            return self.focused is self.listing.query_one(Input)
        return True

    def action_widen_filter(self) -> None:
        self.action_search_all()

    def action_search_all(self) -> None:
        """The second scope: every project, ranked, from an index kept for the session."""
        from maia_tui.services.project_search import SessionIndex
        from maia_tui.ui.screens.project_search import ProjectSearchScreen

        caches = maia_app(self).require_session().caches
        holder = caches.project_index = caches.project_index or SessionIndex()
        needle = self.listing.name_filter
        self.listing.action_clear_filter()
        self.app.push_screen(
            ProjectSearchScreen(self.client, maia_app(self).clock, holder, query=needle), self.narrow_filter
        )

    def narrow_filter(self, needle: object) -> None:
        """Back from the search by tab (the search's text; esc gives None): this page's filter."""
        if isinstance(needle, str):
            self.listing.action_filter()
            self.listing.query_one(Input).value = needle

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
