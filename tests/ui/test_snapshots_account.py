"""Snapshots of what a project holds and the account around it (sync tests, as
pytest-textual-snapshot wants): app and emulator on one frozen clock, fixed seed, no cursor
blink, times shown in a fixed zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from textual.widgets import TabbedContent

from maia_tui.ui.screens.agents import AgentsScreen
from maia_tui.ui.screens.audit import AuditScreen
from maia_tui.ui.screens.credits import CreditsScreen
from maia_tui.ui.widgets.credits_chart import CreditsChart
from maia_tui.ui.widgets.pipelines_panel import PipelinesPanel
from maia_tui.ui.widgets.schedules_panel import SchedulesPanel
from tests.support import SIZE, log_in, wait_until

from .account_sections import ONE_CLOCK, open_section

pytestmark = ONE_CLOCK

LONDON = ZoneInfo("Europe/London")
PROJECT_ROW = 7  # a project with several environments and schedules in the seed-7 sample account


async def open_project_tab(pilot, tab: str) -> None:
    await log_in(pilot)
    await pilot.press(*["down"] * PROJECT_ROW, "enter")
    await wait_until(pilot, lambda: pilot.app.screen.query(TabbedContent), "the project")
    pilot.app.screen.query_one(TabbedContent).active = f"tab-{tab}"


def test_pipelines_tab(snap_compare, app):
    app.local_zone = LONDON

    async def run_before(pilot) -> None:
        await open_project_tab(pilot, "pipelines")
        await wait_until(pilot, lambda: pilot.app.screen.query(PipelinesPanel), "the tab")
        panel = pilot.app.screen.query_one(PipelinesPanel)
        await wait_until(
            pilot, lambda: panel.pipeline_tree.root.children and not panel.pipeline_tree.loading, "the tree"
        )
        folder = panel.pipeline_tree.root.children[0]
        await pilot.press("space")
        await wait_until(
            pilot,
            lambda: all(leaf.data.pipeline.name in panel.pipeline_tree.last_runs for leaf in folder.children),
            "runs",
        )
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [SIZE, (80, 24), (200, 60)], ids=["120x40", "80x24", "200x60"])
def test_schedules_tab(snap_compare, app, size):
    """#22: at 80x24 the project's fields fold to one line, the details' labels are whole."""
    app.local_zone = LONDON

    async def run_before(pilot) -> None:
        await open_project_tab(pilot, "schedules")
        await wait_until(pilot, lambda: pilot.app.screen.query(SchedulesPanel), "the tab")
        panel = pilot.app.screen.query_one(SchedulesPanel)
        await wait_until(pilot, lambda: panel.selected and panel.selected.schedule_id in panel.last_runs, "it")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_agents(snap_compare, app):
    async def run_before(pilot) -> None:
        await open_section(pilot, "3", AgentsScreen)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_audit_log(snap_compare, app):
    app.local_zone = LONDON

    async def run_before(pilot) -> None:
        await open_section(pilot, "4", AuditScreen)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [SIZE, (80, 24), (200, 60)], ids=["120x40", "80x24", "200x60"])
def test_credits(snap_compare, app, size):
    """#22: the totals and the chart in one scroll container."""

    async def run_before(pilot) -> None:
        screen = await open_section(pilot, "5", CreditsScreen)
        chart = screen.query_one(CreditsChart)
        await wait_until(
            pilot,
            lambda: (
                chart.days
                and "credits" in str(screen.query_one("#credits-title").render())
                and pilot.app.focused is screen.listing.table
            ),
            "the chart, and the totals taking the keys",
        )
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
