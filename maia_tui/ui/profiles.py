"""The saved profiles as the login screen sees them, and the keyring behind them.

Nothing here runs (or is imported) before the login form has painted: the screen reads the
config file (through a `ProfileSource`, in defaults.py) and talks to the keyring (through the
`ProfileBook`) from thread workers, and the credentials layer, its TOML parser and `keyring`
are imported there, not at start-up.
The store underneath adds its own timeout to every keyring call.

No Textual here: this is glue between the credentials layer and the screen.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from maia_tui.api.secret import Secret
from maia_tui.ui import lazy

if TYPE_CHECKING:
    from maia_tui.credentials.config import Config, Profile
    from maia_tui.credentials.store import SecretStore
    from maia_tui.services.profile_checks import ProfileLogin

DEMO_REASON = "demo mode"
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")
_ASIDE = re.compile(r"\s*\([^)]*\)")


def default_profile_name(client_id: str) -> str:
    """A usable profile name made from a client id (the name is also the keyring username)."""
    slug = _SLUG.sub("-", client_id.strip()).strip("-._")[:64]
    return slug or "default"


def short_reason(reason: str) -> str:
    """A keyring reason cut to fit beside the remember checkbox; the full text goes in a tooltip."""
    if "plain text" in reason:
        return "A plain-text keyring is refused"
    if "did not answer" in reason:
        return "The keyring did not answer in time"
    if "still busy" in reason:
        return "The keyring is still busy"
    if reason.startswith("The keyring failed"):
        return "The keyring failed"
    return _ASIDE.sub("", reason.split(": ", 1)[0]).strip()


@dataclass(frozen=True)
class SecretLookup:
    """What reading a profile's secret found: the secret, or why there is none."""

    profile: str
    secret: Secret | None
    problem: str | None = None


class ProfileBook:
    def __init__(
        self,
        path: Path,
        config: Config,
        *,
        problem: str | None = None,
        keyring_timeout: float | None = None,
        store: SecretStore | None = None,
    ) -> None:
        self.path = path
        self.config = config
        self.keyring_timeout = keyring_timeout  # None: the store's default (5 s)
        # Set when the file could not be read: then nothing is written to it either.
        self.problem = problem
        self._store: SecretStore | None = store  # None: the system keyring, made on first use
        self._lock = threading.Lock()  # one keyring conversation at a time

    # ----- reading the file (cheap, any thread) ---------------------------------------

    @property
    def names(self) -> list[str]:
        return sorted(self.config.profiles)

    def get(self, name: str) -> Profile | None:
        return self.config.profiles.get(name)

    def reload(self) -> None:
        """Read the file again (blocking: thread workers only): profiles added or removed by
        `maia-tui profiles` while the app runs show up. An unreadable file keeps what was read."""
        if not self.problem:
            self.config = lazy.load_config(self.path)

    # ----- the keyring (blocking: thread workers only) --------------------------------

    def logins(self) -> list[ProfileLogin]:
        """Every profile ready to check, its secret read from the keyring (see profile_logins)."""
        from maia_tui.services.profile_checks import profile_logins

        with self._lock:
            return profile_logins(self.config, None if self.problem else self.store())

    def store(self) -> SecretStore:
        if self._store is None:
            if self.keyring_timeout is None:
                self._store = lazy.secret_store_for(self.config, self.path)
            else:
                self._store = lazy.secret_store_for(self.config, self.path, timeout=self.keyring_timeout)
        return self._store

    def availability(self) -> tuple[bool, str]:
        """(usable, reason) for the remember checkbox."""
        if self.problem:
            return False, self.problem
        with self._lock:
            return self.store().availability()

    def load_secret(self, name: str) -> SecretLookup:
        profile = self.get(name)
        if profile is None:
            return SecretLookup(name, None, f"No profile named {name!r}")
        if not profile.secret_stored:
            return SecretLookup(name, None, f"No secret is stored for profile {name!r}: type it in")
        try:
            with self._lock:
                found = self.store().load(name)
        except lazy.KeyringUnavailable as error:
            return SecretLookup(name, None, str(error))
        if found is None:
            return SecretLookup(name, None, f"The keyring has no secret for profile {name!r}: type it in")
        return SecretLookup(name, found)

    def remember(self, profile: Profile, secret: Secret) -> Profile:
        """Keyring first, then the file; raises (having written nothing) if the keyring refuses."""
        if self.problem:
            raise lazy.KeyringUnavailable(self.problem)
        with self._lock:
            saved = lazy.remember_profile(profile, secret, self.store(), self.path)
        self.config = lazy.load_config(self.path)
        return saved

    def forget(self, name: str) -> bool:
        """Delete the keyring entry and the profile; True when a secret was deleted.

        With no usable keyring a profile whose secret is stored is left alone (forgetting
        only half of it would leave a secret nobody knows about); one without is dropped."""
        self.config.get(name)  # a clear error for a name the screen knows no longer
        with self._lock:
            deleted = lazy.remove_profile(name, self.store(), self.path)
        self.config = lazy.load_config(self.path)
        return deleted
