"""A project's schedules tab: the generic list over SCHEDULES, and below it the highlighted
schedule explained (next fire times, the server's next run checked, the last run, whose status
is fetched when the row is first highlighted). `enter` opens that last run."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.worker import Worker, WorkerState

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import PipelineExecution, Schedule
from maia_tui.api.text import printable
from maia_tui.ui.resources.schedules import SCHEDULES
from maia_tui.ui.views.host import host_of
from maia_tui.ui.views.resource_list import ResourceList
from maia_tui.ui.views.row_table import RowTable
from maia_tui.ui.widgets.schedule_details import ScheduleDetails


class SchedulesPanel(Vertical):
    DEFAULT_CSS = """
    SchedulesPanel {
        height: 1fr;
        ResourceList { height: 1fr; min-height: 6; }
        ScheduleDetails { height: auto; max-height: 70%; }
    }
    """

    @dataclass
    class ExecutionRequested(Message):
        """Open this execution (a schedule's last run)."""

        run: PipelineExecution

    def __init__(self, client: MaiaClient, project_id: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.client = client
        self.project_id = project_id
        # schedule id -> its newest execution (None: never ran), fetched once per schedule
        self.last_runs: dict[str, PipelineExecution | None] = {}
        self.listing: ResourceList[Schedule] = ResourceList(SCHEDULES, client, query={"project_id": project_id})
        self.focused_once = False

    def compose(self) -> ComposeResult:
        yield self.listing
        details = ScheduleDetails(id="schedule-details")
        details.display = False
        yield details

    @property
    def selected(self) -> Schedule | None:
        return self.listing.table.selected

    @on(ResourceList.Changed)
    def _rows_changed(self, event: ResourceList.Changed) -> None:
        self.show_details()
        self.call_after_refresh(self._take_keys)

    def on_show(self) -> None:
        self.call_after_refresh(self._take_keys)

    def _take_keys(self) -> None:
        """The tab was opened: its rows take the keys (once; later the person decides)."""
        if not self.focused_once and self.region.width and self.listing.table.row_count:
            self.focused_once = True
            self.listing.table.focus()

    @on(RowTable.RowHighlighted)
    def _highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.show_details()

    def show_details(self) -> None:
        schedule = self.selected
        details = self.query_one(ScheduleDetails)
        details.display = schedule is not None and self.listing.status == "ready"
        if schedule is None:
            return
        host = host_of(self)
        details.show(schedule, self.last_runs.get(schedule.schedule_id), host.clock.now(), host.local_zone)
        if schedule.schedule_id not in self.last_runs:
            self._fetch_last_run(schedule)

    @work(exclusive=True, group="schedule-last-run", exit_on_error=False)
    async def _fetch_last_run(self, schedule: Schedule) -> None:
        page = await self.client.list_executions(self.project_id, limit=1, schedule_id=schedule.schedule_id)
        self.last_runs[schedule.schedule_id] = page.results[0] if page.results else None
        if self.selected is not None and self.selected.schedule_id == schedule.schedule_id:
            self.show_details()

    @on(ResourceList.Opened)
    def _opened(self, event: ResourceList.Opened) -> None:
        event.stop()
        schedule = event.item
        run = self.last_runs.get(schedule.schedule_id)
        if run is None:
            self.app.notify("This schedule has no run to open yet.", title="Last run", markup=False)
            return
        self.post_message(self.ExecutionRequested(run))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "schedule-last-run" or event.state is not WorkerState.ERROR:
            return
        event.stop()
        self.app.notify(
            f"Could not fetch the schedule's last run: {printable(str(event.worker.error), 300)}",
            severity="warning",
            markup=False,
        )
