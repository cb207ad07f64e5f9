"""The write keys on the runs list and the execution screen, against the emulator: x runs a run
again with its variables prefilled; ctrl+k cancels a RUNNING run, whose row shows CANCELLING
and then CANCELLED as the live list polls. The account's clock is separate from the app's."""

from __future__ import annotations

import pytest

from maia_tui.ui.run_actions import open_run_dialog
from maia_tui.ui.run_plan import RunPlan
from maia_tui.ui.screens.confirm import ConfirmScreen
from maia_tui.ui.screens.execution import ExecutionScreen
from maia_tui.ui.screens.run_dialog import RunDialog
from maia_tui.ui.screens.runs import RunsScreen
from maia_tui.ui.screens.runs_panel import RunsPanel
from maia_tui.ui.widgets.variable_rows import VariableRows
from tests.support import SIZE, a_pipeline, log_in, notifications, wait_until

from .test_run_dialog import preview_body, type_variable

LIVE_POLL = 5.0  # the runs list polls this often while a row is live


pytestmark = pytest.mark.emulator_config(run_seconds=600, moves_with="account_clock")


async def start_through_the_dialog(pilot, app, emulator) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    project_id, _, environment, pipeline = a_pipeline(emulator)
    app.call_later(open_run_dialog, app, RunPlan(project_id, pipeline, environment))
    await wait_until(pilot, lambda: isinstance(app.screen, RunDialog), "the run dialog", 10)
    await type_variable(pilot, app.screen, "LOAD_DATE", "2026-01-15")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(app.screen, ExecutionScreen), "the execution screen", 10)
    (execution_id,) = emulator.store.written
    return execution_id, pipeline


async def runs_list_on(pilot, app, execution_id: str):  # type: ignore[no-untyped-def]
    """The Runs section, its cursor on this run."""
    await pilot.press("2")
    await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs section", 10)
    panel = app.screen.query_one(RunsPanel)
    table = panel.listing.table
    await wait_until(
        pilot, lambda: any(r.pipeline_execution_id == execution_id for r in table.shown), "the run in the list", 10
    )
    table.move_cursor(row=next(i for i, r in enumerate(table.shown) if r.pipeline_execution_id == execution_id))
    table.focus()
    return panel


def row_status(panel, execution_id: str) -> str | None:  # type: ignore[no-untyped-def]
    return next(r.status for r in panel.listing.table.shown if r.pipeline_execution_id == execution_id)


async def test_x_on_a_run_runs_it_again_with_its_variables(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        execution_id, pipeline = await start_through_the_dialog(pilot, app, emulator)
        await runs_list_on(pilot, app, execution_id)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, RunDialog), "the run-again dialog", 10)
        dialog = app.screen
        assert dialog.query_one(VariableRows).variables() == {"LOAD_DATE": "2026-01-15"}
        assert preview_body(dialog)["pipelineName"] == pipeline
        assert str(dialog.query_one("#run-card").border_title) == "Run again"
        await pilot.press("escape")
        assert len(emulator.store.written) == 1  # looking is not running


async def test_ctrl_k_on_a_running_row_cancels_and_the_row_follows(make_app, emulator, clock, account_clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        execution_id, pipeline = await start_through_the_dialog(pilot, app, emulator)
        panel = await runs_list_on(pilot, app, execution_id)
        assert row_status(panel, execution_id) == "RUNNING"
        await pilot.press("ctrl+k")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question", 10)
        await pilot.press("y")
        await wait_until(pilot, lambda: any(r.method == "PATCH" for r in emulator.stats.requests), "the cancel", 10)

        # At once, the app's clock standing still: the list asks the server as soon as the cancel is sent.
        await wait_until(pilot, lambda: row_status(panel, execution_id) == "CANCELLING", "CANCELLING in the row", 10)
        account_clock.advance(6)  # the account finishes cancelling
        clock.advance(LIVE_POLL)
        await wait_until(pilot, lambda: row_status(panel, execution_id) == "CANCELLED", "CANCELLED in the row", 10)


async def test_ctrl_k_on_the_execution_screen_and_on_a_finished_run(make_app, emulator, account_clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        execution_id, pipeline = await start_through_the_dialog(pilot, app, emulator)
        await pilot.press("ctrl+k")  # on the run's own screen
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question", 10)
        assert str(app.screen.query_one("#confirm-question").render()) == f"Cancel the run of {pipeline}?"
        await pilot.press("n")
        assert not any(r.method == "PATCH" for r in emulator.stats.requests)

        account_clock.advance(700)  # the run has ended (SUCCESS) by the time the list shows it
        panel = await runs_list_on(pilot, app, execution_id)
        assert row_status(panel, execution_id) == "SUCCESS"
        await pilot.press("ctrl+k")
        await pilot.pause()
        said = [n.message for n in notifications(app)]
        assert f"{pipeline} has already finished (SUCCESS): there is nothing to cancel." in said
        assert not isinstance(app.screen, ConfirmScreen)
