"""Saved profiles on the login screen, against the real emulator, with an in-memory keyring and a
config file under tmp_path (see tests/support/isolation.py): choosing one, remember (only after a successful
login), forget (after a confirmation), remember disabled when no keyring can be used, and
--profile logging in straight away."""

from __future__ import annotations

import argparse
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from textual.widgets import Checkbox, Input, OptionList, Select

from maia_tui.credentials.config import Config, Profile, load_config, save_config
from maia_tui.credentials.store import SERVICE
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from maia_tui.ui.launch import build_app
from maia_tui.ui.screens.confirm import ConfirmScreen
from maia_tui.ui.screens.login import LoginScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from tests.support import (
    SIZE,
    HangingKeyring,
    UnencryptedFileKeyring,
    log_in,
    login_status,
    page_shown,
    rendered_text,
    wait_until,
)
from tests.support import notifications as sent_notifications


def args(**values: object) -> argparse.Namespace:
    base = dict(demo=False, region=None, api_url=None, token_url=None, ca_bundle=None, profile=None)
    base.update(values)
    return argparse.Namespace(**base)


def emulator_profile(emulator, name: str = "work", **values: object) -> Profile:
    fields: dict[str, object] = dict(
        client_id=DEMO_CLIENT_ID, api_url=emulator.api_base, token_url=emulator.token_url, secret_stored=True
    )
    fields.update(values)
    return Profile(name=name, **fields)  # type: ignore[arg-type]


@pytest.fixture
def saved(config_file: Path, memory_keyring, emulator) -> Path:
    """Two profiles: 'work' (the emulator, secret in the keyring) and 'other' (eu1, no secret)."""
    config = Config().with_profile(emulator_profile(emulator), make_last=False)
    config = config.with_profile(Profile(name="other", client_id="other-client", region="us1"), make_last=False)
    save_config(config, config_file)
    memory_keyring.entries[(SERVICE, "work")] = DEMO_CLIENT_SECRET
    return config_file


@pytest.fixture
def environ(config_file: Path) -> dict[str, str]:
    return {"MAIA_TUI_CONFIG": str(config_file)}


def field(app, selector: str) -> str:
    return app.login_screen.query_one(selector, Input).value


def remember_reason(app) -> str:
    return rendered_text(app.login_screen.query_one("#remember-reason")).strip()


def notifications(app) -> list[str]:
    return [notification.message for notification in sent_notifications(app)]


async def settled(pilot, app) -> None:
    """The screen has asked the keyring whether remember can be offered."""
    await wait_until(pilot, lambda: app.login_screen.keyring_checked, "the keyring check")


async def test_choosing_a_profile_fills_the_form_and_its_secret_then_logs_in(
    saved, environ, emulator, clock, memory_keyring
):
    app = build_app(args(), environ, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.login_screen
        await settled(pilot, app)
        picker = screen.query_one("#profile", Select)
        assert screen.query_one("#profile-row").display
        assert field(app, "#client-id") == "" and field(app, "#secret") == ""

        # A profile without a stored secret fills what it has and says the secret is missing.
        picker.value = "other"
        await wait_until(pilot, lambda: "No secret is stored for profile 'other'" in login_status(app), "the note")
        assert field(app, "#client-id") == "other-client" and screen.chosen_region == "us1"
        assert ("get", "other") not in memory_keyring.calls  # nothing to read: not even asked

        picker.value = "work"
        await wait_until(pilot, lambda: field(app, "#secret") == DEMO_CLIENT_SECRET, "the secret from the keyring")
        assert field(app, "#client-id") == DEMO_CLIENT_ID
        assert screen.chosen_region == "custom" and screen.query_one("#custom-urls").display
        assert field(app, "#api-url") == emulator.api_base and field(app, "#token-url") == emulator.token_url
        assert ("get", "work") in memory_keyring.calls
        assert screen.query_one("#secret", Input).password  # read from the keyring, still masked
        assert DEMO_CLIENT_SECRET not in login_status(app)

        await log_in(pilot)
        assert app.session is not None and emulator.stats.token_requests == 1
        assert field(app, "#secret") == ""  # not kept in the form for the whole session

        # Log out: the profile is still chosen and its secret is read again, so enter signs in.
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: field(app, "#secret") == DEMO_CLIENT_SECRET, "the secret, again")
        assert "Logged out" in login_status(app)  # the re-read does not talk over it
        await log_in(pilot)
        assert emulator.stats.token_requests == 2


