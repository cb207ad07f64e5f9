"""What the run key (`x`) does wherever a pipeline or a run is selected: refuse in read-only
mode, else open the run dialog; once the run has started, open its live execution screen.

"Run again" starts from a run: same project, pipeline and environment, and the variables it
was started with when they are known (this session started it, or the server sent them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from maia_tui.api.errors import MaiaError
from maia_tui.api.text import printable
from maia_tui.ui.run_plan import RunPlan
from maia_tui.ui.writes import writes_allowed

if TYPE_CHECKING:
    from maia_tui.api.models import PipelineExecution, RunStarted
    from maia_tui.ui.app import MaiaApp


def open_run_dialog(app: MaiaApp, plan: RunPlan) -> None:
    if not writes_allowed(app, "Running a pipeline"):
        return
    from maia_tui.ui.screens.run_dialog import RunDialog

    session = app.require_session()

    def started(result: RunStarted | None) -> None:
        if result is None:
            return
        session.started_runs[result.pipeline_execution_id] = dict(result.body)
        app.notify(
            f"Started {printable(plan.pipeline_name, 60)}: execution {result.pipeline_execution_id}",
            title="Run started",
            markup=False,
        )
        open_execution(app, plan.project_id, result.pipeline_execution_id)

    app.push_screen(RunDialog(session.client, plan), started)


def _scalar_variables(body: Mapping[str, Any] | None) -> dict[str, str]:
    raw = (body or {}).get("scalarVariables")
    if not isinstance(raw, Mapping):
        return {}
    return {str(k): v if isinstance(v, str) else str(v) for k, v in raw.items()}


def plan_again(app: MaiaApp, execution: PipelineExecution, project_name: str | None = None) -> RunPlan:
    """The dialog for running `execution` again: its variables from what this session sent to
    start it, else from what the server reported with it."""
    session = app.require_session()
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


def run_again(app: MaiaApp, execution: PipelineExecution, project_name: str | None = None) -> None:
    if not writes_allowed(app, "Running a pipeline"):
        return
    if not (execution.project_id and execution.pipeline_name and execution.environment_name):
        app.notify("This run does not say its project, pipeline and environment; it cannot be run again from here.")
        return
    open_run_dialog(app, plan_again(app, execution, project_name))


def open_execution(app: MaiaApp, project_id: str, execution_id: str) -> None:
    """The live execution screen of one run (fetched first: the screen starts from the run)."""

    async def fetch_and_open() -> None:
        from maia_tui.ui.screens.execution import ExecutionScreen

        try:
            run = await app.require_session().client.get_execution(project_id, execution_id)
        except MaiaError as error:
            app.show_error(error, title=f"Could not open run {execution_id}")
            return
        await app.push_screen(ExecutionScreen(run))

    app.run_worker(fetch_and_open(), group="open-execution", exclusive=True, exit_on_error=False)
