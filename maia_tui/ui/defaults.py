"""What the login form starts with. Built by launch.py from the command line and environment
(and, later, from saved profiles); the form never reads the environment itself."""

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
    # Saved profile names; the credentials layer fills these in. Empty: no profile picker.
    profiles: tuple[str, ...] = ()
    profile: str | None = None

    def __repr__(self) -> str:  # the secret is masked by Secret itself; keep the repr short
        return f"LoginDefaults(client_id={self.client_id!r}, region={self.region!r}, demo={self.demo})"
