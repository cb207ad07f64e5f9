"""Read-only by default: which switches turn writes on, and what a profile file keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from maia_tui.api.secret import Secret
from maia_tui.credentials.config import Config, Profile, load_config, save_config
from maia_tui.credentials.errors import ConfigError
from maia_tui.credentials.profiles import remember_profile
from maia_tui.credentials.store import SecretStore
from maia_tui.credentials.writes import READ_ONLY, WritePolicy, WritesDisabled, resolve_writes


def test_nothing_said_means_read_only() -> None:
    assert resolve_writes(env={}) == READ_ONLY
    assert READ_ONLY.allowed is False


def test_each_switch_alone_turns_writes_on_and_names_itself() -> None:
    assert resolve_writes(flag=True, env={}) == WritePolicy(True, "command line")
    assert resolve_writes(env={"MAIA_ALLOW_WRITES": "1"}) == WritePolicy(True, "environment (MAIA_ALLOW_WRITES)")
    assert resolve_writes(env={}, profile_allows=True, profile="prod") == WritePolicy(True, "profile 'prod'")


@pytest.mark.parametrize("value", ["0", "", "false", "no", "off"])
def test_a_no_in_the_environment_stays_read_only(value: str) -> None:
    assert resolve_writes(env={"MAIA_ALLOW_WRITES": value}).allowed is False


def test_an_unreadable_environment_value_is_an_error_not_a_guess() -> None:
    with pytest.raises(ConfigError, match="MAIA_ALLOW_WRITES='maybe' is neither 1 nor 0"):
        resolve_writes(env={"MAIA_ALLOW_WRITES": "maybe"})


def test_the_refusal_says_how_to_enable_writes() -> None:
    text = str(WritesDisabled("Running a pipeline"))
    assert text.startswith("Running a pipeline writes to the account, and writes are off")
    for way in ("--allow-writes", "MAIA_ALLOW_WRITES=1", "allow_writes = true"):
        assert way in text


def test_allow_writes_in_a_profile_round_trips_and_is_absent_when_off(config_file: Path) -> None:
    save_config(
        Config()
        .with_profile(Profile(name="prod", client_id="id-prod", allow_writes=True))
        .with_profile(Profile(name="ro", client_id="id-ro"))
    )
    text = config_file.read_text()
    assert text.count("allow_writes") == 1
    loaded = load_config()
    assert loaded.profiles["prod"].allow_writes is True
    assert loaded.profiles["ro"].allow_writes is False


def test_allow_writes_must_be_a_boolean(config_file: Path) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text('[profiles.prod]\nclient_id = "x"\nallow_writes = "yes"\n')
    with pytest.raises(ConfigError, match="allow_writes must be a bool"):
        load_config()


def test_remembering_a_profile_again_keeps_its_hand_set_allow_writes(config_file: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    save_config(Config().with_profile(Profile(name="prod", client_id="id-prod", allow_writes=True)))
    remember_profile(Profile(name="prod", client_id="id-prod"), Secret("s3cr3t-value"), SecretStore(), config_file)
    assert load_config().profiles["prod"].allow_writes is True
