"""Keys that say what they do: help writes keys as people do and `/` searches it; the footer
shows only keys that act where it is shown (pressed, each one changes something); a key with
nothing to do says why; `j`/`k` move like `↓`/`↑`."""

from __future__ import annotations

from typing import Any

import pytest
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TabbedContent

from maia_tui.emulator import Emulator
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.feedback import FLASH_SECONDS
from maia_tui.ui.screens.agents import AgentsScreen
from maia_tui.ui.screens.credential import CredentialScreen
from maia_tui.ui.screens.credits import CreditsScreen
from maia_tui.ui.screens.execution import ExecutionScreen
from maia_tui.ui.screens.help import HelpScreen
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.screens.runs import RunsScreen
from maia_tui.ui.views.resource_list import ResourceList
from maia_tui.ui.widgets.key_bar import KeyBar
from maia_tui.ui.widgets.pipeline_tree import PipelineTree
from tests.support import SIZE, log_in, notifications, rendered_text, screen_text, wait_until
from tests.ui.account_sections import SECTIONS


def footer(screen: Screen[Any]) -> dict[str, Binding]:
    """Key -> binding for each key the key bar shows (what KeyBar.rebuild picks), checked
    against the bar's text."""
    shown: dict[str, Binding] = {}
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if key == screen.app.COMMAND_PALETTE_BINDING or not binding.show or not active.enabled:
            continue
        if binding.action not in seen:
            seen.add(binding.action)
            shown[key] = binding
    bar = rendered_text(screen.query_one(KeyBar))
    return {key: binding for key, binding in shown.items() if f" {binding.description} " in f"{bar} "}


def flashes(app: MaiaApp) -> list[str]:
    return [n.message for n in notifications(app) if n.timeout == FLASH_SECONDS]


async def open_section(pilot, key: str, screen_type: type) -> Screen[Any]:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen_type), screen_type.__name__)
    await pilot.pause(0.2)
    return pilot.app.screen  # type: ignore[no-any-return]


def state(app: MaiaApp, emulator: Emulator) -> tuple[object, ...]:
    """What a key may change, cheap to read: the screen, focus, requests to the server, a list
    reloaded from memory, a notification that is not a "nothing to do" flash, the clipboard."""
    acted = [n for n in notifications(app) if n.timeout != FLASH_SECONDS]
    return (
        app.screen,
        app.current_mode,
        len(app.screen_stack),
        app.focused,
        len(emulator.stats.requests),
        [listing.generation for listing in app.screen.query(ResourceList)],
        len(acted),
        app.clipboard,
    )


async def acted(pilot, emulator: Emulator, key: str) -> bool:  # type: ignore[no-untyped-def]
    """Did pressing `key` change anything a person sees (the whole screen, read last) or the server?"""
    app: MaiaApp = pilot.app
    before, seen = state(app, emulator), screen_text(app)
    await pilot.press(key)
    await pilot.pause()
    if state(app, emulator) != before:
        return True
    await pilot.pause(0.3)  # a request or a repaint may take a moment
    return state(app, emulator) != before or screen_text(app) != seen


