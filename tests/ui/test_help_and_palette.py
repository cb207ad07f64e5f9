"""`?` lists every key (from the live bindings), every binding has an id, ctrl+p offers the
main actions."""

from __future__ import annotations

import inspect

from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Tabs

import maia_tui.ui.app as app_module
from maia_tui.ui.screens import (
    base,
    confirm,
    execution,
    jump,
    login,
    project_detail,
    projects,
    runs,
    runs_filters,
    runs_panel,
)
from maia_tui.ui.screens import help as help_module
from maia_tui.ui.screens.help import HelpScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.views import resource_list, resource_table
from maia_tui.ui.widgets import region_picker, remember_box
from tests.support import SIZE, header, log_in, page_shown, rendered_text, wait_until

OUR_MODULES = (
    app_module,
    confirm,
    help_module,
    jump,
    login,
    project_detail,
    projects,
    region_picker,
    remember_box,
    base,
    execution,
    runs,
    runs_filters,
    runs_panel,
    resource_list,
    resource_table,
)


def our_bindings() -> list[Binding]:
    found = []
    for module in OUR_MODULES:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                found.extend(b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding))
    return found


def test_every_binding_has_a_unique_id():
    bindings = our_bindings()
    assert len(bindings) > 20
    ids = [b.id for b in bindings]
    assert all(ids), [b.key for b in bindings if not b.id]
    assert len(ids) == len(set(ids))


async def test_help_lists_every_key_of_the_screen(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {row.binding_id for section in app.screen.sections for row in section.rows}
        every = [
            *ProjectsScreen.BINDINGS,
            *base.SessionScreen.BINDINGS,  # 1-5: the sections
            *resource_list.ResourceList.BINDINGS,
            *resource_table.ResourceTable.BINDINGS,
            *app_module.MaiaApp.BINDINGS,
        ]
        # esc clears a filter only while there is one; tab widens it to every project only from it
        only_in_the_filter = {"list.clear", "projects.scope"}
        for binding in every:
            if binding.id not in only_in_the_filter:
                assert binding.id in listed, binding.id
        text = rendered_text(app.screen.query_one("#help-keys"))
        for words in ("Next page", "Go to a page by number", "Refresh the access token now", "Log out", "Go to Runs"):
            assert words in text or words.lower() in text.lower(), words
        assert "n" in text and "PgDn" in text and "ctrl+r" in text
        await pilot.press("escape")
        assert app.screen is screen


async def test_help_works_on_the_login_screen_with_f1(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = rendered_text(app.screen.query_one("#help-keys"))
        assert "Show or hide the client secret" in text and "ctrl+t" in text
        assert "Refresh the access token" not in text  # not logged in: not offered
        await pilot.press("f1")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_command_palette_offers_the_main_actions(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        titles = [command.title for command in app.get_system_commands(screen)]
        for title in ("Refresh token", "Log out", "Go to page…", "Page size  50", "Copy project id", "Theme"):
            assert any(t.startswith(title) for t in titles), title
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Page size 100")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen and page_shown(app), "the page size change")
        assert header(app) == "Projects · page 1 of 2 · 140 total · 100 per page · live · 30 s"


async def test_the_login_screen_offers_no_session_commands(app):
    async with app.run_test(size=SIZE):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Log out" not in titles and "Refresh token" not in titles
        assert not app.check_action("logout", ())


async def test_palette_page_sizes_sort_as_numbers(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        sizes = sorted(c.title for c in app.get_system_commands(screen) if c.title.startswith("Page size"))
        assert [title.split()[-1] for title in sizes] == ["10", "25", "50", "100"]


async def test_help_lists_no_textual_internals(app):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("question_mark")
        text = rendered_text(app.screen.query_one("#help-keys"))
        for internal in ("ContentTabs", "ProjectTable", "Home Home", "Page Left", "Cursor up", "Select"):
            assert internal not in text, internal
        for ours in ("Move up", "First row", "Open the selected row", "Next page"):
            assert ours in text, ours
        await pilot.press("escape", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ProjectDetailScreen", "the project")
        await pilot.pause()
        app.screen.query_one(Tabs).focus()  # the list has the focus; the tab strip is a tab stop of its own
        await pilot.press("question_mark")
        text = rendered_text(app.screen.query_one("#help-keys"))
        assert "Previous tab" in text and "ContentTabs" not in text and "Tabs" in text


async def test_a_screenshot_goes_to_a_folder_made_for_it_and_says_where(app, tmp_path, monkeypatch):
    folder = tmp_path / "no" / "such" / "Downloads"
    monkeypatch.setattr("platformdirs.user_downloads_dir", lambda: str(folder))
    said: list[str] = []
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (said.append(message), notify(message, **kw)))
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        app.action_screenshot()
        written = list(folder.glob("*.svg"))
        assert len(written) == 1
        assert said[-1] == f"Screenshot saved to {written[0]}"
