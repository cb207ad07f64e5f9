"""The login form: signing in, refusals in the server's own words, checks before any request."""

from __future__ import annotations

import gc

from textual.widgets import Button, Input

from maia_tui.api.auth import TokenState
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.screens.login import LoginScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.widgets.region_picker import RegionPicker
from tests.support import (
    SIZE,
    HeldRequests,
    bar_text,
    demo_defaults,
    header,
    log_in,
    login_status,
    page_shown,
    wait_until,
)


async def test_logging_in_opens_the_first_projects_page(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert isinstance(app.screen, ProjectsScreen)
        assert header(app) == "Projects · page 1 of 6 · 140 total · 25 per page · live · 30 s"
        assert app.session is not None and app.session.client.tokens.status().state is TokenState.VALID
        bar = bar_text(app)
        assert "demo emulator" in bar and "client demo-client" in bar
        assert "● valid" in bar and "30:00 left" in bar and "DEMO" in bar
        assert emulator.stats.token_requests == 1


async def test_a_refused_secret_shows_the_servers_reason_and_keeps_what_was_typed(make_app, emulator):
    from maia_tui.api.secret import Secret

    app = make_app(secret=Secret("not-the-secret"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.login_screen.busy and login_status(app), "the refusal")
        assert "Invalid client or Invalid client credentials" in login_status(app)
        assert "refused the credentials" in login_status(app)
        assert isinstance(app.screen, LoginScreen)
        assert app.focused is app.screen.query_one("#secret", Input)
        assert app.screen.query_one("#client-id", Input).value == "demo-client"
        assert app.screen.query_one("#secret", Input).value == "not-the-secret"
        assert app.session is None
        # Fix the secret and try again from the same form
        app.screen.query_one("#secret", Input).value = "demo-secret-change-me"
        await log_in(pilot)
        assert emulator.stats.token_requests == 2


async def test_empty_fields_are_caught_before_any_request(make_app, emulator):
    app = make_app(client_id="", secret=None)
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is app.screen.query_one("#client-id", Input)
        await pilot.press("enter")
        assert "Enter the client ID" in login_status(app)
        await pilot.press(*"demo-client", "enter")
        assert "Enter the client secret" in login_status(app)
        assert app.focused is app.screen.query_one("#secret", Input)
        assert emulator.stats.token_requests == 0
        await pilot.press(*"demo-secret-change-me", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectsScreen), "login")


async def test_the_form_cannot_be_submitted_twice_while_the_exchange_runs(emulator, clock):
    held = HeldRequests(lambda request: request.url.path.endswith("/token"))
    app = MaiaApp(demo_defaults(emulator), clock=clock, cursor_blink=False, client_options={"transport": held})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: held.held == 1, "the token request")
        screen = app.screen
        assert screen.busy and screen.query_one("#sign-in", Button).disabled
        spinner = screen.query_one("#login-progress")
        assert spinner.display and spinner.auto_refresh is not None
        assert "Requesting a token from demo emulator" in login_status(app)
        screen.action_submit()
        await pilot.press("enter")
        await pilot.pause()
        assert held.held == 1  # neither the second nor the third submit asked again
        held.release()
        await wait_until(pilot, lambda: page_shown(app), "the first projects page")
        assert emulator.stats.token_requests == 1 and held.held == 1
        # Signed in, the spinner stops: the login screen stays under the sections all session,
        # and an animation left running there would repaint 16 times a second (bench_runs (a)).
        assert not screen.busy and spinner.auto_refresh is None


async def test_a_network_failure_names_the_host(refusing_port, make_app):
    port = refusing_port
    app = make_app(
        region="custom",
        demo=False,
        api_url=f"http://127.0.0.1:{port}/dpc",
        token_url=f"http://127.0.0.1:{port}/oauth/dpc/token",
    )
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#custom-urls").display
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.login_screen.busy and login_status(app), "the failure")
        assert "Could not connect to 127.0.0.1" in login_status(app)
        assert isinstance(app.screen, LoginScreen) and app.session is None