async def test_a_profile_whose_secret_the_keyring_lacks_or_withholds_gets_a_note(
    saved, environ, emulator, clock, memory_keyring
):
    del memory_keyring.entries[(SERVICE, "work")]
    app = build_app(args(), environ, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app)
        app.login_screen.query_one("#profile", Select).value = "work"
        await wait_until(pilot, lambda: "The keyring has no secret for profile 'work'" in login_status(app), "note")
        assert field(app, "#client-id") == DEMO_CLIENT_ID and field(app, "#secret") == ""
        secret = app.login_screen.query_one("#secret", Input)
        await wait_until(pilot, lambda: app.focused is secret, "the cursor in the secret field")  # focus() is deferred


async def test_a_keyring_that_hangs_times_out_with_a_note_and_the_form_stays_usable(saved, environ, emulator, clock):
    hanging = HangingKeyring()
    keyring.set_keyring(hanging)  # the memory_keyring fixture puts the previous backend back
    try:
        app = build_app(args(), environ, clock=clock, cursor_blink=False)
        app.profile_source.keyring_timeout = 0.3
        async with app.run_test(size=SIZE) as pilot:
            await settled(pilot, app)  # the availability probe hung, and timed out
            assert remember_reason(app) == "The keyring did not answer in time"
            assert "did not answer within 0.3 s" in str(app.login_screen.query_one("#remember-reason").tooltip)
            assert app.login_screen.query_one("#remember", Checkbox).disabled
            app.login_screen.query_one("#profile", Select).value = "work"
            # The store does not pile another call onto a keyring that hangs: it says so at once.
            await wait_until(pilot, lambda: "The keyring is still busy" in login_status(app), "the note")
            assert field(app, "#client-id") == DEMO_CLIENT_ID
            # Typing the secret by hand still works while the keyring hangs.
            app.login_screen.query_one("#secret", Input).value = DEMO_CLIENT_SECRET
            await log_in(pilot)
    finally:
        hanging.release.set()


async def test_remember_after_a_successful_login_saves_the_profile_and_the_secret_in_the_keyring(
    config_file, emulator, clock, memory_keyring
):
    environ = {
        "MAIA_TUI_CONFIG": str(config_file),
        "MAIA_CLIENT_ID": DEMO_CLIENT_ID,
        "MAIA_API_URL": emulator.api_base,
        "MAIA_TOKEN_URL": emulator.token_url,
    }
    app = build_app(args(), environ, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.login_screen
        await settled(pilot, app)
        assert not screen.query("#profile-row")  # no profiles yet: no picker at all
        remember = screen.query_one("#remember", Checkbox)
        assert not remember.disabled and not remember.value
        assert screen.query_one("#profile-name", Input).placeholder == DEMO_CLIENT_ID
        assert app.focused is screen.query_one("#secret", Input)
        await pilot.press(*DEMO_CLIENT_SECRET)
        await pilot.click("#remember")
        assert remember.value
        screen.query_one("#profile-name", Input).value = "emu"
        await log_in(pilot)
        await wait_until(pilot, lambda: config_file.exists() and (SERVICE, "emu") in memory_keyring.entries, "save")

        assert memory_keyring.entries[(SERVICE, "emu")] == DEMO_CLIENT_SECRET
        saved = load_config(config_file)
        assert saved.profiles["emu"] == emulator_profile(emulator, "emu")
        assert saved.last_profile == "emu"
        text = config_file.read_text()
        assert DEMO_CLIENT_SECRET not in text and "secret_stored = true" in text
        await wait_until(pilot, lambda: any("Remembered profile 'emu'" in n for n in notifications(app)), "notice")
        assert not any(DEMO_CLIENT_SECRET in n for n in notifications(app))

        # Back on the login screen, the new profile is in the list.
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "the login screen")
        assert screen.query_one("#profile-row").display
        assert screen.query_one("#profile", Select).value == "emu"


