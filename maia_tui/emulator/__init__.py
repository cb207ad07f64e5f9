"""A local, faithful Maia API: a real HTTP server on loopback. Never imports the UI.

with running_emulator(EmulatorConfig(projects=140, clock=FakeClock())) as emu:
    emu.api_base, emu.token_url  # point the client here; DEMO_CLIENT_ID / DEMO_CLIENT_SECRET log in
    emu.clock.advance(60)        # the account moves: runs start, progress and finish
"""

from .config import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DENY_AREAS, RUN_OUTCOMES, EmulatorConfig
from .faults import Faults
from .server import Emulator, running_emulator
from .state import RecordedRequest, Stats

__all__ = [
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "DENY_AREAS",
    "Emulator",
    "EmulatorConfig",
    "Faults",
    "RUN_OUTCOMES",
    "RecordedRequest",
    "Stats",
    "running_emulator",
]
