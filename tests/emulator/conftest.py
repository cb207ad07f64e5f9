"""The emulator's own tests: read-only and resettable emulators per module, and plain httpx
clients (never the maia_tui client)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from maia_tui.api.client import default_ssl_context
from maia_tui.emulator import Emulator, EmulatorConfig, running_emulator
from tests.support import bearer

# The read-only emulators' account clock stands still, so a test that reads twice reads the same.
FROZEN_AT = datetime(2026, 1, 15, 9, 23, tzinfo=UTC)


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
    # Loopback only, never a proxy; the shared TLS context, as a new one loads the CA store.
    with httpx.Client(timeout=5.0, trust_env=False, verify=default_ssl_context()) as client:
        yield client


@pytest.fixture
def api(shared_emu: Emulator, http: httpx.Client):
    """GET a /v1 path on the shared emulator with a valid token; returns the httpx.Response."""
    headers = bearer(shared_emu)

    def get(path: str, **params: object) -> httpx.Response:
        return http.get(shared_emu.api_base + path, params=params, headers=headers)

    return get
