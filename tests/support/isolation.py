"""Every test runs isolated (autouse): its own HOME, config file and XDG folders, no
MAIA_* variable of the host, and an in-memory keyring. So no test reads or writes the user's
profiles or secrets, and tests in parallel workers share no file, variable or keyring."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from .keyrings import MemoryKeyring

KEPT = {"MAIA_REQUIRE_SECRET_SERVICE"}  # set by CI for the real Secret Service test


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("MAIA_") and name not in KEPT:
            monkeypatch.delenv(name)
    home = tmp_path.with_name(tmp_path.name + "-home")  # beside tmp_path, which holds only what the test writes
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    config = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("MAIA_TUI_CONFIG", str(config))
    return config


@pytest.fixture
def config_file(isolated_environment: Path) -> Path:
    """The test's own config.toml (MAIA_TUI_CONFIG); not written until the code under test does."""
    return isolated_environment


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring, set explicitly with keyring.set_keyring and put back exactly as it
    was afterwards, so no test can reach the machine's real keyring."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
