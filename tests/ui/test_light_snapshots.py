"""Projects and Runs at 120×40 in textual-light, the theme whose selected row read at 1.7:1
(tests/ui/test_contrast.py measures every theme; these show what a person sees)."""

from __future__ import annotations

from tests.support import SIZE, log_in

from .test_snapshots import RUNS_ACCOUNT, _runs_shown, _utc_app

LIGHT = "textual-light"


def test_projects_in_the_light_theme(snap_compare, app):
    async def browse(pilot) -> None:
        pilot.app.theme = LIGHT
        await log_in(pilot)
        await pilot.press("down", "down")
        await pilot.pause()

    assert SIZE == (120, 40)
    assert snap_compare(app, terminal_size=SIZE, run_before=browse)


@RUNS_ACCOUNT
def test_runs_in_the_light_theme(snap_compare, app):
    async def browse(pilot) -> None:
        pilot.app.theme = LIGHT
        await _runs_shown(pilot)
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(_utc_app(app), terminal_size=SIZE, run_before=browse)
