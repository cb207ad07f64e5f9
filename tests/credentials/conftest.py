"""Every credentials test runs with its own config file, an in-memory keyring and no MAIA_*
variables, so nothing ever touches the real user config or the real keyring."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .fakes import MemoryKeyring


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("MAIA_") and name != "MAIA_REQUIRE_SECRET_SERVICE":
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    config = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("MAIA_TUI_CONFIG", str(config))
    return config


@pytest.fixture
def config_file(isolated_environment: Path) -> Path:
    return isolated_environment


@pytest.fixture(autouse=True)
def memory_keyring(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    """Every test here runs with the shared in-memory keyring (tests/conftest.py)."""
    return memory_keyring
