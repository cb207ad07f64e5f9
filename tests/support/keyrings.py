"""Keyring backends for tests. Their priority raises, so keyring never picks one up on its own."""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class _TestOnly(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test-only backend: set it explicitly with keyring.set_keyring")

    def get_password(self, service: str, username: str) -> str | None:
        raise NotImplementedError


class MemoryKeyring(_TestOnly):
    """Secrets in a dict; `calls` records what was asked, so tests can prove nothing was read."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.calls: list[tuple[str, str]] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append(("get", username))
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append(("set", username))
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append(("delete", username))
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such entry")


class HangingKeyring(MemoryKeyring):
    """Every call blocks until `release` is set, like a locked Secret Service waiting on a prompt."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.entered = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.entered.set()
        self.release.wait(30)
        return super().get_password(service, username)


class BrokenKeyring(MemoryKeyring):
    """A keyring that fails, like D-Bus gone away; the message echoes what it was given."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown: no Secret Service")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"could not store {password}")


class UnencryptedFileKeyring(MemoryKeyring):
    """Stands in for any third-party backend that admits to being a plaintext file."""
