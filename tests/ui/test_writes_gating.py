"""Read-only by default in the app: the WRITES badge, where writes get switched on, and no write
key on the login screen."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from textual.widgets import Label, Select

from maia_tui.credentials.config import Config, Profile, save_config
from maia_tui.credentials.store import SERVICE
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from maia_tui.ui.launch import build_app, quick_defaults
from maia_tui.ui.screens.login import LoginScreen
from tests.support import SIZE, bar_text, log_in, wait_until

WRITE_ACTIONS = ("run", "cancel", "force_cancel", "run_again")


def args(**values: object) -> argparse.Namespace:
    base = dict(demo=False, region=None, api_url=None, token_url=None, ca_bundle=None, profile=None)
    base.update(values)
    return argparse.Namespace(**base)


def badge(app) -> Label:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#sb-writes", Label)


async def test_read_only_by_default_even_in_the_demo(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert app.session.writes.allowed is False
        assert not badge(app).display
        assert "DEMO" in bar_text(app) and "WRITES" not in bar_text(app)


async def test_writes_on_shows_a_writes_badge(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert app.session.writes.allowed is True
        assert badge(app).display and "WRITES" in bar_text(app)


async def test_no_write_key_is_bound_on_the_login_screen(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)  # even with writes on
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen) and app.screen.is_mounted, "the login form")
        actions = {active.binding.action for active in app.screen.active_bindings.values()}
        assert "x" not in app.screen.active_bindings
        assert not actions & set(WRITE_ACTIONS), actions


def test_the_switches_before_the_first_paint() -> None:
    assert quick_defaults(args(), {}).allow_writes is False
    assert quick_defaults(args(allow_writes=True), {}).allow_writes is True
    assert quick_defaults(args(), {"MAIA_ALLOW_WRITES": "1"}).allow_writes is True
    unreadable = quick_defaults(args(), {"MAIA_ALLOW_WRITES": "maybe"})
    assert unreadable.allow_writes is False
    assert unreadable.notice is not None and "MAIA_ALLOW_WRITES='maybe'" in unreadable.notice


@pytest.mark.parametrize(("allow", "shown"), [(True, True), (False, False)])
async def test_a_profile_with_allow_writes_turns_writes_on(  # type: ignore[no-untyped-def]
    config_file: Path, memory_keyring, emulator, clock, allow: bool, shown: bool
) -> None:
    profile = Profile(
        name="work",
        client_id=DEMO_CLIENT_ID,
        api_url=emulator.api_base,
        token_url=emulator.token_url,
        secret_stored=True,
        allow_writes=allow,
    )
    save_config(Config().with_profile(profile, make_last=False), config_file)
    memory_keyring.entries[(SERVICE, "work")] = DEMO_CLIENT_SECRET
    app = build_app(args(), {"MAIA_TUI_CONFIG": str(config_file)}, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.login_screen.keyring_checked, "the keyring check")
        app.login_screen.query_one("#profile", Select).value = "work"
        await wait_until(pilot, lambda: app.login_screen.form_complete(), "the secret from the keyring")
        await log_in(pilot)
        assert app.session.writes.allowed is shown
        assert badge(app).display is shown
        if shown:
            assert app.session.writes.source == "profile 'work'"
