"""Keys 1-5 switch sections from every browsing screen; the tab strip shows where you are; a
section you come back to is as you left it."""

from __future__ import annotations

from maia_tui.ui.screens.agents import AgentsScreen
from maia_tui.ui.screens.audit import AuditScreen
from maia_tui.ui.screens.board import BoardScreen
from maia_tui.ui.screens.credits import CreditsScreen
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.screens.runs import RunsScreen
from maia_tui.ui.widgets.section_tabs import SectionTabs
from tests.support import SIZE, header, log_in, page_shown, rendered_text, wait_until


def strip(app) -> str:  # type: ignore[no-untyped-def]
    return rendered_text(app.screen.query_one(SectionTabs))


async def test_number_keys_switch_sections_and_come_back_to_them_as_left(app):
    async with app.run_test(size=SIZE) as pilot:
        projects = await log_in(pilot)
        assert strip(app).split() == [
            "1", "Projects", "2", "Runs", "3", "Agents", "4", "Audit", "log", "5", "Credits", "6", "Credentials",
        ]  # fmt: skip
        assert app.screen.query_one(SectionTabs).current == "projects"
        await pilot.press("n")
        await wait_until(pilot, lambda: page_shown(app) and header(app).startswith("Projects · page 2"), "page 2")

        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs section")
        runs = app.screen
        assert runs.query_one(SectionTabs).current == "runs"

        for key, screen_type in (("3", AgentsScreen), ("4", AuditScreen), ("5", CreditsScreen), ("6", BoardScreen)):
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, screen_type), screen_type.HELP_TITLE)
            assert app.screen.query_one(SectionTabs).current == app.screen.SECTION

        await pilot.press("1")
        await wait_until(pilot, lambda: app.screen is projects, "the same projects screen")
        assert header(app).startswith("Projects · page 2 of 6")  # as it was left
        await pilot.press("2")
        await wait_until(pilot, lambda: app.screen is runs, "the same runs screen")
        assert app.current_mode == "runs"
        assert app.screen_stack == [runs]  # each section is a mode with its own stack: nothing piles up


async def test_a_section_keeps_its_own_stack(app):
    """A project opened in Projects is still open when you come back from Runs; esc goes back
    within the section."""
    async with app.run_test(size=SIZE) as pilot:
        projects = await log_in(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
        detail = app.screen
        assert detail.query_one(SectionTabs).current == "projects"
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs section")
        assert app.screen_stack == [app.screen]
        await pilot.press("1")
        await wait_until(pilot, lambda: app.screen is detail, "the project, as it was left")
        assert app.screen_stack == [projects, detail]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is projects, "the projects list")


async def test_log_out_drops_the_sections(app):
    async with app.run_test(size=SIZE) as pilot:
        first = await log_in(pilot)
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs section")
        runs = app.screen
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: app.session is None and app.screen is app.login_screen, "the login screen")
        assert app.current_mode == "login"
        await wait_until(pilot, lambda: not first.is_attached and not runs.is_attached, "the sections' screens gone")
        second = await log_in(pilot)
        assert second is not first  # a new session starts from fresh screens