async def press_each_footer_key(pilot, emulator: Emulator, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Press every footer key of the screen shown; the ones that changed nothing."""
    app: MaiaApp = pilot.app
    screen, mode, depth = app.screen, app.current_mode, len(app.screen_stack)
    inert = []
    keys = footer(screen)
    assert keys, f"{where}: no footer keys at all"
    # Back (esc) last: it leaves the screen, and the walk goes on elsewhere.
    for key, binding in sorted(keys.items(), key=lambda pair: pair[1].action == "back"):
        if binding.action in ("logout", "app.logout"):  # leaves the session (tests/ui/test_login.py)
            continue
        if not await acted(pilot, emulator, key):
            inert.append(f"{where}: {key} ({binding.description})")
        if isinstance(app.focused, Input):  # a filter or prompt opened in place: leave it
            await pilot.press("escape")
            await pilot.pause()
        while len(app.screen_stack) > depth and app.current_mode == mode:
            await app.pop_screen()
            await pilot.pause()
        if app.current_mode != mode:
            await app.switch_mode(mode)
            await pilot.pause()
    return inert


# Where the footer walk goes: a section by its key, or a screen opened from one by a key.
IN_SECTIONS = {screen_type.__name__: (key, screen_type) for key, screen_type in SECTIONS}
INSIDE = {
    "ProjectDetailScreen": ("1", ProjectsScreen, "enter", ProjectDetailScreen),
    "ExecutionScreen": ("2", RunsScreen, "enter", ExecutionScreen),
    "CredentialScreen": ("1", ProjectsScreen, "t", CredentialScreen),
}
# One test per place, so the walk spreads over the workers and a failure names its screen.
PLACES = [*IN_SECTIONS, *INSIDE]


async def open_place(pilot, place: str) -> None:  # type: ignore[no-untyped-def]
    if place in IN_SECTIONS:
        await open_section(pilot, *IN_SECTIONS[place])
        return
    key, section, press, screen_type = INSIDE[place]
    await open_section(pilot, key, section)
    await pilot.press(press)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen_type), place)
    await pilot.pause(0.3)


@pytest.mark.parametrize("place", PLACES)
async def test_no_footer_key_is_inert_on_the_screen_where_it_is_shown(
    app: MaiaApp, emulator: Emulator, place: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await open_place(pilot, place)
        screen = app.screen
        inert = await press_each_footer_key(pilot, emulator, place)
        if place in IN_SECTIONS:
            assert app.screen is screen  # every key but logout leaves a section where it was
        assert inert == [], "\n".join(inert)


async def test_enter_where_rows_open_nothing_is_not_in_the_footer_and_says_why(app: MaiaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert "Open" in [b.description for b in footer(app.screen).values()]  # projects open
        for key, screen_type, noun in (("3", AgentsScreen, "agent"), ("5", CreditsScreen, "type")):
            screen = await open_section(pilot, key, screen_type)
            assert "Open" not in [b.description for b in footer(screen).values()]
            await pilot.press("enter")
            why = f"There is nothing more to open for this {noun}"
            await wait_until(pilot, lambda: any(why in text for text in flashes(app)), f"why, on {noun}s")  # noqa: B023
            assert "v shows it as the API sent it" in flashes(app)[-1]


async def test_paging_keys_leave_the_footer_at_the_ends_and_say_why(app: MaiaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        shown = [b.description for b in footer(screen).values()]
        assert "Next" in shown and "Prev" not in shown  # page 1 of several
        await pilot.press("p")
        await wait_until(pilot, lambda: "Already on the first page." in flashes(app), "why p does nothing")
        await pilot.press("G")
        await wait_until(pilot, lambda: screen.listing.page_number == screen.listing.page_count - 1, "the last page")
        await pilot.pause()
        shown = [b.description for b in footer(screen).values()]
        assert "Prev" in shown and "Next" not in shown
        await pilot.press("n")
        await wait_until(pilot, lambda: "Already on the last page." in flashes(app), "why n does nothing")


async def test_f8_without_saved_profiles_says_why(app: MaiaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await wait_until(pilot, lambda: bool(flashes(app)), "why F8 does nothing")
        assert flashes(app) == ["No saved profile is chosen, so there is none to forget."]


async def test_help_writes_keys_as_people_do_and_slash_searches_it(app: MaiaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "a project")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        keys = rendered_text(app.screen.query_one("#help-keys"))
        assert "]  The next tab" in keys and "[  The previous tab" in keys
        assert "ctrl+r  Refresh the access token now" in keys
        for raw in ("right_square_bracket", "left_square_bracket", "question_mark", "slash", "pagedown"):
            assert raw not in keys
        await pilot.press("slash", *"next tab")
        await pilot.pause()
        found = rendered_text(app.screen.query_one("#help-keys"))
        assert "]  The next tab" in found and "Refresh the access token" not in found
        await pilot.press("backspace", *"zzq")  # q is typed, not "close"
        await pilot.pause()
        assert "No key matches 'next tazzq'." in rendered_text(app.screen.query_one("#help-keys"))
        await pilot.press("escape")  # leaves the search: every key again
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Refresh the access token" in rendered_text(app.screen.query_one("#help-keys"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "help closed")


async def test_j_and_k_move_like_down_and_up_in_lists_and_the_pipeline_tree(app: MaiaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        table = screen.listing.table
        await pilot.press("j", "j", "j")
        assert table.cursor_row == 3
        await pilot.press("k")
        assert table.cursor_row == 2
        runs = await open_section(pilot, "2", RunsScreen)
        await wait_until(pilot, lambda: runs.panel.listing.status == "ready", "the runs")  # type: ignore[attr-defined]
        await pilot.press("j", "j")
        assert runs.panel.listing.table.cursor_row == 2  # type: ignore[attr-defined]
        await open_section(pilot, "1", ProjectsScreen)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "a project")
        app.screen.query_one(TabbedContent).active = "tab-pipelines"
        await wait_until(pilot, lambda: bool(app.screen.query(PipelineTree)), "the pipelines tab")
        tree = app.screen.query_one(PipelineTree)
        await wait_until(pilot, lambda: bool(tree.root.children) and not tree.loading, "the pipeline tree")
        tree.focus()
        await pilot.pause()
        assert tree.last_line >= 1  # two lines at least, to move between
        start = tree.cursor_line
        await pilot.press("j")
        assert tree.cursor_line == start + 1
        await pilot.press("k")
        assert tree.cursor_line == start
