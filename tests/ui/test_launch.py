"""Start-up: the form's defaults from the command line and environment, and --demo."""

from __future__ import annotations

import argparse
import subprocess
import sys

import httpx
import pytest

from maia_tui.api.secret import Secret
from maia_tui.ui.launch import defaults_from, demo_defaults


def args(**values: object) -> argparse.Namespace:
    base = dict(demo=False, region=None, api_url=None, token_url=None, ca_bundle=None, profile=None)
    base.update(values)
    return argparse.Namespace(**base)


def test_the_environment_pre_fills_the_form_and_the_secret_stays_masked():
    env = {
        "MAIA_CLIENT_ID": "abc",
        "MAIA_CLIENT_SECRET": "s3cret",
        "MAIA_REGION": "us1",
        "MAIA_TOKEN_URL": "https://id.example.com/token",
        "MAIA_CA_BUNDLE": "/etc/ca.pem",
    }
    defaults = defaults_from(args(), env)
    assert defaults.client_id == "abc" and defaults.region == "us1"
    assert isinstance(defaults.secret, Secret) and defaults.secret.reveal() == "s3cret"
    assert "s3cret" not in repr(defaults)
    assert defaults.token_url == "https://id.example.com/token" and defaults.ca_bundle == "/etc/ca.pem"


def test_the_command_line_wins_over_the_environment():
    env = {"MAIA_REGION": "us1", "MAIA_API_URL": "https://env.example.com/dpc"}
    assert defaults_from(args(region="eu1"), env).region == "eu1"
    custom = defaults_from(args(api_url="https://cli.example.com/dpc"), {"MAIA_REGION": "us1"})
    assert custom.region == "custom" and custom.api_url == "https://cli.example.com/dpc"
    assert defaults_from(args(), env).api_url == "https://env.example.com/dpc"


def test_nothing_set_means_eu1_and_an_empty_form():
    defaults = defaults_from(args(), {})
    assert (defaults.region, defaults.client_id, defaults.secret, defaults.demo) == ("eu1", "", None, False)


def test_demo_runs_the_emulator_only_while_the_app_runs():
    with demo_defaults() as defaults:
        assert defaults.demo and defaults.region == "demo" and defaults.secret
        assert httpx.get(defaults.api_url + "/v1/projects").status_code == 401  # up, wants a token
        api_url = defaults.api_url
    with pytest.raises(httpx.ConnectError):
        httpx.get(api_url + "/v1/projects")


