"""TLS in the app, against the emulator over HTTPS with certificates from trustme: a server
whose certificate authority is unknown is refused on the login form with a message that names
the problem and what to do; with its CA bundle configured (--ca-bundle, MAIA_CA_BUNDLE, or a
profile's ca_bundle) signing in works."""

from __future__ import annotations

import argparse

import pytest
from textual.widgets import Input

from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.defaults import CUSTOM_REGION, LoginDefaults
from maia_tui.ui.launch import build_app
from maia_tui.ui.screens.login import LoginScreen
from tests.support import SIZE, bar_text, header, log_in, login_status, wait_until


def https_defaults(emu, **values: object) -> LoginDefaults:  # type: ignore[no-untyped-def]
    fields: dict[str, object] = dict(
        client_id=DEMO_CLIENT_ID,
        secret=Secret(DEMO_CLIENT_SECRET),
        region=CUSTOM_REGION,
        api_url=emu.api_base,
        token_url=emu.token_url,
    )
    fields.update(values)
    return LoginDefaults(**fields)  # type: ignore[arg-type]


async def test_an_unknown_certificate_authority_is_named_on_the_login_form(https_emulator, clock):
    emu, _ = https_emulator
    assert emu.api_base.startswith("https://127.0.0.1:")
    requests_before = emu.stats.token_requests
    app = MaiaApp(https_defaults(emu), clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.login_screen.busy and login_status(app), "the refusal")
        text = login_status(app)
        assert "Could not verify the TLS certificate of 127.0.0.1" in text
        assert "unable to get local issuer certificate" in text  # the verifier's own words
        assert "configure its CA bundle (--ca-bundle or MAIA_CA_BUNDLE)" in text  # what to do
        assert isinstance(app.screen, LoginScreen) and app.session is None
        assert app.screen.query_one("#secret", Input).value == DEMO_CLIENT_SECRET  # nothing typed is lost
    assert emu.stats.token_requests == requests_before  # refused before any request reached the server


def args(**values: object) -> argparse.Namespace:
    base = dict(demo=False, region=None, api_url=None, token_url=None, ca_bundle=None, profile=None)
    base.update(values)
    return argparse.Namespace(**base)


@pytest.mark.parametrize("where", ["--ca-bundle", "MAIA_CA_BUNDLE", "login defaults (a profile's ca_bundle)"])
async def test_with_its_ca_bundle_configured_signing_in_works(https_emulator, clock, config_file, where):
    emu, ca_path = https_emulator
    environ = {
        "MAIA_TUI_CONFIG": str(config_file),
        "MAIA_CLIENT_ID": DEMO_CLIENT_ID,
        "MAIA_CLIENT_SECRET": DEMO_CLIENT_SECRET,
        "MAIA_API_URL": emu.api_base,
        "MAIA_TOKEN_URL": emu.token_url,
    }
    if where == "--ca-bundle":
        app = build_app(args(ca_bundle=ca_path), environ, clock=clock, cursor_blink=False)
    elif where == "MAIA_CA_BUNDLE":
        app = build_app(args(), {**environ, "MAIA_CA_BUNDLE": ca_path}, clock=clock, cursor_blink=False)
    else:
        app = MaiaApp(https_defaults(emu, ca_bundle=ca_path), clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert header(app) == "Projects · page 1 of 2 · 30 total · 25 per page · live · 30 s"
        assert f"127.0.0.1:{emu.port}" in bar_text(app) and "● valid" in bar_text(app)
