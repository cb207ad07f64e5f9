"""Tokens under stress, in the app. The emulator's tokens expire on the test's FakeClock, and
every token it checks is recorded with its verdict, so "never sent an expired token" and "one
token request for a burst of 401s" are the server's findings, not the client's claims."""

from __future__ import annotations

import itertools

from textual.widgets import Input

from maia_tui.api.auth import Backoff, TokenState
from maia_tui.ui.format import clock_text
from maia_tui.ui.screens.login import LoginScreen
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.views.resource_table import ResourceTable
from tests.support import SIZE, bar_text, header, log_in, login_status, page_shown, wait_until, watch_token_checks

LIFETIME = 300  # refresh point 30 s before expiry (10% of the lifetime)
JITTER = (0.0, 1.0, 0.25, 0.75, 0.5)  # the backoff's random draws, in turn
BASE, CAP = 1.0, 16.0


def expected_delay(failure: int, draw: float) -> float:
    """Capped exponential backoff with full jitter: half the ceiling plus a random half."""
    ceiling = min(CAP, BASE * 2**failure)
    return ceiling / 2 + draw * ceiling / 2


async def test_token_endpoint_down_for_two_minutes_backs_off_visibly_and_requests_wait(
    start_emulator, hardened_app, clock, monkeypatch
):
    emu = start_emulator(projects=140, token_lifetime=LIFETIME)
    draws = itertools.cycle(JITTER)
    app = hardened_app(emu, client_options={"backoff": Backoff(base=BASE, cap=CAP, rng=lambda: next(draws))})
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        tokens = app.session.client.tokens
        await wait_until(pilot, lambda: screen.listing.loader.peek((1, 25)) is not None, "the prefetch of page 2")
        checks = watch_token_checks(emu, clock, monkeypatch)
        expires_at = tokens.token.expires_at

        # The identity service fails: every other request 503, the others dropped mid-answer.
        emu.faults.token_endpoint_faults = True
        emu.faults.server_error_share = 1.0
        emu.faults.drop_share = 0.5
        clock.advance(LIFETIME - 30)  # the refresh point: the first refresh fails
        failing_from = clock.monotonic()
        delays: list[float] = []
        reasons: set[str] = set()
        asked_while_expired = False
        while clock.monotonic() - failing_from < 120:
            await wait_until(
                pilot,
                lambda: tokens.status().failures == len(delays) + 1 and tokens.status().next_retry_in is not None,
                f"retry {len(delays) + 1} planned",
            )
            status = tokens.status()
            delays.append(status.next_retry_in)
            bar = bar_text(app)
            assert "✖ refresh failing" in bar and f"retry in {clock_text(status.next_retry_in)}" in bar
            reasons.add(
                "503"
                if "HTTP 503: The identity service is temporarily unavailable" in bar
                else "dropped"
                if "The connection to 127.0.0.1:" in bar and "was dropped" in bar
                else bar
            )
            if status.remaining == 0 and not asked_while_expired:
                assert "00:00 left" in bar
                await pilot.press("n", "n")  # page 2 from the cache, then page 3: it must wait, not fail
                asked_while_expired = True
            clock.advance(status.next_retry_in)

        assert asked_while_expired and clock.monotonic() > expires_at
        assert reasons == {"503", "dropped"}
        assert delays == [
            expected_delay(n, draw) for n, draw in zip(range(len(delays)), draws_of(len(delays)), strict=False)
        ]
        assert max(delays) <= CAP and len(set(delays)) > 3  # capped, and jittered
        assert screen.listing.loading_key == (2, 25) and not screen.query_one("#projects-error").display
        assert "loading page 3" in header(app)

        # The service recovers; the next retry gets a token, and the waiting page shows.
        emu.faults.token_endpoint_faults = False
        emu.faults.server_error_share = emu.faults.drop_share = 0.0
        clock.advance(tokens.status().next_retry_in)
        await wait_until(pilot, lambda: page_shown(app) and header(app).startswith("Projects · page 3 of 6"), "page 3")
        assert tokens.status().state is TokenState.VALID and "● valid" in bar_text(app)
        renewed_at = clock.monotonic()

    # What the emulator saw: no 401 at all, and no API request between expiry and the new token.
    assert checks and all(check.status == 200 for check in checks), checks
    assert not [c for c in checks if expires_at <= c.at < renewed_at]
    assert emu.stats.token_requests == 1 + len(delays) + 1  # login, each failed try, the success


def draws_of(count: int) -> list[float]:
    return list(itertools.islice(itertools.cycle(JITTER), count))


async def test_credentials_revoked_mid_session_cost_one_token_request_then_the_login_screen(
    start_emulator, hardened_app, clock, monkeypatch
):
    emu = start_emulator(projects=140)
    app = hardened_app(emu)
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        await wait_until(pilot, lambda: screen.listing.loader.peek((1, 25)) is not None, "the prefetch of page 2")
        await pilot.press("enter")  # a project's detail: its tabs fetch in parallel
        detail = app.screen
        assert isinstance(detail, ProjectDetailScreen)
        await wait_until(pilot, lambda: detail.query_one("#environments", ResourceTable).row_count > 0, "environments")

        checks = watch_token_checks(emu, clock, monkeypatch)
        tokens_before = emu.stats.token_requests
        emu.faults.latency_ms = 150  # the burst's requests are all in flight together
        emu.revoke_all_tokens(reject_clients=True)
        tabs = detail.query_one("#detail-tabs")
        tabs.active = "tab-schedules"  # three requests at once: the schedules, the runs,
        tabs.active = "tab-runs"
        tabs.active = "tab-environments"
        await pilot.press("r")  # and the environments again

        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "the return to the login screen")
        await pilot.pause()
        rejected = [c for c in checks if c.status == 401]
        assert len(rejected) >= 3 and {c.title for c in rejected} == {"Access token revoked"}
        assert emu.stats.token_requests == tokens_before + 1  # one refresh for the whole burst
        assert app.session is None
        assert "Invalid client or Invalid client credentials" in login_status(app)
        assert "refused the credentials (HTTP 401)" in login_status(app)
        assert app.screen.query_one("#client-id", Input).value == "demo-client"
        assert app.focused is app.screen.query_one("#secret", Input)
        await pilot.pause(0.3)  # late answers to the burst change nothing
        assert emu.stats.token_requests == tokens_before + 1 and isinstance(app.screen, LoginScreen)
