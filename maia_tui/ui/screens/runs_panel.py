"""The runs list with its filters: the whole Runs screen (section 2), and a project's Runs tab
(the same panel narrowed to the project). Filters are sent to the server as the API's query
parameters, shown in the header, and kept for the session (per project, or account-wide)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from maia_tui.api.models import PipelineExecution, Project
from maia_tui.ui.app_view import maia_app
from maia_tui.ui.resources.runs import RUNS
from maia_tui.ui.run_filters import RunFilters
from maia_tui.ui.screens.runs_filters import StatusPicker, TextPrompt
from maia_tui.ui.views.host import host_of
from maia_tui.ui.views.resource_list import ResourceList

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient

ACCOUNT = "*"  # the key of the account-wide filters in the session's memory


class RunsPanel(Widget):
    DEFAULT_CSS = "RunsPanel { height: 1fr; }"
    HELP_TITLE = "Runs"
    BINDINGS = [
        Binding(
            "f", "toggle_status('FAILED')", "Failed", tooltip="Show failed runs only (again: all)", id="runs.failed"
        ),
        Binding(
            "R", "toggle_status('RUNNING')", "Running", tooltip="Show running runs only (again: all)", id="runs.running"
        ),
        Binding("S", "pick_statuses", "Statuses", tooltip="Choose several statuses at once", id="runs.statuses"),
        Binding("E", "environment", "Env", tooltip="Only runs in one environment", id="runs.environment"),
        Binding("P", "pipeline", "Pipeline", tooltip="Only pipelines whose name contains…", id="runs.pipeline"),
        Binding("w", "cycle_window", "Window", tooltip="Time window: 1 h, 24 h, 7 d, all", id="runs.window"),
        Binding("X", "clear_filters", "Clear", show=False, tooltip="Clear every runs filter", id="runs.clear"),
        Binding("u", "app.toggle_utc", "UTC", show=False, tooltip="Times in UTC / local time", id="runs.utc"),
        Binding(
            "space",
            "toggle_mark",
            "Mark",
            tooltip="Mark / unmark the selected run (cancel or run the marked ones)",
            id="runs.mark",
        ),
        # The same action as the project screen's c: in a project's Runs tab, c copies the run's id.
        Binding("c", "copy_id", "Copy id", show=False, tooltip="Copy the selected run's id", id="runs.copy_id"),
        Binding(
            "x",
            "run_again",
            "Run again",
            tooltip="Run the selected run's pipeline again, or every marked run's (asks first)",
            id="runs.run_again",
        ),
        Binding(
            "ctrl+k",
            "cancel_run",
            "Cancel run",
            tooltip="Cancel the selected running run, or every marked one (asks first)",
            id="runs.cancel",
        ),
    ]

    filters: reactive[RunFilters] = reactive(RunFilters, init=False)

    def __init__(self, client: MaiaClient, project: Project | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.client = client
        self.project = project
        self.scope = project.id if project else ACCOUNT

    def compose(self) -> ComposeResult:
        remembered = self.memory().get(self.scope, RunFilters())
        self.set_reactive(RunsPanel.filters, remembered)
        yield ResourceList(RUNS, self.client, query=self.query_for(remembered), describe=self.describe)

    @property
    def listing(self) -> ResourceList[PipelineExecution]:
        return self.query_one(ResourceList)

    def memory(self) -> dict[str | None, RunFilters]:
        """The filters remembered for the session, by project (None: the account-wide Runs)."""
        return maia_app(self).require_session().caches.run_filters

    def query_for(self, filters: RunFilters) -> dict[str, Any]:
        return filters.query(self.project.id if self.project else None, host_of(self).clock.now())

    def describe(self, query: object) -> Any:
        text = self.filters.describe()
        if self.project is not None:
            text.append(" · project only", style="dim")
        marked = len(self.marked_runs())
        if marked:
            text.append(f" · {marked} marked", style="bold")
        return text

    # ----- marks (space): the writes below act on every marked run -----------------------------

    def marked_runs(self) -> list[PipelineExecution]:
        """The marked runs still loaded, in the list's order."""
        if not self.is_mounted or not self.query(ResourceList):
            return []
        listing = self.listing
        return [run for run in listing.items if run.pipeline_execution_id in listing.table.marked]

    def action_toggle_mark(self) -> None:
        listing = self.listing
        table = listing.table
        run = table.selected
        if run is None:
            return
        table.marked ^= {run.pipeline_execution_id}
        table.replace(run, listing.context())
        listing.paint_header()
        if table.cursor_row + 1 < table.row_count:
            table.move_cursor(row=table.cursor_row + 1)  # as in k9s: mark, move on, mark

    def after_bulk(self) -> None:
        """Sent: the marks are spent, and the rows show what the server says now."""
        self.clear_marks()
        self.listing.poll_now()

    def clear_marks(self) -> None:
        listing = self.listing
        marked = self.marked_runs()
        listing.table.marked.clear()
        for run in marked:
            listing.table.replace(run, listing.context())
        listing.paint_header()

    def watch_filters(self, filters: RunFilters) -> None:
        self.memory()[self.scope] = filters
        self.listing.set_query(self.query_for(filters))

    def action_toggle_status(self, status: str) -> None:
        current = self.filters
        # One key, one meaning: "failed only" (or back to all), not a toggle inside a larger set.
        self.filters = (
            current.toggled(status)
            if status in current.statuses
            else RunFilters(
                statuses=(status,), environment=current.environment, pipeline=current.pipeline, window=current.window
            )
        )

    def action_pick_statuses(self) -> None:
        def picked(statuses: tuple[str, ...] | None) -> None:
            if statuses is not None:
                self.filters = RunFilters(
                    statuses, self.filters.environment, self.filters.pipeline, self.filters.window
                )

        self.app.push_screen(StatusPicker(self.filters.statuses), picked)

    def action_environment(self) -> None:
        def chosen(value: str | None) -> None:
            if value is not None:
                self.filters = RunFilters(self.filters.statuses, value, self.filters.pipeline, self.filters.window)

        hint = "Exact environment name (empty: every environment)."
        self.app.push_screen(TextPrompt("Environment", hint, self.filters.environment), chosen)

    def action_pipeline(self) -> None:
        def chosen(value: str | None) -> None:
            if value is not None:
                self.filters = RunFilters(self.filters.statuses, self.filters.environment, value, self.filters.window)

        hint = "Part of the pipeline name, any case (empty: every pipeline)."
        self.app.push_screen(TextPrompt("Pipeline name", hint, self.filters.pipeline), chosen)

    def action_cycle_window(self) -> None:
        self.filters = self.filters.next_window()

    def action_clear_filters(self) -> None:
        self.filters = RunFilters()

    def action_copy_id(self) -> None:
        from maia_tui.api.text import printable
        from maia_tui.ui.clipboard import copy_text

        run = self.listing.table.selected
        if run is None:
            self.app.notify("Select a run to copy its id.", title="Copy id")
            return
        copy_text(self.app, run.pipeline_execution_id, f"The id of {printable(run.pipeline_name or 'the run', 60)}")

    # ----- writes (each refused, with how to enable writes, in read-only mode) -----------------

    def action_run_again(self) -> None:
        from maia_tui.ui.run_actions import run_again

        marked = self.marked_runs()
        if marked:
            from maia_tui.ui.bulk_runs import bulk_run_again

            bulk_run_again(self, marked, self.after_bulk)
            return
        run = self.listing.table.selected
        if run is None:
            self.app.notify("Select a run to run again.", title="Run again")
            return
        run_again(self, run, self.project.name if self.project else None)

    def action_cancel_run(self) -> None:
        from maia_tui.ui.screens.cancel_run import cancel_run

        marked = self.marked_runs()
        if marked:
            from maia_tui.ui.bulk_runs import bulk_cancel

            bulk_cancel(self, marked, self.after_bulk)
            return
        run = self.listing.table.selected
        if run is None or not run.project_id:
            self.app.notify("Select a running run to cancel.", title="Cancel run")
            return
        name = run.pipeline_name or run.pipeline_execution_id
        cancel_run(self, run.project_id, run.pipeline_execution_id, name, run.status, sent=self.listing.poll_now)
