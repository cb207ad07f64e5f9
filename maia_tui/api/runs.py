"""What a run request sends, and how a retried run finds the run its first try started.

A run (POST) is not idempotent. The client sends an `executionTag` with every run (a new one
unless the caller gives one), which makes a retry after a timeout or a dropped connection
safe: if the first try did start a run, the retry gets 409 (a run with that tag is already
running in that environment) instead of starting a second one.

That 409 does not say which run. The executions list is the only place to look, and its items
carry no tag (contract §5/§7), so the client narrows it by what it does know: this project,
pipeline and environment, status RUNNING (409 means it is running), started no earlier than
a minute before the first try (server and client clocks may differ a little), and trigger API. If the server
does put an `executionTag` on the items, the run with our tag wins outright; otherwise the
answer must be exactly one run, else the client says it cannot tell which run is ours.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from .models import PipelineExecution

CLOCK_SKEW = timedelta(minutes=1)
TAG_PREFIX = "maia-tui-"


def new_execution_tag() -> str:
    return TAG_PREFIX + uuid.uuid4().hex


def run_body(
    pipeline_name: str,
    environment_name: str,
    execution_tag: str | None,
    *,
    agent_id: str | None = None,
    scalar_variables: Mapping[str, str] | None = None,
    grid_variables: Mapping[str, Any] | None = None,
    version_name: str | None = None,
) -> dict[str, Any]:
    """The JSON of a run request (contract §9); optional fields only when given."""
    if not pipeline_name:
        raise ValueError("a run needs a pipeline name")
    if not environment_name:
        raise ValueError("a run needs an environment name")
    body: dict[str, Any] = {"pipelineName": pipeline_name, "environmentName": environment_name}
    optional: dict[str, Any] = {
        "agentId": agent_id,
        "executionTag": execution_tag or None,
        "scalarVariables": dict(scalar_variables) if scalar_variables is not None else None,
        "gridVariables": dict(grid_variables) if grid_variables is not None else None,
        "versionName": version_name,
    }
    body.update({key: value for key, value in optional.items() if value is not None})
    return body


def search_window_start(first_try_at: datetime) -> datetime:
    return first_try_at.astimezone(UTC) - CLOCK_SKEW


def ours(
    candidates: Sequence[PipelineExecution], pipeline_name: str, environment_name: str, execution_tag: str
) -> PipelineExecution | None:
    """The run our earlier try started, from the filtered executions list; None if it cannot be told."""
    tagged = [run for run in candidates if run.raw.get("executionTag") == execution_tag]
    if tagged:
        return tagged[0]
    # pipelineName filters partially: keep exact matches only.
    exact = [
        run
        for run in candidates
        if run.pipeline_name == pipeline_name
        and run.environment_name in (None, environment_name)
        and run.trigger in (None, "API")
        and run.raw.get("executionTag") in (None, execution_tag)
    ]
    return exact[0] if len(exact) == 1 else None
