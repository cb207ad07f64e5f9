"""Snapshots of the execution's timeline: a failed run, a running run and a run with a child
pipeline, at 80 and 160 columns (a failed run at 200 too), on a frozen account (the same one as the Runs snapshot)."""

from __future__ import annotations

import pytest

from maia_tui.ui.messages import OpenExecution
from maia_tui.ui.widgets.timeline import Timeline
from tests.support import wait_until

from .test_snapshots import RUNS_ACCOUNT, _cursor_on_a_failed_step, _runs_shown, _utc_app

SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
# A failed run's execution is also one of #22's screens at 80x24 and 200x60.
FAILED_SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 45), (200, 60)], ids=["80x24", "160x45", "200x60"])


async def _first_run(client, status: str, want_child: bool):  # type: ignore[no-untyped-def]
    page = await client.list_executions(limit=50, status=status)
    for run in page.results:
        steps = (await client.list_steps(run.project_id, run.pipeline_execution_id, 0, 100)).results
        if len(steps) >= 3 and (not want_child or any(s.child_pipeline for s in steps)):
            return run
    raise AssertionError(f"no {status} run to show among the newest 50")


def _open(status: str, want_child: bool = False):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        await _runs_shown(pilot)
        run = await _first_run(app.session.client, status, want_child)
        app.post_message(OpenExecution(run.project_id, run.pipeline_execution_id))
        await wait_until(pilot, lambda: bool(getattr(app.screen, "steps", ())), "the steps")
        if status == "FAILED":  # a failed run opens on its failed step by itself, after a refresh
            await wait_until(pilot, lambda: _cursor_on_a_failed_step(app.screen.query_one("Tree")), "the failed step")
        await pilot.pause(0.2)
        if status != "FAILED":
            app.screen.query_one(Timeline).scroll_visible(top=True, animate=False, immediate=True)
        await pilot.pause(0.1)

    return run_before


@RUNS_ACCOUNT
@FAILED_SIZES
def test_timeline_of_a_failed_run(snap_compare, app, size):
    assert snap_compare(_utc_app(app), terminal_size=size, run_before=_open("FAILED"))


@RUNS_ACCOUNT
@SIZES
def test_timeline_of_a_running_run(snap_compare, app, size):
    assert snap_compare(_utc_app(app), terminal_size=size, run_before=_open("RUNNING"))


@RUNS_ACCOUNT
@SIZES
def test_timeline_of_a_run_with_a_child_pipeline(snap_compare, app, size):
    assert snap_compare(_utc_app(app), terminal_size=size, run_before=_open("SUCCESS", want_child=True))
