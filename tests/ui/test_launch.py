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
        "MAIA_CLIENT_ID": "abc", "MAIA_CLIENT_SECRET": "s3cret", "MAIA_REGION": "us1",
        "MAIA_TOKEN_URL": "https://id.example.com/token", "MAIA_CA_BUNDLE": "/etc/ca.pem",
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
