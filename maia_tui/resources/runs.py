"""Pipeline executions (§5, §7): cursor-paged, newest first, across the account or one project;
the filters are the API's query parameters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from maia_tui.api.models import CursorPage, PipelineExecution
from maia_tui.api.status import FINAL_WORDS
from maia_tui.resources.base import Filter, Kind, Paging, Query

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient


async def fetch(client: MaiaClient, query: Query, token: str | None, limit: int) -> CursorPage[PipelineExecution]:
    statuses: Sequence[str] = query.get("statuses") or ()
    return await client.list_executions(
        query.get("project_id"),
        limit=limit,
        pagination_token=token,
        pipeline_name=query.get("pipeline_name") or None,
        environment_name=query.get("environment_name") or None,
        status=list(statuses) if statuses else None,  # repeatable: status=A&status=B (§7)
        started_after=query.get("started_after"),
        started_before=query.get("started_before"),
    )


async def fetch_one(client: MaiaClient, run: PipelineExecution) -> PipelineExecution:
    """A live run read again as cheaply as the API allows: its status only (§7's endpoint meant
    for polling), and the whole run once it has ended (its finish time and message)."""
    assert run.project_id is not None
    status = await client.get_execution_status(run.project_id, run.pipeline_execution_id)
    if status == run.status:
        return run
    if status in FINAL_WORDS:
        return await client.get_execution(run.project_id, run.pipeline_execution_id)
    return replace(run, status=status, raw={**run.raw, "status": status})


KIND: Kind[PipelineExecution] = Kind(
    name="runs",
    title="Runs",
    noun="run",
    key=lambda run: run.pipeline_execution_id,
    export_columns=(
        "pipelineExecutionId",
        "projectId",
        "pipelineName",
        "pipelineType",
        "environmentName",
        "status",
        "trigger",
        "startedAt",
        "finishedAt",
        "user",
        "scheduleId",
        "message",
    ),
    paging=Paging.CURSOR,
    fetch_cursor=fetch,
    fetch_one=fetch_one,
    filters=(Filter.STATUS, Filter.PIPELINE, Filter.SINCE, Filter.UNTIL),
    project_tab=4,
)