async def test_plain_http_to_a_remote_host_is_refused_before_sending_anything(make_app):
    app = make_app(region="custom", demo=False, api_url="http://maia.example.com/dpc", token_url="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert "Refusing to send credentials over plain http:// to maia.example.com" in login_status(app)
        assert not app.login_screen.busy


async def test_the_secret_is_masked_until_revealed(app):
    async with app.run_test(size=SIZE) as pilot:
        secret = app.screen.query_one("#secret", Input)
        assert secret.password
        await pilot.press("ctrl+t")
        assert not secret.password and str(app.screen.query_one("#reveal", Button).label) == "Hide"
        await pilot.click("#reveal")
        assert secret.password


async def test_custom_region_shows_the_url_fields(make_app):
    app = make_app(demo=False, region="eu1", api_url="", token_url="")
    async with app.run_test(size=SIZE) as pilot:
        urls = app.screen.query_one("#custom-urls")
        assert not urls.display
        app.screen.query_one("#region", RegionPicker).value = "custom"
        await pilot.pause()
        assert urls.display
        await pilot.press("enter")
        assert "Enter the API URL" in login_status(app)


async def test_the_region_is_chosen_with_the_arrow_keys_or_a_click(make_app):
    app = make_app(demo=False, region="eu1", api_url="", token_url="")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        picker = screen.query_one("#region", RegionPicker)
        picker.focus()
        await pilot.press("right")
        assert screen.chosen_region == "us1"
        await pilot.press("right")
        await pilot.pause()
        assert screen.chosen_region == "custom" and screen.query_one("#custom-urls").display
        assert screen.query_one("#api-url", Input).display
        await pilot.press("right")  # round to the first again
        await pilot.pause()
        assert screen.chosen_region == "eu1" and not screen.query_one("#custom-urls").display
        await pilot.press("left")
        assert screen.chosen_region == "custom"
        # A click on an option's text chooses it.
        start = next(start for start, _, value in picker._spans if value == "us1")
        await pilot.click(picker, offset=(picker.styles.gutter.left + start + 1, 1))
        assert screen.chosen_region == "us1"


async def test_a_preset_region_keeps_the_token_url_it_was_given(refusing_port, make_app):
    """eu1/us1 with a token URL of its own (command line, environment or profile) signs in there,
    not at the vendor's token URL; the form shows that token URL."""
    port = refusing_port
    token_url = f"http://127.0.0.1:{port}/oauth/dpc/token"
    app = make_app(demo=False, region="us1", api_url="", token_url=token_url)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.chosen_region == "us1"
        assert screen.query_one("#token-url", Input).value == token_url
        assert screen.query_one("#custom-urls").display and not screen.query_one("#api-url-row").display
        endpoints = screen._endpoints()
        assert (endpoints.region, endpoints.token_url) == ("us1", token_url)
        assert endpoints.api_base == "https://us1.api.matillion.com/dpc"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.login_screen.busy and login_status(app), "the failure")
        assert "Could not connect to 127.0.0.1" in login_status(app)


async def test_quitting_as_the_form_fills_in_crashes_nothing(make_app):
    """The app may quit (ctrl+q at once) while the form's Remember row is still mounting: the
    row, torn down before it has its checkbox, sets nothing instead of failing on it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen) and app.screen.is_mounted, "the login form")
        await pilot.pause(0)  # the row mounts as the test ends
    assert app.return_code in (None, 0)


async def test_the_collector_held_at_launch_runs_again_once_the_form_has_painted(app):
    """`maia-tui` holds garbage collection from launch to the login form's first frame
    (ui/launch.run_app); were it never let go, memory would grow all session."""
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, gc.isenabled, "the collector running again")
            assert app.screen.query_one("#client-id", Input).region.height > 0  # the form is on screen
    finally:
        gc.enable()
