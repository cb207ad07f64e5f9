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
    return cells.text(name, 18) if name else Text(run.project_id[:8] + "…", style="dim", no_wrap=True)


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
    columns=(
        Column("status", "Status", lambda r, ctx: cells.status(r.status), width=12),
        Column("pipeline", "Pipeline", lambda r, ctx: cells.text(r.pipeline_name, 26), width=26, min_width=14),
        Column("project", "Project", project_cell, width=18, min_width=10, sort_key=project_key, drop_order=1),
        Column("environment", "Env", lambda r, ctx: cells.text(r.environment_name, 10), width=10, drop_order=2),
        Column("trigger", "Trigger", lambda r, ctx: cells.text(r.trigger, 9), width=9, drop_order=4),
        Column("user", "User", lambda r, ctx: cells.text(r.user, 13), width=13, min_width=8, drop_order=3),
        Column(
            "started",
            "Started",
            lambda r, ctx: cells.started(r.started_at, ctx),
            width=24,
            sort_key=started_key,
            ages=True,
        ),
        Column("duration", "Duration", duration_cell, width=9, ticks=True, sort_key=duration_key),
        Column("message", "Message", lambda r, ctx: cells.first_line(r.message, 120)),
    ),
    filter_text=lambda run: f"{run.pipeline_name or ''} {run.environment_name or ''} {run.user or ''}",
    live=Live(fast=5.0, slow=30.0, factor=1.5),
    is_live=is_live,
    empty="No runs match these filters. Widen the time window ({key:runs.window}) or clear the filters ({key:runs.clear}).",
    needs_project_names=True,
)
