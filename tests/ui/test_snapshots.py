"""Snapshot tests (sync, as pytest-textual-snapshot wants): frozen clock, fixed emulator seed,
no cursor blink, and no port on screen (the region picker shows the emulator as "demo", the status
bar as "demo emulator")."""

from __future__ import annotations

from .conftest import SIZE, log_in


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
