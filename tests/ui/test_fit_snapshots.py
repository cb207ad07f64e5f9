"""#13: the login screen, the projects browser, a project and the help screen at the classic
80x24 and at a wide 200x60 (sync, frozen clock, fixed seed, no blink, no port on screen)."""

from __future__ import annotations

import pytest

from tests.support import log_in, wait_until

SIZES = pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])


@SIZES
def test_login_fits(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size)


@SIZES
def test_projects_fit(snap_compare, app, size):
    async def browse(pilot) -> None:  # type: ignore[no-untyped-def]
        await log_in(pilot)
        await pilot.press("n", "down", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=browse)


@SIZES
def test_project_detail_fits(snap_compare, app, size):
    async def open_project(pilot) -> None:  # type: ignore[no-untyped-def]
        from maia_tui.ui.screens.project_detail import ProjectDetailScreen
        from maia_tui.ui.views.resource_list import ResourceList

        app = pilot.app
        await log_in(pilot)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
        listing = app.screen.query_one(ResourceList)
        await wait_until(pilot, lambda: listing.status == "ready", "its environments")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_project)


@SIZES
def test_help_fits(snap_compare, app, size):
    async def help_for_projects(pilot) -> None:  # type: ignore[no-untyped-def]
        await log_in(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=help_for_projects)
