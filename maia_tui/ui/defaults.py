"""What the login form starts with. Built by launch.py from the command line, the environment
and the saved profile they name (or the last one used); the form never reads the environment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from maia_tui.api.secret import Secret

if TYPE_CHECKING:
    from maia_tui.ui.profiles import ProfileBook

DEMO_REGION = "demo"
DEMO_LABEL = "demo emulator"  # how the status bar and the board name the demo's place
CUSTOM_REGION = "custom"


@dataclass(frozen=True)
class LoginDefaults:
    client_id: str = ""
    secret: Secret | None = None
    region: str = "eu1"  # eu1, us1, custom, or demo (the built-in emulator)
    api_url: str = ""
    token_url: str = ""
    ca_bundle: str | None = None
    demo: bool = False
    # The saved profile the form starts with (picked in the profile list), if any.
    profile: str | None = None
    # Read that profile's secret from the keyring once the form has painted.
    secret_in_keyring: bool = False
    # Sign in as soon as the form is complete (--profile NAME or MAIA_PROFILE).
    auto_login: bool = False
    # One line shown under the form at start (an unknown profile, a broken config file, ...).
    notice: str | None = None
    # The CA bundle from the command line or environment: used when a chosen profile names none.
    base_ca_bundle: str | None = None
    # --allow-writes or MAIA_ALLOW_WRITES=1; a profile's allow_writes is added at sign-in.
    allow_writes: bool = False

    def __repr__(self) -> str:  # the secret is masked by Secret itself; keep the repr short
        return (
            f"LoginDefaults(client_id={self.client_id!r}, region={self.region!r}, demo={self.demo}, "
            f"profile={self.profile!r})"
        )


class ProfileSource:
    """How to read the saved profiles and resolve the login form against them (command line >
    environment > profile > defaults). Called on a worker thread once the form has painted.

    Here rather than in maia_tui.ui.profiles, which the app then need not import before the
    form's first paint."""

    __slots__ = ("keyring_timeout", "load")

    def __init__(
        self, load: Callable[[], tuple[ProfileBook, LoginDefaults]], keyring_timeout: float | None = None
    ) -> None:
        self.load = load
        self.keyring_timeout = keyring_timeout  # None: the store's default (5 s)

    def __repr__(self) -> str:
        return f"ProfileSource({self.load!r}, keyring_timeout={self.keyring_timeout!r})"
