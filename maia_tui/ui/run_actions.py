"""What the run key (`x`) does wherever a pipeline or a run is selected: refuse in read-only
mode, else open the run dialog; once the run has started, open its live execution screen.

"Run again" starts from a run: same project, pipeline and environment, and the variables it
was started with when they are known (this session started it, or the server sent them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from maia_tui.api.text import printable
from maia_tui.ui.app_view import maia_app
from maia_tui.ui.messages import OpenExecution
from maia_tui.ui.run_plan import RunPlan
from maia_tui.ui.writes import writes_allowed

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from maia_tui.api.models import PipelineExecution, RunStarted


def open_run_dialog(node: DOMNode, plan: RunPlan) -> None:
    """From `node` (the screen or widget whose key it was; the app itself works too)."""
    if not writes_allowed(node, "Running a pipeline"):
        return
    from maia_tui.ui.screens.run_dialog import RunDialog

    app = node.app
    session = maia_app(node).require_session()

    def started(result: RunStarted | None) -> None:
        if result is None:
            return
        session.started_runs[result.pipeline_execution_id] = dict(result.body)
        app.notify(
            f"Started {printable(plan.pipeline_name, 60)}: execution {result.pipeline_execution_id}",
            title="Run started",
            markup=False,
        )
        app.post_message(OpenExecution(plan.project_id, result.pipeline_execution_id))

    app.push_screen(RunDialog(session.client, plan), started)


def _scalar_variables(body: Mapping[str, Any] | None) -> dict[str, str]:
    raw = (body or {}).get("scalarVariables")
    if not isinstance(raw, Mapping):
        return {}
    return {str(k): v if isinstance(v, str) else str(v) for k, v in raw.items()}


def plan_again(node: DOMNode, execution: PipelineExecution, project_name: str | None = None) -> RunPlan:
    """The dialog for running `execution` again: its variables from what this session sent to
    start it, else from what the server reported with it."""
    session = maia_app(node).require_session()
    sent = session.started_runs.get(execution.pipeline_execution_id)
    variables = _scalar_variables(sent) or _scalar_variables(getattr(execution, "raw", None))
    agent = (sent or {}).get("agentId")
    return RunPlan(
        project_id=execution.project_id or "",
        pipeline_name=execution.pipeline_name or "",
        environment_name=execution.environment_name or "",
        project_name=project_name,
        agent_id=agent if isinstance(agent, str) else None,
        variables=variables,
        again_of=execution.pipeline_execution_id,
    )


def run_again(node: DOMNode, execution: PipelineExecution, project_name: str | None = None) -> None:
    if not writes_allowed(node, "Running a pipeline"):
        return
    if not (execution.project_id and execution.pipeline_name and execution.environment_name):
        node.app.notify(
            "This run does not say its project, pipeline and environment; it cannot be run again from here."
        )
        return
    open_run_dialog(node, plan_again(node, execution, project_name))
