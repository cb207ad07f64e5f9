from __future__ import annotations

import argparse
import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from maia_tui.api.secret import Secret
from maia_tui.commands.common import EXIT_OK, EXIT_OTHER
from maia_tui.commands.profiles import add_profiles_arguments, run_profiles
from maia_tui.credentials.config import Profile
from maia_tui.credentials.profiles import remember_profile
from maia_tui.credentials.store import SecretStore
from tests.support import MemoryKeyring


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_profiles_arguments(parser)
    return parser.parse_args(argv)


@pytest.fixture
def two_profiles(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    remember_profile(Profile(name="prod", client_id="id-prod", region="us1"), Secret("stored-secret"), SecretStore())
    remember_profile(
        Profile(name="private", client_id="id-private", api_url="https://maia.internal/dpc"), None, SecretStore()
    )
    memory_keyring.calls.clear()
    return memory_keyring


def test_lists_profiles_without_touching_the_keyring(
    two_profiles: MemoryKeyring, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_profiles(parse()) == EXIT_OK
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert str(config_file) in lines[0]
    prod = next(line for line in lines if " prod " in f" {line} ")
    private = next(line for line in lines if "private" in line)
    assert "us1" in prod and "id-prod" in prod and "stored in keyring" in prod
    assert "maia.internal" in private and "not stored" in private
    assert private.lstrip().startswith("*")  # remembered last
    assert "stored-secret" not in out
    assert two_profiles.calls == [], "listing profiles must not call the keyring at all"


def test_json_listing(two_profiles: MemoryKeyring, config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_profiles(parse("--json")) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    assert document["config_path"] == str(config_file)
    by_name = {p["name"]: p for p in document["profiles"]}
    assert by_name["prod"]["secret_stored"] is True and by_name["prod"]["where"] == "us1"
    assert by_name["private"]["secret_stored"] is False and by_name["private"]["last_used"] is True
    assert two_profiles.calls == []


def test_works_even_with_no_keyring(two_profiles: MemoryKeyring, capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(fail.Keyring())
    assert run_profiles(parse()) == EXIT_OK
    assert "stored in keyring" in capsys.readouterr().out


def test_no_profiles_says_how_to_make_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_profiles(parse()) == EXIT_OK
    assert "No profiles saved" in capsys.readouterr().out


def test_a_broken_config_file_is_exit_1(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text("not toml [")
    assert run_profiles(parse("--json")) == EXIT_OTHER
    assert json.loads(capsys.readouterr().out)["error"]["kind"] == "config"
