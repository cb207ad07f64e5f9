"""What can go wrong with profiles and the keyring, in words a person can act on.

These are `MaiaError`s so the UI's one error handler can show them. No secret ever goes in a
message, and a keyring library's own exception is never chained: its traceback frames may hold
the password as a local variable.
"""

from __future__ import annotations

from maia_tui.api.errors import MaiaError


class ConfigError(MaiaError):
    """The config file cannot be read or holds something it must not."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)


class ProfileNotFound(ConfigError):
    pass


class KeyringUnavailable(MaiaError):
    """No usable keyring: absent, disabled, refused (plaintext), locked, or a call failed."""

    def __init__(self, reason: str, *, hint: str | None = None) -> None:
        self.reason = reason
        super().__init__(reason, hint=hint)


class KeyringTimeout(KeyringUnavailable):
    """The keyring did not answer in time (a locked Secret Service may be waiting on a prompt)."""

    hint = "Unlock the system keyring (or answer its prompt) and try again"


class MissingCredentials(MaiaError):
    """No client id or secret from any source; the message says what to set."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
