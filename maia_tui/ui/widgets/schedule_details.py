"""The selected schedule explained: what the cron says in words, the next fire times in the
schedule's zone and here, whether the server's next run agrees, and the last run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from maia_tui.api.models import PipelineExecution, Schedule, parse_time
from maia_tui.api.text import printable
from maia_tui.ui import palette, times
from maia_tui.ui.resources import cells
from maia_tui.ui.schedule_text import (
    FIRE_TIMES,
    check_next_run,
    describe_cron,
    describe_every,
    fire_times,
    schedule_zone,
    zone_time,
)

FIELDS_ROOM = 46  # the labels (14 cells and 2 of padding) and 30 for the values


def _fields(schedule: Schedule, now: datetime, local: tzinfo | None) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", justify="right", no_wrap=True)  # labels whole; the values wrap
    grid.add_column()
    grid.add_row("Pipeline", Text(printable(schedule.pipeline_name or "—", 120)))
    grid.add_row("Environment", Text(printable(schedule.environment_name or "—", 80)))
    enabled = schedule.schedule_enabled
    grid.add_row(
        "State",
        Text("enabled", style=palette.style("good"))
        if enabled
        else Text("disabled", style="dim")
        if enabled is False
        else Text("—"),
    )
    if schedule.cron_expression:
        grid.add_row("Cron", Text(printable(schedule.cron_expression, 80)))
        grid.add_row("In words", Text(describe_cron(schedule.cron_expression), style="bold"))
    interval = schedule.interval_expression
    if interval is not None:
        grid.add_row("Interval", Text(describe_every(interval.interval, interval.unit), style="bold"))
    zone = schedule.cron_timezone
    known = schedule_zone(zone) is not None
    grid.add_row(
        "Timezone",
        Text(printable(zone or "— (UTC assumed)", 60))
        if known or not zone
        else Text(f"{printable(zone, 60)} (unknown here)", style=palette.style("bad")),
    )
    if schedule.effective_from:
        grid.add_row("Effective from", _time(schedule.effective_from, now, local))
    if schedule.version_name:
        grid.add_row("Version", Text(printable(schedule.version_name, 80)))
    return grid


def _time(value: str, now: datetime, local: tzinfo | None) -> Text:
    moment = parse_time(value)
    if moment is None:
        return Text(printable(value, 60))
    return Text(f"{zone_time(moment, local)} ({times.relative(moment, now)})")


def last_run_line(schedule: Schedule, run: PipelineExecution | None, now: datetime, local: tzinfo | None) -> Text:
    if run is not None:
        text = cells.status(run.status)
        started = parse_time(run.started_at)
        if started is not None:
            text.append(f"  {zone_time(started, local)} ({times.relative(started, now)})")
        text.append("  enter opens it", style="dim")
        return text
    if schedule.last_run_at:
        return _time(schedule.last_run_at, now, local)
    return Text("never", style="dim")


def next_runs(schedule: Schedule, now: datetime, local: tzinfo | None, here: bool = True) -> RenderableType:
    if schedule.schedule_enabled is False:
        return Text("Disabled: it does not fire.", style="dim")
    zone = schedule_zone(schedule.cron_timezone)
    try:
        times = fire_times(schedule, now, FIRE_TIMES)
    except ValueError as error:
        return Text(f"Cannot compute the fire times: {printable(str(error), 200)}", style=palette.style("bad"))
    if not times:
        return Text("No fire times ahead.", style="dim")
    table = Table(box=None, padding=(0, 2), show_edge=False)
    table.add_column(f"Next {len(times)} in {printable(schedule.cron_timezone or 'UTC', 40)}", no_wrap=True)
    if here:
        table.add_column("Here", no_wrap=True)
    for moment in times:
        table.add_row(zone_time(moment, zone), *([zone_time(moment, local)] if here else []))
    check = check_next_run(times, schedule.next_run_at, schedule.schedule_enabled)
    words = check.words()
    verdict = Text(words, style=palette.style("good" if check.agrees else "bold bad")) if words else Text()
    return Group(table, verdict)


def schedule_report(
    schedule: Schedule, run: PipelineExecution | None, now: datetime, local: tzinfo | None = None
) -> RenderableType:
    """The fields on the left, the next fire times on the right, the last run below."""
    return ScheduleReport(schedule, run, now, local)


@dataclass(frozen=True)
class ScheduleReport:
    """Laid out for the width it is drawn at: the fire times here too when there is room."""

    schedule: Schedule
    run: PipelineExecution | None
    now: datetime
    local: tzinfo | None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        schedule, now, local = self.schedule, self.now, self.local
        title = Text(printable(schedule.name or schedule.schedule_id, 120), style="bold underline")
        last = Text.assemble(("Last run  ", "bold"), last_run_line(schedule, self.run, now, local))
        upcoming = next_runs(schedule, now, local)
        # The times here too only while the fields keep FIELDS_ROOM cells beside them.
        if Measurement.get(console, options, upcoming).maximum + 3 + FIELDS_ROOM > options.max_width:
            upcoming = next_runs(schedule, now, local, here=False)
        sides = Table.grid(padding=(0, 3))
        sides.add_column()
        sides.add_column(no_wrap=True)  # a fire time cut in two reads as two
        sides.add_row(_fields(schedule, now, local), upcoming)
        yield Group(title, sides, last)


class ScheduleDetails(Static):
    DEFAULT_CSS = """
    ScheduleDetails {
        height: auto;
        padding: 0 2;
        border: round $panel-lighten-2;
        margin: 0 1;
    }
    """

    def show(self, schedule: Schedule, run: PipelineExecution | None, now: datetime, local: tzinfo | None) -> None:
        self.update(schedule_report(schedule, run, now, local))
