"""Pilot tests drive the real app against the real emulator over loopback; time is a FakeClock.

Every UI test runs with its own config file (MAIA_TUI_CONFIG under tmp_path), no MAIA_*
variables and an in-memory keyring, so none can read or write the user's profiles or secrets."""

from __future__ import annotations

import copy
import dataclasses
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import Emulator, EmulatorConfig, running_emulator
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.defaults import LoginDefaults
from maia_tui.ui.launch import demo_login_defaults
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.widgets.status_bar import StatusBar
from tests.credentials.fakes import MemoryKeyring
from tests.helpers import HANG_GUARD
from tests.notices import record_notifications  # noqa: F401  (autouse: notifications(app) in tests)

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("MAIA_"):
            monkeypatch.delenv(name)
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("MAIA_TUI_CONFIG", str(path))
    return path


@pytest.fixture(autouse=True)
def memory_keyring(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    """Every test here runs with the shared in-memory keyring (tests/conftest.py)."""
    return memory_keyring


# The emulated account's clock stands still in UI tests (the FakeClock's start), so screens and
# snapshots show the same runs every time.
UI_FROZEN_AT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """Override with @pytest.mark.parametrize("emulator_config", [EmulatorConfig(...)])."""
    return EmulatorConfig(frozen_at=UI_FROZEN_AT)


@pytest.fixture
def emulator(emulator_config: EmulatorConfig) -> Iterator[Emulator]:
    """A fresh emulator per test, with fresh fault knobs: a module-level config shared by
    parametrize must not carry one test's `faults` object into the next. Only the knobs are
    copied: the account's clock must stay the test's own FakeClock, which the test moves."""
    with running_emulator(dataclasses.replace(emulator_config, faults=copy.deepcopy(emulator_config.faults))) as emu:
        yield emu


@pytest.fixture
def central_european_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time one hour ahead of UTC (a POSIX rule: no tz database needed), so a screen
    that shows both differs visibly; the zone is put back afterwards."""
    monkeypatch.setenv("TZ", "CET-1")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def demo_defaults(emu: Emulator, **overrides: object) -> LoginDefaults:
    return demo_login_defaults(**{"api_url": emu.api_base, "token_url": emu.token_url, **overrides})


@pytest.fixture
def make_app(emulator: Emulator, clock: FakeClock) -> Callable[..., MaiaApp]:
    def make(**overrides: object) -> MaiaApp:
        return MaiaApp(demo_defaults(emulator, **overrides), clock=clock, cursor_blink=False)

    return make


@pytest.fixture
def app(make_app: Callable[..., MaiaApp]) -> MaiaApp:
    return make_app()


async def wait_until(pilot: Pilot, predicate: Callable[[], object], what: str, timeout: float = HANG_GUARD) -> None:
    """Let the app and the emulator work (real I/O) until `predicate` holds. The bound only
    guards against a hang (tests/helpers.py HANG_GUARD): no test passes or fails on how fast
    a loaded machine gets there."""
    deadline = time.monotonic() + max(timeout, HANG_GUARD)
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {HANG_GUARD:.0f}s and never saw {what}")
        await pilot.pause(0.01)


def page_shown(app: MaiaApp) -> bool:
    screen = app.screen
    if not isinstance(screen, ProjectsScreen):
        return False
    return screen.listing.current is not None and screen.listing.loading_key is None


async def log_in(pilot: Pilot) -> ProjectsScreen:
    await pilot.press("enter")
    await wait_until(pilot, lambda: page_shown(pilot.app), "the first projects page")  # type: ignore[arg-type]
    return pilot.app.screen  # type: ignore[return-value]


def header(app: MaiaApp) -> str:
    """The header line of the list on screen (projects, runs, ...)."""
    return str(app.screen.query_one(".list-header").render())


def bar_text(app: MaiaApp) -> str:
    bar = app.screen.query_one(StatusBar)
    bar.sample()
    return bar.text()


def login_status(app: MaiaApp) -> str:
    return str(app.login_screen.query_one("#login-status").render())


def rendered_text(widget) -> str:
    """What a widget shows on screen, as plain text (whatever renderable it holds)."""
    from textual.geometry import Region

    strips = widget.render_lines(Region(0, 0, *widget.outer_size))
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)