def test_a_normal_start_does_not_import_the_emulator():
    code = (
        "import sys, maia_tui.ui.launch, maia_tui.ui.app\n"
        "assert 'maia_tui.emulator' not in sys.modules, 'emulator imported'\n"
        "assert 'uvicorn' not in sys.modules and 'starlette' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ----- saved profiles: command line > environment > profile > defaults ---------------------


def _config():
    from maia_tui.credentials.config import Config, Profile

    config = Config().with_profile(
        Profile(name="work", client_id="work-client", region="us1", ca_bundle="/etc/work.pem", secret_stored=True)
    )
    config = config.with_profile(
        Profile(
            name="lab",
            client_id="lab-client",
            api_url="https://lab.example.com/dpc",
            token_url="https://id.lab.example.com/token",
        ),
        make_last=False,
    )
    return config  # work is the last used


def test_a_named_profile_fills_the_form_and_asks_for_its_secret_and_an_immediate_login():
    defaults = defaults_from(args(profile="work"), {}, _config())
    assert (defaults.client_id, defaults.region, defaults.ca_bundle) == ("work-client", "us1", "/etc/work.pem")
    assert defaults.profile == "work" and defaults.secret is None
    assert defaults.secret_in_keyring and defaults.auto_login and defaults.notice is None
    assert defaults_from(args(), {"MAIA_PROFILE": "work"}, _config()).auto_login


def test_the_command_line_and_environment_win_over_the_profile():
    defaults = defaults_from(args(profile="lab", region="eu1"), {"MAIA_CA_BUNDLE": "/etc/mine.pem"}, _config())
    assert defaults.region == "eu1" and defaults.api_url == ""  # a region given wins over the profile's URLs
    assert defaults.client_id == "lab-client"
    assert defaults.ca_bundle == "/etc/mine.pem" and defaults.base_ca_bundle == "/etc/mine.pem"
    lab = defaults_from(args(profile="lab"), {}, _config())
    assert lab.region == "custom" and lab.api_url == "https://lab.example.com/dpc"
    assert lab.token_url == "https://id.lab.example.com/token"
    # lab has no stored secret: no keyring read, no immediate login, and a note that says so
    assert not lab.secret_in_keyring and not lab.auto_login
    assert lab.notice == "Profile 'lab' has no stored secret: type the secret in."


def test_the_last_used_profile_is_filled_in_but_not_logged_into():
    defaults = defaults_from(args(), {}, _config())
    assert defaults.profile == "work" and defaults.secret_in_keyring and not defaults.auto_login
    # a client id in the environment means someone else: no profile at all
    other = defaults_from(args(), {"MAIA_CLIENT_ID": "env-client"}, _config())
    assert other.profile is None and other.client_id == "env-client" and not other.secret_in_keyring


def test_an_unknown_profile_is_reported_and_no_profile_is_used():
    defaults = defaults_from(args(profile="nope"), {}, _config())
    assert defaults.notice == "No profile named 'nope' (saved profiles: lab, work)"
    assert defaults.profile is None and defaults.client_id == "" and not defaults.auto_login


def test_a_profile_with_a_secret_in_the_environment_logs_in_without_the_keyring():
    defaults = defaults_from(args(profile="work"), {"MAIA_CLIENT_SECRET": "s3cret"}, _config())
    assert defaults.secret is not None and defaults.secret.reveal() == "s3cret"
    assert not defaults.secret_in_keyring and defaults.auto_login


def test_a_broken_config_file_is_reported_on_the_form_and_remember_is_off(tmp_path):
    from maia_tui.ui.launch import resolve_profiles

    path = tmp_path / "config.toml"
    path.write_text("[profiles.x]\nclient_secret = 'oops'\n")
    book, defaults = resolve_profiles(args(), {"MAIA_TUI_CONFIG": str(path)})
    assert book.problem and book.names == []
    assert "never holds secrets" in (defaults.notice or "")
    assert "oops" not in (defaults.notice or "")


@pytest.mark.parametrize(
    "command_line, env",
    [
        ({}, {}),
        ({"region": "us1"}, {"MAIA_API_URL": "https://env.example.com/dpc"}),
        ({"api_url": "https://cli.example.com/dpc"}, {"MAIA_REGION": "us1"}),
        ({}, {"MAIA_REGION": "us1", "MAIA_API_URL": "https://env.example.com/dpc", "MAIA_CLIENT_ID": "x"}),
        ({"token_url": "https://id.example.com/t"}, {"MAIA_REGION": "us1", "MAIA_CA_BUNDLE": "~/ca.pem"}),
        ({}, {"MAIA_CLIENT_ID": "abc", "MAIA_CLIENT_SECRET": "s3cret", "MAIA_REGION": "eu1"}),
    ],
)
def test_the_form_painted_before_profiles_are_read_matches_the_resolved_one(command_line, env):
    """quick_defaults (before the first paint) and defaults_from (after it, with no profile in
    play) must agree, or the form would change under the user's eyes."""
    from maia_tui.ui.launch import quick_defaults

    quick, resolved = quick_defaults(args(**command_line), env), defaults_from(args(**command_line), env)
    fields = ("client_id", "region", "api_url", "token_url", "ca_bundle", "secret")
    assert {f: getattr(quick, f) for f in fields} == {f: getattr(resolved, f) for f in fields}


def test_a_normal_start_leaves_the_config_file_and_the_keyring_for_after_the_first_paint(tmp_path):
    code = (
        "import argparse, sys\n"
        "from maia_tui.ui.launch import build_app\n"
        "ns = argparse.Namespace(demo=False, region=None, api_url=None, token_url=None, ca_bundle=None, profile=None)\n"
        f"app = build_app(ns, {{'MAIA_TUI_CONFIG': {str(tmp_path / 'config.toml')!r}}})\n"
        "assert app.profile_source is not None and app.profiles is None\n"
        "for name in ('keyring', 'tomllib', 'maia_tui.credentials.config', 'maia_tui.credentials.resolve'):\n"
        "    assert name not in sys.modules, name + ' imported before the first paint'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_demo_profiles_live_in_a_throwaway_config_and_keyring(config_file, memory_keyring):  # type: ignore[no-untyped-def]
    """--demo's three credential sets: saved as demo profiles beside the emulator, never in the
    user's config file or keyring, and gone when the demo ends."""
    from maia_tui.credentials.store import SERVICE
    from maia_tui.ui.launch import running_demo

    with running_demo() as (defaults, book):
        assert book.names == ["admin", "ci-rotated", "readonly"]
        assert book.path != config_file and book.path.is_file()
        assert book.load_secret("admin").secret == defaults.secret  # the admin is who the form signs in as
        assert book.load_secret("ci-rotated").secret is not None  # stored, but no longer accepted
        folder = book.path.parent
    assert not folder.exists()
    assert not config_file.exists()  # the user's file was never written
    assert not any(service == SERVICE for service, _ in memory_keyring.entries)  # nor the user's keyring
