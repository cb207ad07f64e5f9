"""The house (#20), as a person meets it: an app-wide change reaches every section, open or
not; a list is live again the moment a dialog closes; `t` is the credential everywhere; a
[keymap] in config.toml rebinds a key; and no key is shadowed on any screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode

from maia_tui.credentials.config import Config, Settings, save_config
from maia_tui.emulator import EmulatorConfig
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.screens.agents import AgentsScreen
from maia_tui.ui.screens.credential import CredentialScreen
from maia_tui.ui.screens.execution import ExecutionScreen
from maia_tui.ui.screens.help import HelpScreen
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.screens.runs import RunsScreen
from maia_tui.ui.settings import read_settings
from maia_tui.ui.widgets.key_bar import KeyBar
from tests.support import SIZE, demo_defaults, header, log_in, wait_until
from tests.ui.account_sections import SECTIONS

from .test_runs import open_runs

ZONE = timezone(timedelta(hours=-7), "MST")  # "local" here: far from UTC, so the switch shows


@pytest.fixture
def emulator_config(clock):  # type: ignore[no-untyped-def]
    return EmulatorConfig(projects=20, seed=31, clock=clock, run_seconds=600)


@pytest.fixture
def app(make_app):  # type: ignore[no-untyped-def]
    made = make_app()
    made.local_zone = ZONE
    return made


async def open_section(pilot, key: str, screen_type: type):  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen_type), screen_type.__name__)
    return pilot.app.screen


def started(runs: RunsScreen, execution_id: str | None = None) -> str:
    """The Started cell of one run (the first row's when not named)."""
    table = runs.panel.listing.table
    row = 0 if execution_id is None else [r.pipeline_execution_id for r in table.shown].index(execution_id)
    return str(list(table.get_column("started"))[row])


async def test_utc_from_the_palette_in_projects_reaches_an_already_open_runs(app):
    async with app.run_test(size=SIZE) as pilot:
        runs = await open_runs(pilot)
        first = runs.panel.listing.items[0]
        local = started(runs)
        assert local.startswith(datetime.fromisoformat(first.started_at).astimezone(ZONE).strftime("%H:%M"))
        await open_section(pilot, "1", ProjectsScreen)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"Times in UTC")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.utc_times, "UTC chosen")
        await pilot.pause()  # the signal is heard by the hidden Runs screen, not on its next paint
        await open_section(pilot, "2", RunsScreen)
        utc = started(runs)  # read at once: no timer of the list has run since the switch
        assert utc.startswith(datetime.fromisoformat(first.started_at).astimezone(UTC).strftime("%H:%M"))
        assert utc != local


@pytest.mark.parametrize("dialog", ["question_mark", "ctrl+p", "e", "S"])  # help, palette, export, a modal
async def test_after_a_dialog_closes_the_runs_header_says_live_at_once_and_ages_tick(app, clock, dialog):
    async with app.run_test(size=SIZE) as pilot:
        runs = await open_runs(pilot)
        await wait_until(pilot, lambda: " · live" in header(app), "the live header")
        await pilot.press(dialog)
        await wait_until(pilot, lambda: app.screen is not runs, "the dialog")
        assert " · paused" in str(runs.query_one(".list-header").render())
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is runs, "the runs again")
        await pilot.pause()
        assert " · live" in header(app) and "paused" not in header(app)
        run = runs.panel.listing.table.shown[0].pipeline_execution_id
        before = started(runs, run)
        clock.advance(3600 * 5)  # five hours on: every "… ago" reads differently
        # The list's one-second timer redraws ages; a second or two of real time at most.
        await wait_until(pilot, lambda: started(runs, run) != before, "the ages ticking", timeout=3)
        assert started(runs, run).split(" ")[0] == before.split(" ")[0]  # the time itself stays (`02:30 5h`)


async def test_t_opens_the_credential_screen_from_each_section(app):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        for key, screen_type in SECTIONS:
            section = await open_section(pilot, key, screen_type)
            await pilot.pause()
            await pilot.press("t")
            await wait_until(pilot, lambda: isinstance(app.screen, CredentialScreen), f"the credential from {key}")
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is section, f"section {key} again")  # noqa: B023


async def test_a_keymap_entry_in_config_toml_rebinds_a_key(emulator, clock, config_file):
    save_config(Config(settings=Settings().with_keymap({"session.credential": "z", "list.reload": "f5"})), config_file)
    app = MaiaApp(demo_defaults(emulator), clock=clock, cursor_blink=False, settings=read_settings(config_file))
    async with app.run_test(size=SIZE) as pilot:
        projects = await log_in(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is projects  # t is no longer the credential
        await pilot.press("z")
        await wait_until(pilot, lambda: isinstance(app.screen, CredentialScreen), "the credential on z")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is projects, "the projects again")
        keys = projects.active_bindings  # what the footer and help show
        assert keys["z"].binding.id == "session.credential" and "t" not in keys
        assert keys["f5"].binding.id == "list.reload" and "r" not in keys


