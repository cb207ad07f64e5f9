"""What the login form starts with. Built by launch.py from the command line, the environment
and the saved profile they name (or the last one used); the form never reads the environment."""

from __future__ import annotations

from dataclasses import dataclass

from maia_tui.api.secret import Secret

DEMO_REGION = "demo"
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

    def __repr__(self) -> str:  # the secret is masked by Secret itself; keep the repr short
        return (
            f"LoginDefaults(client_id={self.client_id!r}, region={self.region!r}, demo={self.demo}, "
            f"profile={self.profile!r})"
        )
