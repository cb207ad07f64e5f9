"""Fixtures: emulators on loopback and plain httpx clients (never the maia_tui client)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator, EmulatorConfig, running_emulator

# The read-only emulators' account clock stands still, so a test that reads twice reads the same.
FROZEN_AT = datetime(2026, 1, 15, 9, 23, tzinfo=UTC)


class WallClock:
    """A wall clock the test moves by hand, for token expiry."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def token_form(client_id: str = DEMO_CLIENT_ID, secret: str = DEMO_CLIENT_SECRET, **extra: str) -> dict[str, str]:
    return {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret, **extra}


def bearer(emu: Emulator) -> dict[str, str]:
    return {"Authorization": f"Bearer {emu.issue_token()}"}


@pytest.fixture(scope="module")
def shared_emu() -> Iterator[Emulator]:
    """One read-only emulator per test module: 140 projects, seed 7. Tests must not change it."""
    with running_emulator(EmulatorConfig(projects=140, seed=7, frozen_at=FROZEN_AT)) as emu:
        yield emu


@pytest.fixture(scope="module")
def _module_emu() -> Iterator[Emulator]:
    with running_emulator(EmulatorConfig(projects=12, seed=3, frozen_at=FROZEN_AT)) as emu:
        yield emu


@pytest.fixture
def emu(_module_emu: Emulator) -> Iterator[Emulator]:
    """A small emulator (12 projects) that tests may change: reset before and after each test."""
    _module_emu.reset()
    yield _module_emu
    _module_emu.reset()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0, trust_env=False) as client:  # loopback only, never a proxy
        yield client


@pytest.fixture
def api(shared_emu: Emulator, http: httpx.Client):
    """GET a /v1 path on the shared emulator with a valid token; returns the httpx.Response."""
    headers = bearer(shared_emu)

    def get(path: str, **params: object) -> httpx.Response:
        return http.get(shared_emu.api_base + path, params=params, headers=headers)

    return get
