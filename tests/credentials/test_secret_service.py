"""A secret stored, read and deleted through a real Secret Service (gnome-keyring over D-Bus),
and `maia-tui profiles add` and `remove` run as the real command against it.

.ci/secret-service-test.sh starts a private D-Bus session with an unlocked gnome-keyring-daemon
and runs this file. Elsewhere it skips with the reason; with MAIA_REQUIRE_SECRET_SERVICE=1
(set by that script in CI) a missing service is a failure instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from maia_tui.api.secret import Secret
from maia_tui.credentials.store import SERVICE, SecretStore

pytestmark = pytest.mark.secret_service

REQUIRE = "MAIA_REQUIRE_SECRET_SERVICE"


def _unavailable(reason: str) -> None:
    message = f"no usable Secret Service: {reason}"
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{message} ({REQUIRE}=1)")
    pytest.skip(message)


@pytest.fixture
def secret_service_backend():  # type: ignore[no-untyped-def]
    try:
        from keyring.backends import SecretService
    except ImportError as error:  # pragma: no cover - keyring always ships it
        _unavailable(str(error))
    try:
        SecretService.Keyring.priority  # noqa: B018 - raises with the reason when D-Bus or the daemon is missing
    except RuntimeError as error:
        _unavailable(str(error))
    return SecretService.Keyring()


def _items_in_the_service(profile: str) -> int:
    """Ask the Secret Service directly (not through keyring) how many entries match."""
    import secretstorage

    with closing(secretstorage.dbus_init()) as connection:
        found = secretstorage.search_items(connection, {"service": SERVICE, "username": profile})
        return sum(1 for _ in found)


def test_store_read_delete_through_a_real_secret_service(secret_service_backend) -> None:  # type: ignore[no-untyped-def]
    store = SecretStore(secret_service_backend, timeout=10)
    usable, reason = store.availability()
    if not usable:
        _unavailable(reason)
    profile = f"ci-{uuid.uuid4().hex[:12]}"
    value = Secret(f"secret-{uuid.uuid4().hex}")
    try:
        store.save(profile, value)
        assert _items_in_the_service(profile) == 1
        assert store.load(profile) == value
        assert store.delete(profile) is True
        assert _items_in_the_service(profile) == 0
        assert store.load(profile) is None
    finally:
        store.delete(profile)


@pytest.fixture
def board_emulator():  # type: ignore[no-untyped-def]
    """An emulator serving the three `--client` sets, on loopback, for the real `maia-tui` to reach."""
    from maia_tui.emulator import running_emulator
    from tests.support.board_clients import three_clients

    with running_emulator(three_clients()) as emulator:
        yield emulator


def _maia_tui(config: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The real command in its own process, whose keyring is the system's (the Secret Service)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAIA_") or k == REQUIRE}
    env["MAIA_TUI_CONFIG"] = str(config)
    command = [sys.executable, "-m", "maia_tui", *argv]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_profiles_add_and_remove_through_a_real_secret_service(  # type: ignore[no-untyped-def]
    secret_service_backend, board_emulator, tmp_path: Path
) -> None:
    from maia_tui.credentials.config import load_config
    from tests.support import assert_no_secret
    from tests.support.board_clients import ADMIN_ID, ADMIN_SECRET, ROTATED_ID, SECRETS, STALE_SECRET

    usable, reason = SecretStore(secret_service_backend, timeout=10).availability()
    if not usable:
        _unavailable(reason)
    config = tmp_path / "config.toml"
    name, refused = f"ci-{uuid.uuid4().hex[:12]}", f"ci-{uuid.uuid4().hex[:12]}"
    where = ["--api-url", board_emulator.api_base, "--token-url", board_emulator.token_url]
    try:
        added = _maia_tui(config, "profiles", "add", name, "--client-id", ADMIN_ID, *where, stdin=ADMIN_SECRET + "\n")
        assert added.returncode == 0, added.stderr
        assert _items_in_the_service(name) == 1
        assert SecretStore(secret_service_backend, timeout=10).load(name) == Secret(ADMIN_SECRET)
        assert load_config(config).get(name).secret_stored is True

        bad = _maia_tui(config, "profiles", "add", refused, "--client-id", ROTATED_ID, *where, stdin=STALE_SECRET)
        assert bad.returncode == 2, bad.stderr
        assert _items_in_the_service(refused) == 0 and refused not in load_config(config).profiles

        listed = _maia_tui(config, "profiles", "--json")
        removed = _maia_tui(config, "profiles", "remove", name)
        assert removed.returncode == 0, removed.stderr
        assert _items_in_the_service(name) == 0
        assert name not in load_config(config).profiles
        for text in (
            added.stdout,
            added.stderr,
            bad.stdout,
            bad.stderr,
            listed.stdout,
            removed.stdout,
            config.read_text(),
        ):
            assert_no_secret(text, *SECRETS, what="profiles add/remove's output and the config file")
    finally:
        store = SecretStore(secret_service_backend, timeout=10)
        store.delete(name)
        store.delete(refused)
