"""A keyring that lives in this process's memory only, for `--demo`: the demo's profiles keep
their secrets here, never in the user's keyring or on disk, and lose them when the demo ends.

keyring never picks it by itself (it has no priority); a `SecretStore` is handed it explicitly.
"""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class ProcessMemoryKeyring(KeyringBackend):
    """Secrets in a dict, for as long as the process runs."""

    @properties.classproperty
    def priority(cls) -> float:
        # Raising makes keyring judge it not viable, so it is never chosen as the default.
        raise RuntimeError("only used when handed to a SecretStore explicitly")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring is not typed
        self._entries: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            self._entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            if self._entries.pop((service, username), None) is None:
                raise PasswordDeleteError("no such entry")
