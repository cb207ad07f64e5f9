"""`maia-tui run` and `watch` in-process (tests/support/commands.py) against an emulator of each
test's own whose account moves with the test's FakeClock, runs lasting 20 s."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator


@pytest.fixture
def emulator_defaults() -> dict[str, Any]:
    return {"seed": 7, "run_seconds": 20, "moves_with": "clock"}


@pytest.fixture
def emulator(own_emulator: Emulator) -> Emulator:
    return own_emulator


@pytest.fixture
def env(emulator: Emulator, config_file: Path) -> dict[str, str]:
    """The emulator's credentials from the environment, as a script in CI would have them."""
    return {
        "MAIA_API_URL": emulator.api_base,
        "MAIA_TOKEN_URL": emulator.token_url,
        "MAIA_CLIENT_ID": DEMO_CLIENT_ID,
        "MAIA_CLIENT_SECRET": DEMO_CLIENT_SECRET,
        "MAIA_TUI_CONFIG": str(config_file),
    }
