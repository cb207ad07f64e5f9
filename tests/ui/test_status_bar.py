"""The status bar: a countdown from the token's deadline, refreshes, failures, log out."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from maia_tui.api.auth import TokenState
from maia_tui.emulator import EmulatorConfig
from maia_tui.ui.screens.login import LoginScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.screens.runs import RunsScreen
from maia_tui.ui.widgets.status_bar import StatusBar
from tests.support import SIZE, UI_FROZEN_AT, bar_text, log_in, login_status, wait_until

FIVE_MINUTES = EmulatorConfig(token_lifetime=300, frozen_at=UI_FROZEN_AT)


def state_classes(app) -> set[str]:
    return set(app.screen.query_one("#sb-state", Label).classes)


@pytest.mark.parametrize("emulator_config", [FIVE_MINUTES])
async def test_countdown_falls_with_the_clock_and_jumps_back_after_an_automatic_refresh(app, clock, emulator):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        tokens = app.session.client.tokens
        assert "05:00 left" in bar_text(app) and "-good" in state_classes(app)

        clock.advance(100)
        assert "03:20 left" in bar_text(app) and "● valid" in bar_text(app)

        clock.advance(100)  # under two minutes left: amber
        assert "01:40 left" in bar_text(app) and "● expiring" in bar_text(app)
        assert "-warn" in state_classes(app)
        assert "refreshed 3m ago" in bar_text(app)

        clock.advance(75)  # past the refresh point (30 s before expiry): the client refreshes by itself
        await wait_until(pilot, lambda: tokens.status().refreshes == 2, "the automatic refresh")
        await pilot.pause()
        assert "05:00 left" in bar_text(app) and "refreshed just now" in bar_text(app)
        assert "-good" in state_classes(app)
        assert emulator.stats.token_requests == 2


@pytest.mark.parametrize("emulator_config", [FIVE_MINUTES])
async def test_the_countdown_rounds_up_at_its_boundaries(app, clock, emulator):
    """The contract of the countdown (README, "Token countdown"): whole seconds, rounded up."""
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        tokens = app.session.client.tokens
        assert tokens.status().remaining == 300.0 and "05:00 left" in bar_text(app)
        clock.advance(0.001)  # 299.999 s left
        assert "05:00 left" in bar_text(app)
        emulator.faults.token_endpoint_faults = True  # no refresh may land: the old token runs out
        emulator.faults.server_error_share = 1.0
        clock.advance(299.499)  # 0.5 s left
        assert tokens.status().remaining == pytest.approx(0.5)
        assert "00:01 left" in bar_text(app)
        clock.advance(0.5)
        assert tokens.status().remaining == 0 and "00:00 left" in bar_text(app)


async def test_the_countdown_repaints_every_second_by_itself(app, clock):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        label = app.screen.query_one("#sb-remaining", Label)
        assert str(label.render()) == "30:00 left"
        clock.advance(42)
        await wait_until(pilot, lambda: str(label.render()) == "29:18 left", "the once-a-second repaint", 2.0)


async def test_a_piece_whose_width_changes_is_laid_out_again(app, clock):
    """Pieces that keep their width are repainted without a layout (every second); one whose
    width changes ("just now" -> "10m ago") is laid out again, so it is never cut or padded."""
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        label = app.screen.query_one("#sb-refreshed", Label)
        assert str(label.render()) == "refreshed just now"
        clock.advance(600)
        await wait_until(pilot, lambda: str(label.render()) == "refreshed 10m ago", "the repaint", 2.0)
        await pilot.pause()
        assert label.size.width == len("refreshed 10m ago")


async def test_ctrl_r_forces_a_refresh(app, clock, emulator):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        clock.advance(600)
        assert "20:00 left" in bar_text(app) and "refreshed 10m ago" in bar_text(app)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: app.session.client.tokens.status().refreshes == 2, "the forced refresh")
        assert "30:00 left" in bar_text(app) and "refreshed just now" in bar_text(app)
        assert emulator.stats.token_requests == 2


async def test_a_failing_refresh_shows_its_reason_and_the_next_retry(app, clock, emulator):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        emulator.faults.token_endpoint_faults = True
        emulator.faults.server_error_share = 1.0
        await pilot.press("ctrl+r")
        tokens = app.session.client.tokens
        await wait_until(pilot, lambda: tokens.status().next_retry_in is not None, "a scheduled retry")
        text = bar_text(app)
        assert "✖ refresh failing" in text and "-bad" in state_classes(app)
        assert "HTTP 503" in text and "temporarily unavailable" in text and "retry in 00:0" in text
        assert "30:00 left" in text  # the old token still works meanwhile

        emulator.faults.server_error_share = 0.0
        clock.advance(60)  # past the backoff: the loop tries again and succeeds
        await wait_until(pilot, lambda: tokens.status().state is TokenState.VALID, "recovery")
        assert "● valid" in bar_text(app) and "HTTP 503" not in bar_text(app)


async def test_log_out_drops_the_token_and_returns_to_the_login_screen(app):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        client = app.session.client
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen) and client.tokens.token is None, "log out")
        assert app.session is None
        assert app.screen.query_one("#client-id", Input).value == "demo-client"
        assert "Logged out" in login_status(app)
        assert not app.screen.query(StatusBar)
        await log_in(pilot)  # and in again
        assert isinstance(app.screen, ProjectsScreen)


async def test_a_bar_torn_down_before_it_paints_paints_nothing_and_raises_nothing(app, clock):
    # As when the app quits just as a screen opens: the bar's labels are pruned before its
    # first paint (a flake hunt caught the crash this once was, at the end of a run-dialog test).
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        bar = app.screen.query_one(StatusBar)
        await bar.query(Label).remove()
        clock.advance(1)  # a new snapshot, so the bar repaints
        bar.sample()
        await pilot.pause()
        assert isinstance(app.screen, ProjectsScreen) and not bar.query(Label)


@pytest.mark.parametrize("emulator_config", [FIVE_MINUTES])
async def test_revoked_credentials_return_to_the_login_screen_with_the_servers_reason(app, clock, emulator):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        emulator.revoke_all_tokens(reject_clients=True)
        clock.advance(280)  # the automatic refresh is refused
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "the return to the login screen")
        await pilot.pause()
        assert app.session is None
        assert "Invalid client or Invalid client credentials" in login_status(app)
        assert app.screen.query_one("#client-id", Input).value == "demo-client"
        assert app.focused is app.screen.query_one("#secret", Input)


async def test_a_refused_forced_refresh_also_returns_to_the_login_screen(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        emulator.revoke_all_tokens(reject_clients=True)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "the return to the login screen")
        await pilot.pause()
        assert "Invalid client or Invalid client credentials" in login_status(app)


async def test_one_second_moves_the_bar_shown_and_a_hidden_section_catches_up_when_shown(app, clock):
    """Every countdown moves on the app's one second (ui/signals.py), so they paint in one frame;
    the bar of a section not shown waits, and reads the time again the moment it is shown."""
    async with app.run_test(size=SIZE) as pilot:
        projects = await log_in(pilot)
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the Runs section")
        runs = app.screen
        hidden = projects.query_one("#sb-remaining", Label)
        shown = runs.query_one("#sb-remaining", Label)
        assert str(hidden.render()) == str(shown.render()) == "30:00 left"
        clock.advance(42)
        app.signals.second.publish(None)
        await wait_until(pilot, lambda: str(shown.render()) == "29:18 left", "the second, on the bar shown")
        assert str(hidden.render()) == "30:00 left"  # not painted while its section is hidden
        await pilot.press("1")
        await wait_until(pilot, lambda: app.screen is projects, "Projects again")
        assert str(hidden.render()) == "29:18 left"  # read again as it is shown, not a second later
