from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from maia_tui.api.regions import REGIONS
from maia_tui.credentials import config as config_module
from maia_tui.credentials.config import (
    Config,
    Profile,
    Settings,
    config_path,
    load_config,
    save_config,
)
from maia_tui.credentials.errors import ConfigError, ProfileNotFound


def test_env_override_names_the_file(config_file: Path) -> None:
    assert config_path() == config_file


def test_default_path_is_under_the_platform_config_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MAIA_TUI_CONFIG")
    path = config_path()
    assert path.name == "config.toml"
    assert path.parent.name == "maia-tui"
    assert str(path).startswith(os.environ["XDG_CONFIG_HOME"])


def test_missing_file_is_an_empty_config(config_file: Path) -> None:
    assert not config_file.exists()
    assert load_config() == Config()


def test_round_trip_keeps_profiles_settings_and_last_profile(config_file: Path) -> None:
    eu = Profile(name="prod", client_id="id-prod", region="us1", secret_stored=True)
    custom = Profile(
        name="private",
        client_id="id-private",
        api_url="https://maia.example.internal/dpc",
        token_url="https://id.example.internal/token",
        ca_bundle="/etc/ssl/private-ca.pem",
    )
    config = Config(settings=Settings(allow_plaintext_keyring=True)).with_profile(eu).with_profile(custom)
    save_config(config)
    loaded = load_config()
    assert loaded == config
    assert loaded.last_profile == "private"
    assert loaded.profiles["prod"].endpoints.api_base == REGIONS["us1"]
    assert loaded.profiles["private"].endpoints.token_url == "https://id.example.internal/token"


def test_file_is_private_and_written_atomically(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_config(Config().with_profile(Profile(name="a", client_id="first")))
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    before = config_file.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(config_module.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save_config(Config().with_profile(Profile(name="a", client_id="second")))
    assert config_file.read_bytes() == before
    assert sorted(p.name for p in config_file.parent.iterdir()) == ["config.toml"], "temp file left behind"


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "dotfiles" / "maia.toml"
    real.parent.mkdir()
    real.write_text("")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    save_config(Config().with_profile(Profile(name="a", client_id="x")), link)
    assert link.is_symlink()
    assert "client_id" in real.read_text()


def test_default_settings_refuse_plaintext_keyrings(config_file: Path) -> None:
    save_config(Config())
    assert tomllib.loads(config_file.read_text())["settings"] == {"allow_plaintext_keyring": False}


@pytest.mark.parametrize("key", ["client_secret", "secret", "password", "access_token"])
def test_a_secret_written_into_the_file_by_hand_is_refused(config_file: Path, key: str) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text(f'[profiles.p]\nclient_id = "x"\n{key} = "hunter2"\n')
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert key in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_invalid_toml_names_the_file(config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text("[profiles\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config()


def test_unknown_region_and_bad_names_are_refused() -> None:
    with pytest.raises(ConfigError, match="region 'mars1'"):
        Profile(name="p", client_id="x", region="mars1")
    with pytest.raises(ConfigError, match="profile name"):
        Profile(name="../evil", client_id="x")


def test_unknown_profile_lists_the_known_ones() -> None:
    config = Config().with_profile(Profile(name="prod", client_id="x"))
    with pytest.raises(ProfileNotFound, match="saved profiles: prod"):
        config.get("staging")


def test_forgetting_the_last_profile_clears_the_choice() -> None:
    config = Config().with_profile(Profile(name="a", client_id="x"))
    assert config.without_profile("a") == Config()


def test_settings_round_trip_and_refuse_nonsense(tmp_path):
    from maia_tui.credentials.config import Config, ConfigError, Settings, load_config, save_config

    path = tmp_path / "config.toml"
    chosen = Settings(theme="textual-light", page_size=50, time_display="utc")
    save_config(Config(settings=chosen), path)
    assert load_config(path).settings == chosen
    text = path.read_text()
    assert 'theme = "textual-light"' in text and "page_size = 50" in text and 'time_display = "utc"' in text
    for bad in ("page_size = 0", "page_size = 101", 'page_size = "50"', 'time_display = "GMT"', 'theme = ""'):
        path.write_text(f"[settings]\n{bad}\n")
        with pytest.raises(ConfigError):
            load_config(path)
    path.write_text("[settings]\nallow_plaintext_keyring = false\n")
    assert load_config(path).settings == Settings()
