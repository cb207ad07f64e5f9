"""Shared fixtures: a real emulator on loopback, and a guard that no secret leaks into logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, Faults, running_emulator


@pytest.fixture(scope="session")
def session_emulator() -> Iterator[object]:
    with running_emulator(EmulatorConfig(projects=140, seed=7)) as emu:
        yield emu


@pytest.fixture
def emulator(session_emulator):  # type: ignore[no-untyped-def]
    """The shared emulator with every fault knob off and every client allowed again."""
    session_emulator.faults.__dict__.update(Faults().__dict__)
    session_emulator.restore_clients()
    yield session_emulator
    session_emulator.faults.__dict__.update(Faults().__dict__)
    session_emulator.restore_clients()


@pytest.fixture
def demo_credentials() -> tuple[str, str]:
    return DEMO_CLIENT_ID, DEMO_CLIENT_SECRET


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Everything logged at DEBUG by any logger (ours, httpx, httpcore) during the test."""
    caplog.set_level(logging.DEBUG)
    return caplog
