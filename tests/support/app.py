"""The app, driven by Pilot against a real emulator over loopback on the test's FakeClock: how it
is built (`make_app`, `app`, `hardened_app`), signing in, and what its screen shows as text."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot

from maia_tui.api.auth import Backoff
from maia_tui.api.clock import FakeClock
from maia_tui.emulator import Emulator
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.defaults import LoginDefaults
from maia_tui.ui.launch import demo_login_defaults
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.widgets.status_bar import StatusBar

from .clocks import NoWait
from .waiting import wait_until

SIZE = (120, 40)


def demo_defaults(emu: Emulator, **overrides: object) -> LoginDefaults:
    return demo_login_defaults(**{"api_url": emu.api_base, "token_url": emu.token_url, **overrides})


@pytest.fixture
def make_app(emulator: Emulator, clock: FakeClock) -> Callable[..., MaiaApp]:
    def make(client_options: dict[str, object] | None = None, **overrides: object) -> MaiaApp:
        """The demo app against `emulator`; `overrides` are login defaults."""
        return MaiaApp(
            demo_defaults(emulator, **overrides), clock=clock, cursor_blink=False, client_options=client_options
        )

    return make


@pytest.fixture
def app(make_app: Callable[..., MaiaApp]) -> MaiaApp:
    return make_app()


@pytest.fixture
def hardened_app(clock: FakeClock, no_wait: NoWait) -> Callable[..., MaiaApp]:
    """The demo app against `emu`, with the FakeClock, no real retry waits and backoffs
    without jitter (override any client option)."""

    def make(emu: Emulator, client_options: dict[str, object] | None = None, **defaults: object) -> MaiaApp:
        options: dict[str, object] = {
            "retry_sleep": no_wait,
            "backoff": Backoff(base=1.0, cap=60.0, rng=lambda: 0.5),
            "reconnect_backoff": Backoff(base=1.0, cap=30.0, rng=lambda: 0.5),
        }
        options.update(client_options or {})
        return MaiaApp(demo_defaults(emu, **defaults), clock=clock, cursor_blink=False, client_options=options)

    return make


def page_shown(app: MaiaApp) -> bool:
    screen = app.screen
    if not isinstance(screen, ProjectsScreen):
        return False
    return screen.listing.current is not None and screen.listing.loading_key is None


async def log_in(pilot: Pilot[Any]) -> ProjectsScreen:
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


def rendered_text(widget) -> str:  # type: ignore[no-untyped-def]
    """What a widget shows on screen, as plain text (whatever renderable it holds)."""
    from textual.geometry import Region

    strips = widget.render_lines(Region(0, 0, *widget.outer_size))
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


SVG_TEXT = re.compile(r'<text [^>]*\bx="([0-9.]+)"[^>]*clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>')
CELL_WIDTH = 20 * 0.61  # Rich's export_svg: 20 px characters with aspect ratio 0.61


def screen_text(app: MaiaApp) -> str:
    """The whole screen as plain text, read back from the public `App.export_screenshot` (each
    run of text in the SVG is placed at its cell; the blank runs Rich leaves out become spaces)."""
    width, height = app.size
    rows: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for x, row, text in SVG_TEXT.findall(app.export_screenshot()):
        rows[int(row)].append((round(float(x) / CELL_WIDTH), html.unescape(text).replace("\xa0", " ")))
    lines = []
    for runs in rows:
        line = ""
        for column, text in sorted(runs):
            line += " " * max(0, column - cell_len(line)) + text
        lines.append(line + " " * max(0, width - cell_len(line)))
    return "\n".join(lines)


@dataclass(frozen=True)
class TokenCheck:
    """One bearer token the emulator checked on an API request, as the emulator judged it."""

    at: float  # the test's fake monotonic time
    status: int  # 200 when accepted, else the 401 the API answered
    title: str


def watch_token_checks(emu: Emulator, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> list[TokenCheck]:
    """Record every token check the emulator makes (its verdict, not the client's)."""
    from maia_tui.emulator.problems import Problem

    checks: list[TokenCheck] = []
    verify = emu.state.tokens.verify

    def checked(authorization: str | None) -> dict[str, object]:
        try:
            claims = verify(authorization)
        except Problem as problem:
            checks.append(TokenCheck(clock.monotonic(), problem.status, problem.title))
            raise
        checks.append(TokenCheck(clock.monotonic(), 200, "accepted"))
        return claims

    monkeypatch.setattr(emu.state.tokens, "verify", checked)
    return checks
