"""Snapshot tests (sync, as pytest-textual-snapshot wants): frozen clock, fixed emulator seed,
no cursor blink, and no port on screen (the region picker shows the emulator as "demo", the status
bar as "demo emulator")."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import EmulatorConfig
from tests.support import SIZE, log_in


def test_login_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE)


def test_projects_browser(snap_compare, app):
    async def browse(pilot) -> None:
        await log_in(pilot)
        await pilot.press("n", "down", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=browse)


def test_help_screen(snap_compare, app):
    async def help_for_projects(pilot) -> None:
        await log_in(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=help_for_projects)


def _utc_app(app):  # type: ignore[no-untyped-def]
    app.local_zone = UTC  # "local" time is the same on every machine that runs the snapshot
    return app


async def _runs_shown(pilot) -> None:  # type: ignore[no-untyped-def]
    from maia_tui.ui.screens.runs import RunsScreen
    from tests.support import wait_until

    app = pilot.app
    await log_in(pilot)
    await pilot.press("2")
    await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs")
    listing = app.screen.panel.listing
    await wait_until(pilot, lambda: listing.status == "ready", "the first runs")
    names = app.session.caches.project_names
    await wait_until(pilot, lambda: names.complete, "the project names")
    await pilot.pause(0.1)


# 09:58:20, not the quarter hours when many schedules fire at once: a mix of statuses on screen.
RUNS_AT = datetime(2026, 1, 15, 9, 58, 20, tzinfo=UTC)
RUNS_ACCOUNT = pytest.mark.parametrize(
    ("emulator_config", "clock"), [(EmulatorConfig(frozen_at=RUNS_AT), FakeClock(start=RUNS_AT))], ids=["0958"]
)


@RUNS_ACCOUNT
def test_runs_screen(snap_compare, app):
    async def browse(pilot) -> None:
        await _runs_shown(pilot)
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(_utc_app(app), terminal_size=SIZE, run_before=browse)


@RUNS_ACCOUNT
@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_runs_fit(snap_compare, app, size):
    """#22: pipeline names whole at 80 columns, the selected row's other cells under the list."""

    async def browse(pilot) -> None:
        from tests.support import wait_until

        await _runs_shown(pilot)
        listing = pilot.app.screen.panel.listing
        if size[1] > 50:  # all 50 rows in view: the list reads the next 50 at its next tick
            await wait_until(pilot, lambda: len(listing.items) > 50 and not listing.loading_more, "100 runs")
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(_utc_app(app), terminal_size=size, run_before=browse)


def _cursor_on_a_failed_step(tree) -> bool:  # type: ignore[no-untyped-def]
    node = tree.cursor_node
    result = node.data.step.result if node is not None and node.data is not None else None
    return result is not None and result.status == "FAILED"


@RUNS_ACCOUNT
def test_execution_screen(snap_compare, app):
    async def open_failed_run(pilot) -> None:
        from tests.support import wait_until

        await _runs_shown(pilot)
        listing = pilot.app.screen.panel.listing
        await pilot.press("f")
        await wait_until(pilot, lambda: listing.status == "ready" and listing.items[0].status == "FAILED", "failed")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(getattr(pilot.app.screen, "steps", ())), "the steps")
        # The steps' tree has the focus (its cursor row drawn as focused): on a loaded machine the
        # picture was once taken a frame before.
        await wait_until(pilot, lambda: pilot.app.focused is pilot.app.screen.query_one("Tree"), "the tree's focus")
        # ...and its cursor on the failed step, which the screen moves there after a refresh:
        # under load the picture was once taken before, with no row highlighted.
        await wait_until(pilot, lambda: _cursor_on_a_failed_step(pilot.app.screen.query_one("Tree")), "the failed step")
        await pilot.pause(0.1)

    assert snap_compare(_utc_app(app), terminal_size=SIZE, run_before=open_failed_run)