def declared(node: DOMNode) -> dict[str, Binding]:
    """Key -> binding, as the node's class and its bases declare them (the nearest class wins)."""
    found: dict[str, Binding] = {}
    for cls in reversed(type(node).__mro__):
        for item in cls.__dict__.get("BINDINGS", []):
            binding = item if isinstance(item, Binding) else Binding(*item)
            keys = node.app.keymap.get(binding.id, binding.key) if binding.id else binding.key  # type: ignore[attr-defined]
            for key in keys.split(","):
                found[key.strip()] = binding
    return found


def shadowed(app: MaiaApp) -> list[str]:
    """Bindings of ours that a nearer binding of ours takes from them: from every focusable
    widget of the screen up to the app, the same key bound nearer to another action, and
    enabled there. (Textual's own widgets bind keys such as enter in an Input; those are the
    widget's typing, not ours to list.)"""
    problems = []
    for widget in app.screen.query("*"):
        if not widget.focusable:
            continue
        nearer: dict[str, tuple[DOMNode, Binding]] = {}
        chain = [node for node in widget.ancestors_with_self if not (app.screen.is_modal and node is app)]
        for node in chain:  # a modal screen's keys never reach the app's bindings
            for key, binding in declared(node).items():
                if key in nearer:
                    holder, near = nearer[key]
                    enabled = holder.check_action(near.action, ()) is not False
                    # A priority binding is asked before the nearer ones (Textual): it hides, never is hidden.
                    hidden = binding.id and near.id and not binding.priority
                    if hidden and near.action != binding.action and enabled:
                        problems.append(f"{type(app.screen).__name__}: {key} {near.id} hides {binding.id}")
                else:
                    nearer[key] = (node, binding)
    return problems


async def test_no_binding_is_shadowed_on_any_screen(app):
    async with app.run_test(size=SIZE) as pilot:
        seen = {type(app.screen).__name__: shadowed(app)}
        await log_in(pilot)
        for key, screen_type in SECTIONS:
            await open_section(pilot, key, screen_type)
            await pilot.pause(0.2)
            seen[screen_type.__name__] = shadowed(app)
        await open_section(pilot, "1", ProjectsScreen)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "a project")
        detail = app.screen
        for _ in range(5):  # every tab's list and panel
            await pilot.press("right_square_bracket")
            await pilot.pause(0.2)
            seen[f"ProjectDetailScreen {detail.query_one('#detail-tabs').active}"] = shadowed(app)
        await open_section(pilot, "2", RunsScreen)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExecutionScreen), "an execution")
        seen["ExecutionScreen"] = shadowed(app)
        for key, screen_type in (("t", CredentialScreen), ("question_mark", HelpScreen)):
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, screen_type), screen_type.__name__)  # noqa: B023
            seen[screen_type.__name__] = shadowed(app)
        assert len(seen) >= 15
        assert {name: found for name, found in seen.items() if found} == {}


def test_every_key_a_hint_names_is_a_binding():
    """Hints name keys as {key:binding.id} (ui/keys.hint), so they follow the keymap; an id that
    no binding has would show as "?"."""
    import re
    from pathlib import Path

    import maia_tui
    from maia_tui.ui.key_reference import key_entries

    ids = {entry.id for entry in key_entries(MaiaApp)}
    named = {
        match
        for path in Path(maia_tui.__file__).parent.rglob("*.py")
        for match in re.findall(r"\{key:([a-z_.]+)\}", path.read_text(encoding="utf-8"))
    }
    assert len(named) >= 15
    assert named - ids == set()


async def test_hints_name_the_keys_of_the_keymap(emulator, clock, config_file):
    from maia_tui.ui.keys import hint

    save_config(Config(settings=Settings().with_keymap({"list.reload": "f5", "list.raw": "ctrl+j"})), config_file)
    app = MaiaApp(demo_defaults(emulator), clock=clock, cursor_blink=False, settings=read_settings(config_file))
    async with app.run_test(size=SIZE) as pilot:
        projects = await log_in(pilot)
        assert hint(projects.listing, "press {key:list.reload} or {key:list.raw}") == "press F5 or ctrl+j"
        agents = await open_section(pilot, "3", AgentsScreen)
        await pilot.press("enter")  # an agent opens nothing: the flash names the raw-JSON key
        await pilot.pause()
        from tests.support import notifications

        assert any("ctrl+j shows it as the API sent it" in str(n.message) for n in notifications(app)), agents


async def test_a_theme_chosen_after_sign_in_restyles_every_section(app):
    """Sections are modes; the app restyles fully only when the CSS variables change
    (MaiaApp.refresh_css), so a theme change must still reach a section opened before it and one
    opened after it."""
    async with app.run_test(size=SIZE) as pilot:
        projects = await log_in(pilot)
        runs = await open_section(pilot, "2", RunsScreen)
        dark = runs.styles.background, runs.query_one(KeyBar).styles.background
        await open_section(pilot, "1", ProjectsScreen)
        app.theme = "textual-light"
        await pilot.pause()
        light = projects.styles.background, projects.query_one(KeyBar).styles.background
        assert light[0] != dark[0] and light[1] != dark[1]
        for key, screen_type in (("2", RunsScreen), ("3", AgentsScreen)):  # opened before, and new
            screen = await open_section(pilot, key, screen_type)
            await pilot.pause()
            # the screen and what is inside it
            assert (screen.styles.background, screen.query_one(KeyBar).styles.background) == light
