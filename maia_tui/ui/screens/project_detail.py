"""`enter` on a project: its fields, then a tab for each kind that lives in a project
(environments, published pipelines, schedules, runs, ...), each built (and fetched) when its
tab is first shown. Each recovers by itself once the
connection returns; the runs tab is the Runs screen's panel, narrowed to this project."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane

from maia_tui.api.models import Project
from maia_tui.api.text import printable
from maia_tui.resources import kind, project_tabs
from maia_tui.ui.clipboard import copy_text
from maia_tui.ui.format import server_text
from maia_tui.ui.resources.environments import ENVIRONMENTS
from maia_tui.ui.resources.generic import generic_resource
from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.views.resource_list import ResourceList
from maia_tui.ui.views.resource_table import ResourceTable
from maia_tui.ui.widgets.pipelines_panel import PipelinesPanel
from maia_tui.ui.widgets.schedules_panel import SchedulesPanel

# The tabs are the registry's kinds that live in a project (maia_tui.resources), in their order.
TABS = tuple((kind.name, kind.title) for kind in project_tabs())


def project_fields(project: Project) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", justify="right")
    grid.add_column()
    grid.add_row("Name", server_text(project.name))
    grid.add_row("ID", Text(project.id))
    grid.add_row("Description", server_text(project.description or "—", 500))
    return grid


def project_line(project: Project) -> Text:
    """The fields on one line, for a short terminal: the name, the id, the description's start."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append_text(server_text(project.name))
    line.append(f"  {project.id}", style="dim")
    line.append("  ")
    line.append_text(server_text(project.description or "—", 500))
    return line


FOLD_BELOW = 32  # rows: on a shorter terminal the fields take one line, not a box of six


class ProjectDetailScreen(SessionScreen):
    HELP_TITLE = "Project"
    SECTION = "projects"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the projects", id="project.back"),
        Binding(
            "r", "reload", "Reload", tooltip="Reload this tab (also: try again after an error)", id="project.reload"
        ),
        Binding("c", "copy_id", "Copy id", tooltip="Copy this project's id", id="project.copy_id"),
        Binding(
            "right_square_bracket", "next_tab(1)", "Next tab", show=False, tooltip="The next tab", id="project.next_tab"
        ),
        Binding(
            "left_square_bracket",
            "next_tab(-1)",
            "Prev tab",
            show=False,
            tooltip="The previous tab",
            id="project.previous_tab",
        ),
    ]

    def __init__(self, project: Project, came_from: str = "Projects") -> None:
        super().__init__()
        self.project = project
        self.came_from = came_from  # where Esc goes back to (the projects, or a search)
        self.loaded: set[str] = set()

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        header = Text(self.came_from, style="bold")
        header.append(" › ")
        header.append(printable(self.project.name, 80))
        yield Static(header, id="detail-header", classes="screen-header")
        yield Static(project_fields(self.project), id="project-fields")
        with TabbedContent(id="detail-tabs"):
            for tab_id, title in TABS:
                yield TabPane(title, id=f"tab-{tab_id}")

    def on_mount(self) -> None:
        self.show_tab(TABS[0][0])

    def on_resize(self, event: events.Resize) -> None:
        folded = event.size.height < FOLD_BELOW
        fields = self.query_one("#project-fields", Static)
        if fields.has_class("-folded") != folded:
            fields.set_class(folded, "-folded")
            fields.update(project_line(self.project) if folded else project_fields(self.project))

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self.show_tab((event.pane.id or "").removeprefix("tab-"))
        self.call_after_refresh(self.focus_tab, event.pane)

    def focus_tab(self, pane: TabPane) -> None:
        """The keys of the tab shown go to its list (its rows, or the list while it has none)."""
        for resource_list in pane.query(ResourceList):
            tables = resource_list.query(ResourceTable)  # none yet while the list is composed
            table = tables.first() if tables else None
            (table if table is not None and table.display and table.row_count else resource_list).focus()
            return

    def show_tab(self, tab_id: str) -> None:
        """Build the tab's list the first time it is shown (its first fetch starts then)."""
        if tab_id in self.loaded or tab_id not in dict(TABS):
            return
        self.loaded.add(tab_id)
        pane = self.query_one(f"#tab-{tab_id}", TabPane)
        widget = self.make_tab(tab_id)
        pane.mount(widget)

    def make_tab(self, tab_id: str) -> Widget:
        client = self.maia.require_session().client
        query: dict[str, Any] = {"project_id": self.project.id}
        if tab_id == "environments":
            return ResourceList(ENVIRONMENTS, client, query=query)
        if tab_id == "pipelines":
            return PipelinesPanel(client, self.project.id)
        if tab_id == "schedules":
            return SchedulesPanel(client, self.project.id)
        if tab_id == "runs":
            from maia_tui.ui.screens.runs_panel import RunsPanel

            return RunsPanel(client, project=self.project)
        # Any other kind of a project: a list of its fields, as the API sends them.
        return ResourceList(generic_resource(kind(tab_id)), client, query=query)

    def action_next_tab(self, step: int) -> None:
        """] and [: the tabs in turn, from wherever the focus is (the tab bar takes ← → only when focused)."""
        tabs = self.query_one(TabbedContent)
        ids = [f"tab-{tab_id}" for tab_id, _ in TABS]
        tabs.active = ids[(ids.index(tabs.active) + step) % len(ids)]

    def action_reload(self) -> None:
        """r with the focus on the tab bar: the list of the tab shown fetches again."""
        pane = self.query_one(f"#{self.query_one(TabbedContent).active}", TabPane)
        for resource_list in pane.query(ResourceList):
            resource_list.reload()
        for panel in pane.query(PipelinesPanel):
            panel.load()

    @on(PipelinesPanel.RunsRequested)
    def _pipeline_runs(self, event: PipelinesPanel.RunsRequested) -> None:
        """enter on a pipeline: the Runs tab, filtered to that pipeline and environment."""
        from maia_tui.ui.run_filters import RunFilters
        from maia_tui.ui.screens.runs_panel import RunsPanel

        filters = RunFilters(environment=event.environment_name, pipeline=event.pipeline_name)
        built = self.query(RunsPanel)
        if built:
            built.first().filters = filters
        else:  # the panel starts from the filters remembered for this project: remember these
            self.maia.require_session().caches.run_filters[self.project.id] = filters
        self.query_one(TabbedContent).active = "tab-runs"

    @on(PipelinesPanel.RunWanted)
    def _run_wanted(self, event: PipelinesPanel.RunWanted) -> None:
        from maia_tui.ui.run_actions import open_run_dialog
        from maia_tui.ui.run_plan import RunPlan

        plan = RunPlan(self.project.id, event.pipeline_name, event.environment_name, project_name=self.project.name)
        open_run_dialog(self, plan)

    @on(SchedulesPanel.ExecutionRequested)
    def _open_execution(self, event: SchedulesPanel.ExecutionRequested) -> None:
        from maia_tui.ui.screens.execution import ExecutionScreen

        self.app.push_screen(ExecutionScreen(event.run, came_from=self.breadcrumb()))

    def breadcrumb(self) -> str:
        tabs = self.query_one(TabbedContent)
        tab = dict(TABS).get((tabs.active or "").removeprefix("tab-"), "")
        return f"{self.came_from} › {printable(self.project.name, 40)} › {tab}"

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_copy_id(self) -> None:
        copy_text(self.app, self.project.id, f"The id of {printable(self.project.name, 60)}")
