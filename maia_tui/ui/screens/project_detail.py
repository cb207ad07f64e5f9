"""`enter` on a project: its fields, then its environments, schedules and recent pipeline
executions, each fetched from the API when its tab is first shown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.worker import Worker

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import Project
from maia_tui.api.text import printable
from maia_tui.ui.format import server_text
from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.widgets.error_panel import ErrorPanel
from maia_tui.ui.widgets.pipelines_panel import PipelinesPanel
from maia_tui.ui.widgets.schedules_panel import SchedulesPanel

ENVIRONMENTS_LIMIT = 500  # environments are few; stop reading pages beyond this many


@dataclass(frozen=True)
class Tab:
    """One tab: its columns and how to turn the API's answer into rows."""

    id: str
    title: str
    columns: Sequence[str]
    load: Callable[[MaiaClient, str], Awaitable[list[Sequence[Any]]]]
    empty: str


async def _environments(client: MaiaClient, project_id: str) -> list[Sequence[Any]]:
    rows: list[Sequence[Any]] = []
    async for env in client.iter_environments(project_id):
        rows.append((env.name, env.default_agent_name or "—", env.default_agent_id or "—"))
        if len(rows) >= ENVIRONMENTS_LIMIT:
            break
    return rows


async def _executions(client: MaiaClient, project_id: str) -> list[Sequence[Any]]:
    page = await client.list_executions(project_id, limit=25)
    return [
        (
            e.pipeline_name or "—",
            e.environment_name or "—",
            e.status or "—",
            e.trigger or "—",
            e.started_at or "—",
            e.finished_at or "—",
        )
        for e in page.results
    ]


TABS = (
    Tab(
        "environments",
        "Environments",
        ("Name", "Default agent", "Agent id"),
        _environments,
        "This project has no environments.",
    ),
    Tab(
        "executions",
        "Recent executions",
        ("Pipeline", "Environment", "Status", "Trigger", "Started", "Finished"),
        _executions,
        "No pipeline executions for this project yet.",
    ),
)
PANELS: dict[str, type[PipelinesPanel] | type[SchedulesPanel]] = {
    "tab-pipelines": PipelinesPanel,
    "tab-schedules": SchedulesPanel,
}
STATUS_STYLE = {"SUCCESS": "green", "FAILED": "red", "RUNNING": "yellow", "CANCELLED": "dim", "CANCELLING": "dim"}


def project_fields(project: Project) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", justify="right")
    grid.add_column()
    grid.add_row("Name", server_text(project.name))
    grid.add_row("ID", Text(project.id))
    grid.add_row("Description", server_text(project.description or "—", 500))
    return grid


class ProjectDetailScreen(SessionScreen):
    HELP_TITLE = "Project"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the projects", id="project.back"),
        Binding(
            "r", "reload", "Reload", tooltip="Reload this tab (also: try again after an error)", id="project.reload"
        ),
        Binding("c", "copy_id", "Copy id", tooltip="Copy this project's id", id="project.copy_id"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.loaded: set[str] = set()

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        header = Text("Projects", style="bold")
        header.append(" › ")
        header.append(printable(self.project.name, 80))
        yield Static(header, id="detail-header", classes="screen-header")
        yield Static(project_fields(self.project), id="project-fields")
        with TabbedContent(id="detail-tabs"):
            for tab in TABS:
                if tab is TABS[1]:
                    with TabPane("Published pipelines", id="tab-pipelines"):
                        yield PipelinesPanel(self.client, self.project.id, self.app_now)
                    with TabPane("Schedules", id="tab-schedules"):
                        yield SchedulesPanel(self.client, self.project.id, self.app_now)
                with TabPane(tab.title, id=f"tab-{tab.id}"):
                    table: DataTable = DataTable(id=tab.id, cursor_type="row", zebra_stripes=True)
                    table.add_columns(*tab.columns)
                    yield table
                    panel = ErrorPanel(id=f"{tab.id}-error")
                    panel.display = False
                    yield panel

    def on_mount(self) -> None:
        self.load(TABS[0])
        self.query_one(f"#{TABS[0].id}", DataTable).focus()

    def app_now(self) -> datetime:
        return self.maia.clock.now()

    def client(self) -> MaiaClient:
        return self.maia.require_session().client

    def _panel(self, pane_id: str | None) -> PipelinesPanel | SchedulesPanel | None:
        """The tabs that are whole panels of their own (they load and reload themselves)."""
        panel_type = PANELS.get(pane_id or "")
        return self.query_one(panel_type) if panel_type is not None else None

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if self._panel(event.pane.id) is not None:
            return  # panels load themselves when mounted
        tab = self._tab(event.pane.id or "")
        if tab is not None and tab.id not in self.loaded:
            self.load(tab)

    def _tab(self, pane_id: str) -> Tab | None:
        return next((t for t in TABS if f"tab-{t.id}" == pane_id), None)

    def load(self, tab: Tab) -> None:
        self.loaded.add(tab.id)
        self.query_one(f"#{tab.id}-error", ErrorPanel).display = False
        table = self.query_one(f"#{tab.id}", DataTable)
        table.display = True
        table.loading = True
        # one exclusive group per tab: a reload replaces that tab's fetch, never another tab's
        self.run_worker(self._load(tab), group=f"tab-{tab.id}", exclusive=True, exit_on_error=False)

    async def _load(self, tab: Tab) -> None:
        rows = await tab.load(self.maia.require_session().client, self.project.id)
        table = self.query_one(f"#{tab.id}", DataTable)
        table.clear()
        table.loading = False
        if not rows:
            table.display = False
            self.query_one(f"#{tab.id}-error", ErrorPanel).show_message(tab.title, tab.empty)
            return
        table.add_rows(tuple(self._cell(value) for value in row) for row in rows)

    @staticmethod
    def _cell(value: object) -> Text:
        text = server_text(value, 120)
        style = STATUS_STYLE.get(text.plain)
        if style:
            text.stylize(style)
        return text

    def worker_failed(self, worker: Worker, error: BaseException) -> None:
        tab = self._tab(worker.group)
        if tab is None:
            return super().worker_failed(worker, error)
        table = self.query_one(f"#{tab.id}", DataTable)
        table.loading = False
        table.display = False
        self.loaded.discard(tab.id)
        self.query_one(f"#{tab.id}-error", ErrorPanel).show_error(error, retry_key="r")

    def _active_tab(self) -> Tab:
        return self._tab(self.query_one(TabbedContent).active) or TABS[0]

    def action_reload(self) -> None:
        panel = self._panel(self.query_one(TabbedContent).active)
        if panel is not None:
            panel.load()
            return
        self.load(self._active_tab())

    @on(PipelinesPanel.RunsRequested)
    def _pipeline_runs(self, event: PipelinesPanel.RunsRequested) -> None:
        self.notify(
            f"Runs of {printable(event.pipeline_name, 80)} in {printable(event.environment_name, 60)}",
            title="Runs",
            markup=False,
        )

    @on(SchedulesPanel.ExecutionRequested)
    def _open_execution(self, event: SchedulesPanel.ExecutionRequested) -> None:
        self.notify(f"Execution {event.execution_id}", title="Last run", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_copy_id(self) -> None:
        self.app.copy_to_clipboard(self.project.id)
        self.notify(
            f"Copied the id of {printable(self.project.name, 60)}: {self.project.id}", title="Copied", markup=False
        )
