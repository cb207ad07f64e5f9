"""Pilot tests drive the real app against the real emulator over loopback; time is a FakeClock.

Each UI test gets an emulator of its own, built from `emulator_config` (tests/support/emulators.py:
an account frozen at UI_FROZEN_AT unless `@pytest.mark.emulator_config(...)` says otherwise)."""

from __future__ import annotations

import pytest

from maia_tui.emulator import Emulator


@pytest.fixture
def emulator(own_emulator: Emulator) -> Emulator:
    return own_emulator
