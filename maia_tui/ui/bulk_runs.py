"""Acting on several marked runs at once (k9s's marks): one question listing every run, then
one request per run, one after another through the client's request budget, and one
notification with each run's outcome. Writes stay off unless enabled (ui/writes).

Cancel sends `{"status": "CANCELLED", "forceUpdate": false}` for each run still running (a run
already over is named, not sent). Run again starts each run's pipeline in its environment with
the variables it was started with, when known (ui/run_actions.plan_again), each with its own
execution tag."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from maia_tui.api.errors import AlreadyFinished, MaiaError
from maia_tui.api.status import is_final
from maia_tui.api.text import printable
from maia_tui.ui.app_view import maia_app
from maia_tui.ui.screens.confirm import ConfirmScreen
from maia_tui.ui.words import counted
from maia_tui.ui.writes import writes_allowed

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from maia_tui.api.client import MaiaClient
    from maia_tui.api.models import PipelineExecution

MAX_LISTED = 12  # runs named in the question; more are counted
CANCEL_TITLE = "Cancel runs"
RUN_AGAIN_TITLE = "Run again"


def name_of(run: PipelineExecution, width: int = 40) -> str:
    return printable(run.pipeline_name or run.pipeline_execution_id, width)


def listed(runs: Sequence[PipelineExecution]) -> str:
    """One line per run that fits the question's card: the id's start, status, pipeline."""
    lines = [
        f"{run.pipeline_execution_id[:8]}  {printable(run.status or '—', 10):<10}  {name_of(run, 34)}"
        for run in runs[:MAX_LISTED]
    ]
    if len(runs) > MAX_LISTED:
        lines.append(f"… and {len(runs) - MAX_LISTED} more")
    return "\n".join(lines)


def bulk_cancel(node: DOMNode, runs: Sequence[PipelineExecution], done: Callable[[], None]) -> None:
    """Cancel every run of `runs` still running, after one question; `done` once sent."""
    if not writes_allowed(node, f"Cancelling {counted(len(runs), 'run')}"):
        return
    running = [run for run in runs if not is_final(run.status) and run.project_id]
    over = [run for run in runs if run not in running]
    if not running:
        node.app.notify(
            f"None of the {counted(len(runs), 'run')} marked is running: nothing to cancel.", title=CANCEL_TITLE
        )
        return
    detail = "Sends status CANCELLED for each, one request per run:\n" + listed(running)
    if over:
        detail += f"\nLeft out, already over: {', '.join(name_of(run) for run in over[:MAX_LISTED])}"

    async def cancel(client: MaiaClient, run: PipelineExecution) -> str:
        assert run.project_id is not None
        try:
            await client.cancel_execution(run.project_id, run.pipeline_execution_id)
        except AlreadyFinished:
            return "had already finished"
        return "cancelling"

    question = ConfirmScreen(
        f"Cancel {counted(len(running), 'run')}?", detail, yes=f"Cancel {counted(len(running), 'run')}"
    )
    _start(node, _ask_then_send(node, question, running, cancel, CANCEL_TITLE, done))


def bulk_run_again(node: DOMNode, runs: Sequence[PipelineExecution], done: Callable[[], None]) -> None:
    """Start each run's pipeline again, after one question; `done` once sent."""
    from maia_tui.ui.run_actions import plan_again

    if not writes_allowed(node, f"Running {counted(len(runs), 'run')} again"):
        return
    runnable = [run for run in runs if run.project_id and run.pipeline_name and run.environment_name]
    if not runnable:
        node.app.notify("None of the marked runs says its project, pipeline and environment.", title=RUN_AGAIN_TITLE)
        return
    plans = {run.pipeline_execution_id: plan_again(node, run) for run in runnable}

    async def start(client: MaiaClient, run: PipelineExecution) -> str:
        plan = plans[run.pipeline_execution_id]
        started = await client.run_pipeline(
            plan.project_id,
            plan.pipeline_name,
            plan.environment_name,
            agent_id=plan.agent_id,
            scalar_variables=plan.variables or None,
        )
        return f"started {started.pipeline_execution_id[:8]}"

    detail = "Starts each pipeline again in its environment, one request per run:\n" + listed(runnable)
    question = ConfirmScreen(
        f"Run {counted(len(runnable), 'run')} again?", detail, yes=f"Run {counted(len(runnable), 'run')}"
    )
    _start(node, _ask_then_send(node, question, runnable, start, RUN_AGAIN_TITLE, done))


def _start(node: DOMNode, work: Coroutine[Any, Any, None]) -> None:
    """One bulk action at a time: a second one replaces a question still open."""
    node.app.run_worker(work, group="bulk-runs", exclusive=True, exit_on_error=False)


async def _ask_then_send(
    node: DOMNode,
    question: ConfirmScreen,
    runs: Sequence[PipelineExecution],
    send: Callable[[MaiaClient, PipelineExecution], Awaitable[str]],
    title: str,
    done: Callable[[], None],
) -> None:
    app = node.app
    if not await app.push_screen_wait(question):
        return
    client = maia_app(node).require_session().client
    outcomes: list[str] = []
    failed = 0
    for run in runs:  # one after another: each waits its turn in the request budget
        try:
            outcome = await send(client, run)
        except MaiaError as error:
            failed += 1
            outcome = f"failed: {printable(error.message, 80)}"
        outcomes.append(f"{run.pipeline_execution_id[:8]} {outcome} · {name_of(run, 30)}")
    done()
    summary = f"{title}: {len(runs) - failed} of {counted(len(runs), 'run')} sent" + (
        f", {failed} failed" if failed else ""
    )
    app.notify(
        "\n".join(outcomes), title=summary, severity="warning" if failed else "information", markup=False, timeout=10
    )
