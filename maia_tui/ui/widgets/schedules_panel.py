"""A project's schedules: one row each (the cron raw and in words, zone, state, next run), and
below, the highlighted one explained: next fire times, the server's next run checked against
them, and its last run, whose status is fetched when the row is first highlighted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import PipelineExecution, Schedule
from maia_tui.api.text import printable
from maia_tui.ui.schedule_text import describe_cron, describe_every
from maia_tui.ui.widgets.error_panel import ErrorPanel
from maia_tui.ui.widgets.schedule_details import ScheduleDetails

SCHEDULES_LIMIT = 1000
COLUMNS = ("Name", "When", "Timezone", "State", "Pipeline", "Environment")


def when_text(schedule: Schedule) -> Text:
    if schedule.cron_expression:
        return Text(describe_cron(schedule.cron_expression))
    if schedule.interval_expression is not None:
        return Text(describe_every(schedule.interval_expression.interval, schedule.interval_expression.unit))
    return Text("—", style="dim")


def schedule_row(schedule: Schedule) -> tuple[Text, ...]:
    enabled = schedule.schedule_enabled
    return (
        Text(printable(schedule.name or schedule.schedule_id, 60)),
        when_text(schedule),
        Text(printable(schedule.cron_timezone or "—", 40)),
        Text("enabled", style="green") if enabled else Text("disabled", style="dim"),
        Text(printable(schedule.pipeline_name or "—", 60)),
        Text(printable(schedule.environment_name or "—", 40)),
    )


class ScheduleTable(DataTable[Text]):
    HELP_TITLE = "Schedules"
    BINDINGS = [
        Binding("enter", "select_cursor", "Last run", tooltip="Open this schedule's last run", id="schedules.last_run"),
    ]


class SchedulesPanel(Vertical):
    DEFAULT_CSS = """
    SchedulesPanel {
        height: 1fr;
        ScheduleTable { height: 1fr; min-height: 5; }
        ScheduleDetails { height: auto; max-height: 70%; }
    }
    """

    HELP_TITLE = "Schedules"
    BINDINGS = [
        Binding(
            "r",
            "reload",
            "Reload",
            tooltip="Reload the schedules (also: try again after an error)",
            id="schedules.reload",
        ),
    ]

    @dataclass
    class ExecutionRequested(Message):
        """Open this execution (a schedule's last run)."""

        project_id: str
        execution_id: str

    def __init__(
        self, client: Callable[[], MaiaClient], project_id: str, now: Callable[[], datetime], **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._client = client
        self.project_id = project_id
        self._now = now
        self.schedules: list[Schedule] = []
        # schedule id -> its newest execution (None: never ran), fetched once per schedule
        self.last_runs: dict[str, PipelineExecution | None] = {}

    def compose(self) -> ComposeResult:
        table = ScheduleTable(id="schedules", cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        yield table
        panel = ErrorPanel(id="schedules-error")
        panel.display = False
        yield panel
        yield ScheduleDetails(id="schedule-details")

    @property
    def table(self) -> ScheduleTable:
        return self.query_one(ScheduleTable)

    def on_mount(self) -> None:
        self.load()

    def on_show(self) -> None:
        """The tab was switched to: the table takes the keys (once it has rows)."""
        if self.table.display and self.table.row_count:
            self.table.focus()

    def action_reload(self) -> None:
        self.last_runs.clear()
        self.load()

    def load(self) -> None:
        self.query_one(ErrorPanel).display = False
        self._load()

    @work(exclusive=True, group="schedules", exit_on_error=False)
    async def _load(self) -> None:
        table = self.table
        table.display = True
        table.loading = True
        client = self._client()
        schedules: list[Schedule] = []
        page_number = 0
        while len(schedules) < SCHEDULES_LIMIT:
            page = await client.list_schedules(self.project_id, page=page_number, size=100)
            schedules.extend(page.results)
            if page.is_last:
                break
            page_number += 1
        self.schedules = schedules
        table.loading = False
        table.clear()
        details = self.query_one(ScheduleDetails)
        if not schedules:
            table.display = False
            details.display = False
            self.query_one(ErrorPanel).show_message("Schedules", "This project has no schedules.")
            return
        details.display = True
        for schedule in schedules:
            table.add_row(*schedule_row(schedule), key=schedule.schedule_id)
        table.move_cursor(row=0)
        self.show_details(0)
        if self.region.width:  # shown (a hidden tab has no region): focusing would switch tabs
            table.focus()

    @on(DataTable.RowHighlighted, "#schedules")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_details(event.cursor_row)

    def show_details(self, row: int) -> None:
        if not 0 <= row < len(self.schedules):
            return
        schedule = self.schedules[row]
        local = getattr(self.app, "local_zone", None)  # None: the machine's zone
        self.query_one(ScheduleDetails).show(schedule, self.last_runs.get(schedule.schedule_id), self._now(), local)
        if schedule.schedule_id not in self.last_runs:
            self._fetch_last_run(schedule)

    @work(exclusive=True, group="schedule-last-run", exit_on_error=False)
    async def _fetch_last_run(self, schedule: Schedule) -> None:
        page = await self._client().list_executions(self.project_id, limit=1, schedule_id=schedule.schedule_id)
        self.last_runs[schedule.schedule_id] = page.results[0] if page.results else None
        if 0 <= self.table.cursor_row < len(self.schedules) and self.schedules[self.table.cursor_row] is schedule:
            self.show_details(self.table.cursor_row)

    @on(DataTable.RowSelected, "#schedules")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        schedule = self.schedules[event.cursor_row]
        run = self.last_runs.get(schedule.schedule_id)
        if run is None:
            self.app.notify("This schedule has no run to open yet.", title="Last run", markup=False)
            return
        self.post_message(self.ExecutionRequested(self.project_id, run.pipeline_execution_id))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        event.stop()
        if event.worker.group == "schedule-last-run":
            self.app.notify(
                f"Could not fetch the schedule's last run: {printable(str(event.worker.error), 300)}",
                severity="warning",
                markup=False,
            )
            return
        self.table.loading = False
        self.table.display = False
        self.query_one(ScheduleDetails).display = False
        self.query_one(ErrorPanel).show_error(event.worker.error, retry_key="r")
