"""A secret stored, read and deleted through a real Secret Service (gnome-keyring over D-Bus).

.ci/secret-service-test.sh starts a private D-Bus session with an unlocked gnome-keyring-daemon
and runs this file. Elsewhere it skips with the reason; with MAIA_REQUIRE_SECRET_SERVICE=1
(set by that script in CI) a missing service is a failure instead.
"""

from __future__ import annotations

import os
import uuid
from contextlib import closing

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
