"""A project's schedules, page/size."""

from __future__ import annotations

from maia_tui.api.models import Schedule
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Paging, Resource

SCHEDULES: Resource[Schedule] = Resource(
    name="schedules",
    title="Schedules",
    noun="schedule",
    paging=Paging.PAGE,
    fetch_page=lambda client, query, page, size: client.list_schedules(query["project_id"], page=page, size=size),
    key=lambda schedule: schedule.schedule_id,
    columns=(
        Column("name", "Name", lambda s, ctx: cells.text(s.name or s.schedule_id, 30), width=30),
        Column("pipeline", "Pipeline", lambda s, ctx: cells.text(s.pipeline_name, 30), width=30),
        Column("environment", "Environment", lambda s, ctx: cells.text(s.environment_name, 14), width=14),
        Column(
            "cron",
            "Cron",
            lambda s, ctx: cells.text(f"{s.cron_expression or '—'} {s.cron_timezone or ''}".strip(), 40),
        ),
        Column("enabled", "Enabled", lambda s, ctx: cells.text("yes" if s.schedule_enabled else "no"), width=7),
        Column("next", "Next run", lambda s, ctx: cells.started(s.next_run_at, ctx), width=24),
    ),
    filter_text=lambda schedule: f"{schedule.name or ''} {schedule.pipeline_name or ''}",
    empty="This project has no schedules.",
)
