"""Pipeline executions ("runs"): the account-wide cursor list (§5, §7 of the API notes), newest
first, narrowed by the screen's filters; live while shown (RUNNING rows tick and change in
place, new runs appear on top); enter opens the execution."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text

from maia_tui.api.models import PipelineExecution, parse_time
from maia_tui.api.status import RUN_STATUS_WORDS
from maia_tui.resources.runs import KIND as RUNS_KIND
from maia_tui.ui import times
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Live, Resource, RowContext

if TYPE_CHECKING:
    pass


STATUSES = RUN_STATUS_WORDS  # what the `status=` filter takes (api/status.py)
WINDOWS: dict[str, timedelta | None] = {
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
    "all": None,
}
WINDOW_WORDS = {"1h": "last 1 h", "24h": "last 24 h", "7d": "last 7 d", "all": "any time"}


def started_after(window: str, now: datetime) -> str | None:
    """The ISO `startedAfter` for a time window ending now (None: no bound)."""
    span = WINDOWS.get(window)
    return None if span is None else (now - span).isoformat(timespec="seconds").replace("+00:00", "Z")


def is_live(run: PipelineExecution) -> bool:
    return (run.status or "") in cells.LIVE_STATUSES


def project_cell(run: PipelineExecution, ctx: RowContext) -> Text:
    if not run.project_id:
        return Text("—", style="dim")
    name = ctx.project_names.get(run.project_id)
    return cells.text(name) if name else Text(run.project_id[:8] + "…", style="dim", no_wrap=True)


def duration_cell(run: PipelineExecution, ctx: RowContext) -> Text:
    return cells.duration(run.started_at, run.finished_at, ctx, running=is_live(run))


def started_key(run: PipelineExecution, ctx: RowContext) -> Any:
    return parse_time(run.started_at)


def duration_key(run: PipelineExecution, ctx: RowContext) -> Any:
    if not (run.finished_at or is_live(run)):
        return None
    return times.span(run.started_at, None if is_live(run) else run.finished_at, ctx.now)


def project_key(run: PipelineExecution, ctx: RowContext) -> Any:
    return (ctx.project_names.get(run.project_id or "") or run.project_id or "").casefold()


RUNS: Resource[PipelineExecution] = Resource(
    kind=RUNS_KIND,
    # Status, pipeline, start and duration always; then the project; the rest as room allows
    # (user first to go, then trigger, environment and the message): views/column_fit.py.
    columns=(
        Column("status", "Status", lambda r, ctx: cells.status(r.status), width=14),
        Column("pipeline", "Pipeline", lambda r, ctx: cells.text(r.pipeline_name), width=80, min_width=14, priority=1),
        Column(
            "project",
            "Project",
            project_cell,
            width=40,
            min_width=10,
            sort_key=project_key,
            priority=4,
            optional=True,
        ),
        Column(
            "environment", "Env", lambda r, ctx: cells.text(r.environment_name), width=24, priority=6, optional=True
        ),
        Column("trigger", "Trigger", lambda r, ctx: cells.text(r.trigger), width=12, priority=7, optional=True),
        Column("user", "User", lambda r, ctx: cells.text(r.user), width=32, min_width=8, priority=8, optional=True),
        cells.time_column(
            "started", "Started", lambda r: r.started_at, width=26, sort_key=started_key, ages=True, priority=2
        ),
        Column("duration", "Duration", duration_cell, width=10, ticks=True, sort_key=duration_key, priority=3),
        Column("message", "Message", lambda r, ctx: cells.first_line(r.message, 200), priority=5, optional=True),
    ),
    filter_text=lambda run: f"{run.pipeline_name or ''} {run.environment_name or ''} {run.user or ''}",
    live=Live(fast=5.0, slow=30.0, factor=1.5),
    is_live=is_live,
    empty="No runs match these filters. Widen the time window ({key:runs.window}) or clear the filters ({key:runs.clear}).",
    needs_project_names=True,
)