async def test_no_remember_after_a_failed_login(config_file, emulator, clock, memory_keyring):
    environ = {
        "MAIA_TUI_CONFIG": str(config_file),
        "MAIA_CLIENT_ID": DEMO_CLIENT_ID,
        "MAIA_CLIENT_SECRET": "wrong-secret",
        "MAIA_API_URL": emulator.api_base,
        "MAIA_TOKEN_URL": emulator.token_url,
    }
    app = build_app(args(), environ, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.login_screen
        await settled(pilot, app)
        screen.query_one("#remember", Checkbox).value = True
        await pilot.press("enter")
        await wait_until(pilot, lambda: not screen.busy and "refused" in login_status(app), "the refusal")
        await pilot.pause(0.1)
        assert not config_file.exists()
        assert memory_keyring.entries == {} and not any(call[0] == "set" for call in memory_keyring.calls)

        # The same form, fixed, then signs in and remembers the secret that worked.
        screen.query_one("#secret", Input).value = DEMO_CLIENT_SECRET
        await log_in(pilot)
        await wait_until(pilot, lambda: (SERVICE, DEMO_CLIENT_ID) in memory_keyring.entries, "the save")
        assert memory_keyring.entries == {(SERVICE, DEMO_CLIENT_ID): DEMO_CLIENT_SECRET}
        assert [call for call in memory_keyring.calls if call[0] == "set"] == [("set", DEMO_CLIENT_ID)]


async def test_a_preset_region_profile_with_its_own_token_url_signs_in_there(
    config_file, environ, emulator, clock, memory_keyring
):
    token_url = "https://id.example.com/oauth/dpc/token"
    profile = Profile(
        name="eu-own-token", client_id=DEMO_CLIENT_ID, region="eu1", token_url=token_url, secret_stored=True
    )
    save_config(Config().with_profile(profile, make_last=False), config_file)
    memory_keyring.entries[(SERVICE, "eu-own-token")] = DEMO_CLIENT_SECRET
    app = build_app(args(), environ, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.login_screen
        await settled(pilot, app)
        screen.query_one("#profile", Select).value = "eu-own-token"
        await wait_until(pilot, lambda: field(app, "#secret") == DEMO_CLIENT_SECRET, "the secret")
        assert screen.chosen_region == "eu1" and field(app, "#token-url") == token_url
        endpoints = screen._endpoints()
        assert (endpoints.region, endpoints.token_url) == ("eu1", token_url)


async def test_forget_asks_first_then_deletes_the_profile_and_its_secret(
    saved, environ, emulator, clock, memory_keyring
):
    app = build_app(args(), environ, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.login_screen
        await settled(pilot, app)
        assert not screen.check_action("forget_profile", ())  # nothing chosen: nothing to forget
        screen.query_one("#profile", Select).value = "work"
        await wait_until(pilot, lambda: field(app, "#secret") == DEMO_CLIENT_SECRET, "the secret")
        assert any(c.title == "Forget profile 'work'" for c in app.get_system_commands(screen))

        await pilot.press("f8")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Forget profile 'work'?" in rendered_text(app.screen.query_one("#confirm-question"))
        await pilot.press("n")  # declined: nothing changes
        assert app.screen is screen
        await pilot.pause(0.1)
        assert "work" in load_config(saved).profiles and (SERVICE, "work") in memory_keyring.entries

        await pilot.press("f8")
        await pilot.press("y")
        await wait_until(pilot, lambda: "work" not in load_config(saved).profiles, "the profile to go")
        await wait_until(pilot, lambda: screen.chosen_profile is None, "the list to follow")
        assert (SERVICE, "work") not in memory_keyring.entries
        assert ("delete", "work") in memory_keyring.calls
        assert list(load_config(saved).profiles) == ["other"]
        await wait_until(pilot, lambda: any("Forgot profile 'work'" in n for n in notifications(app)), "notice")
        picker = screen.query_one("#profile", Select)
        listed = [str(option.prompt) for option in picker.query_one(OptionList).options]  # Select's own list
        assert picker.value is Select.NULL and listed == ["choose a saved profile", "other"]
        assert screen.saved is not None and screen.saved.names == ["other"]
        assert field(app, "#secret") == ""  # the forgotten secret does not linger in the form
        assert app.screen is screen and app.session is None


@pytest.mark.parametrize(
    "backend, reason, full_reason",
    [
        (fail.Keyring(), "No system keyring is available", "install and unlock one"),
        (UnencryptedFileKeyring(), "A plain-text keyring is refused", "allow_plaintext_keyring = true"),
    ],
    ids=["fail-backend", "plaintext-refused"],
)
async def test_remember_is_disabled_with_a_reason_when_no_keyring_can_be_used(
    backend, reason, full_reason, config_file, emulator, clock
):
    keyring.set_keyring(backend)
    environ = {
        "MAIA_TUI_CONFIG": str(config_file),
        "MAIA_CLIENT_ID": DEMO_CLIENT_ID,
        "MAIA_CLIENT_SECRET": DEMO_CLIENT_SECRET,
        "MAIA_API_URL": emulator.api_base,
        "MAIA_TOKEN_URL": emulator.token_url,
    }
    app = build_app(args(), environ, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.login_screen
        await settled(pilot, app)
        remember = screen.query_one("#remember", Checkbox)
        assert remember.disabled and not remember.value
        assert remember_reason(app) == reason  # one line, whole
        assert full_reason in str(screen.query_one("#remember-reason").tooltip)  # the rest on hover
        assert not [field for field in screen.query("#profile-name") if field.display]
        await pilot.click("#remember")  # a disabled checkbox cannot be ticked
        assert not remember.value
        await log_in(pilot)
        await pilot.pause(0.1)
        assert not config_file.exists() and not config_file.parent.exists()
        if isinstance(backend, UnencryptedFileKeyring):
            assert backend.entries == {} and not any(call[0] == "set" for call in backend.calls)


async def test_demo_mode_offers_no_profiles_and_no_remember_and_reads_no_config(make_app, config_file, memory_keyring):
    config_file.parent.mkdir(parents=True)
    config_file.write_text("this is = = not toml")  # reading it would show an error
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.login_screen
        await settled(pilot, app)
        assert not screen.query("#profile-row") and not screen.query("#profile-name")
        assert screen.query_one("#remember", Checkbox).disabled and remember_reason(app) == "demo mode"
        await log_in(pilot)
        assert memory_keyring.calls == []
        assert config_file.read_text() == "this is = = not toml"


@pytest.mark.parametrize("how", ["--profile", "MAIA_PROFILE"])
async def test_profile_logs_in_straight_away_when_its_secret_is_stored(
    how, saved, environ, emulator, clock, memory_keyring
):
    if how == "--profile":
        app = build_app(args(profile="work"), environ, clock=clock, cursor_blink=False)
    else:
        app = build_app(args(), {**environ, "MAIA_PROFILE": "work"}, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: page_shown(app), "the first projects page, with no key pressed")
        assert isinstance(app.screen, ProjectsScreen)
        assert app.session is not None and app.session.client.client_id == DEMO_CLIENT_ID
        assert emulator.stats.token_requests == 1
        assert memory_keyring.calls[0] == ("get", "work")


async def test_an_unknown_profile_starts_on_the_form_with_a_one_line_error(saved, environ, emulator, clock):
    app = build_app(args(profile="nope"), environ, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app)
        assert isinstance(app.screen, LoginScreen) and app.session is None
        assert login_status(app) == "No profile named 'nope' (saved profiles: other, work)"
        on_screen = rendered_text(app.login_screen.query_one("#login-status")).strip()
        assert on_screen == login_status(app)  # one line, not wrapped
        assert app.login_screen.query_one("#profile", Select).value is Select.NULL
        assert field(app, "#client-id") == "" and emulator.stats.token_requests == 0


async def test_profile_without_a_stored_secret_fills_the_form_and_waits(config_file, environ, emulator, clock):
    save_config(Config().with_profile(emulator_profile(emulator, secret_stored=False)), config_file)
    app = build_app(args(profile="work"), environ, clock=clock, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app)
        assert "Profile 'work' has no stored secret" in login_status(app)
        assert field(app, "#client-id") == DEMO_CLIENT_ID and field(app, "#api-url") == emulator.api_base
        assert app.login_screen.query_one("#profile", Select).value == "work"
        assert app.focused is app.login_screen.query_one("#secret", Input)
        assert app.session is None and emulator.stats.token_requests == 0


def test_profile_names_made_from_client_ids_are_usable_and_reasons_fit_on_one_line():
    from maia_tui.credentials.config import check_profile_name
    from maia_tui.ui.profiles import default_profile_name, short_reason

    for client_id in ("demo-client", "a1b2c3d4-e5f6", "  spaced id/with:odd*chars ", "-x-", "é" * 80, ""):
        check_profile_name(default_profile_name(client_id))
    assert default_profile_name("spaced id/with:odd") == "spaced-id-with-odd"
    assert (
        short_reason("No system keyring is available (keyring found no backend): install and unlock one")
        == "No system keyring is available"
    )
    assert short_reason("The keyring did not answer within 5 s while checking that it is available") == (
        "The keyring did not answer in time"
    )
    assert short_reason("The keyring failed while probing x.Y: RuntimeError: D-Bus gone") == "The keyring failed"
