"""What `--demo` serves and saves: three credential sets on the built-in emulator (an admin, a
read-only set without audit events or credits, and one whose stored secret the emulator no longer
accepts), saved as demo profiles so the credential board (section 6) has something to show.

The profiles live in a throwaway config file in a temporary directory and their secrets in a
keyring kept in this process's memory: the user's config file and keyring are never touched,
and both are gone when the demo ends. The values are demo values, not secrets."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maia_tui.api.secret import Secret

if TYPE_CHECKING:
    from maia_tui.emulator import EmulatorConfig
    from maia_tui.ui.profiles import ProfileBook


@dataclass(frozen=True)
class DemoSet:
    profile: str
    client_id: str
    secret: str  # what the emulator accepts
    stored: str  # what the demo profile keeps in the (throwaway) keyring
    deny: frozenset[str] = frozenset()


def demo_sets() -> tuple[DemoSet, ...]:
    from maia_tui.emulator.config import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET

    return (
        DemoSet("admin", DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_CLIENT_SECRET),
        DemoSet(
            "readonly",
            "demo-readonly",
            "demo-readonly-secret",
            "demo-readonly-secret",
            frozenset({"events", "consumption", "run", "cancel"}),
        ),
        # Rotated on the server; the profile still has the old secret, so the emulator refuses it.
        DemoSet("ci-rotated", "demo-ci", "demo-ci-secret-new", "demo-ci-secret-old"),
    )


def demo_emulator_config(**options: Any) -> EmulatorConfig:
    """The emulator serving the three demo sets, each refused its own areas."""
    from maia_tui.emulator.config import Client, EmulatorConfig

    return EmulatorConfig.with_clients((Client(s.client_id, s.secret, s.deny) for s in demo_sets()), **options)


@contextlib.contextmanager
def demo_profiles(api_url: str, token_url: str) -> Iterator[ProfileBook]:
    """The demo profiles, pointed at the emulator, for as long as the demo runs."""
    from maia_tui.credentials.config import Profile, load_config
    from maia_tui.credentials.memory import ProcessMemoryKeyring
    from maia_tui.credentials.profiles import remember_profile
    from maia_tui.credentials.store import SecretStore
    from maia_tui.ui.profiles import ProfileBook

    with tempfile.TemporaryDirectory(prefix="maia-tui-demo-") as folder:
        path = Path(folder) / "config.toml"
        store = SecretStore(ProcessMemoryKeyring(), config_path=str(path))
        for demo in demo_sets():
            profile = Profile(name=demo.profile, client_id=demo.client_id, api_url=api_url, token_url=token_url)
            remember_profile(profile, Secret(demo.stored), store, path, make_last=False)
        yield ProfileBook(path, load_config(path), store=store)
