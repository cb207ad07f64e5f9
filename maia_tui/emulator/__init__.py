"""A local, faithful Maia API: a real HTTP server on loopback. Never imports the UI.

with running_emulator(EmulatorConfig(projects=140)) as emu:
    emu.api_base, emu.token_url  # point the client here; DEMO_CLIENT_ID / DEMO_CLIENT_SECRET log in
"""

from .config import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig
from .faults import Faults
from .server import Emulator, running_emulator
from .state import Stats

__all__ = [
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "Emulator",
    "EmulatorConfig",
    "Faults",
    "Stats",
    "running_emulator",
]
