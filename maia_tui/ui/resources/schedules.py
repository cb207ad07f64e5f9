"""A project's schedules, page/size: when each fires in words (the Quartz cron through
cron-descriptor, or its interval), its zone, whether it is enabled, what it runs and where.
The schedules tab shows the highlighted one in full below the list (widgets/schedule_details)."""

from __future__ import annotations

from rich.text import Text

from maia_tui.api.models import Schedule
from maia_tui.resources.schedules import KIND as SCHEDULES_KIND
from maia_tui.ui import palette
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Resource
from maia_tui.ui.schedule_text import describe_cron, describe_every


def when(schedule: Schedule) -> Text:
    if schedule.cron_expression:
        return cells.text(describe_cron(schedule.cron_expression))
    every = schedule.interval_expression
    if every is not None:
        return cells.text(describe_every(every.interval, every.unit))
    return Text("—", style="dim")


def state(schedule: Schedule) -> Text:
    if schedule.schedule_enabled is None:
        return Text("—", style="dim")
    return Text("enabled", style=palette.style("good")) if schedule.schedule_enabled else Text("disabled", style="dim")


SCHEDULES: Resource[Schedule] = Resource(
    kind=SCHEDULES_KIND,
    # The pipeline and environment are in the details under the list (120 columns hold no more).
    columns=(
        Column("name", "Name", lambda s, ctx: cells.text(s.name or s.schedule_id), width=48, min_width=12, priority=1),
        Column("when", "When", lambda s, ctx: when(s), width=60, min_width=18, priority=2),
        Column(
            "zone",
            "Timezone",
            lambda s, ctx: cells.text(s.cron_timezone),
            width=24,
            min_width=10,
            priority=5,
            optional=True,
        ),
        Column("state", "State", lambda s, ctx: state(s), width=8, priority=4),
        cells.time_column("next", "Next run", lambda s: s.next_run_at, width=26, priority=3),
    ),
    filter_text=lambda s: f"{s.name or ''} {s.pipeline_name or ''} {s.environment_name or ''}",
    empty="This project has no schedules.",
    row_detail=False,  # the schedule's details are under the list (widgets/schedule_details)
)
