"""A snapshot of the credential screen. Sync, as pytest-textual-snapshot wants: the app's clock
is frozen, and the emulator signs with its fixed key, on a fixed clock, under a fixed issuer,
so the token (and so its key id and fingerprint) is the same byte for byte on every run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from maia_tui.emulator import Emulator, EmulatorConfig, running_emulator
from maia_tui.emulator.tokens import fixed_signing_key
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.screens.credential import CredentialScreen
from tests.support import SIZE, demo_defaults, log_in, rendered_text, wait_until

START = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
ISSUER = "http://emulator.localhost/realms/dpc"


pytestmark = pytest.mark.usefixtures("central_european_time")  # see tests/support/clocks.py


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with running_emulator(EmulatorConfig(wall_clock=lambda: START.timestamp())) as emu:
        emu.state.tokens.key = fixed_signing_key()
        emu.state.tokens.issuer = ISSUER
        yield emu


@pytest.fixture
def app(emulator: Emulator, clock) -> MaiaApp:  # type: ignore[no-untyped-def]
    return MaiaApp(demo_defaults(emulator), clock=clock, cursor_blink=False)


def test_credential_screen(snap_compare, app: MaiaApp, clock) -> None:  # type: ignore[no-untyped-def]
    async def open_and_tick(pilot) -> None:  # type: ignore[no-untyped-def]
        await log_in(pilot)
        clock.advance(95)  # 28:25 left
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, CredentialScreen), "the credential screen")
        screen = app.screen
        assert isinstance(screen, CredentialScreen)
        await wait_until(pilot, lambda: "28:25" in rendered_text(screen.query_one("#credential-token")), "28:25")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_and_tick)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_credential_screen_after_a_probe(snap_compare, app: MaiaApp, clock, size) -> None:  # type: ignore[no-untyped-def]
    """#22: after `p` the permissions table is in view, even at 80x24."""

    async def open_and_probe(pilot) -> None:  # type: ignore[no-untyped-def]
        await log_in(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, CredentialScreen), "the credential screen")
        screen = app.screen
        assert isinstance(screen, CredentialScreen)
        await pilot.press("p")
        await wait_until(pilot, lambda: screen.probe_report is not None, "the probe")
        body, table = screen.query_one("#credential-body"), screen.query_one("#credential-probe")
        # The table is scrolled into view once laid out: wait for its last line to show.
        await wait_until(pilot, lambda: body.region.contains(table.region.x, table.region.bottom - 1), "the table")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_and_probe)
