"""Three credential sets on one emulator, as `--client` gives them: an admin, a read-only set
refused audit events and credits, and a set whose stored secret the emulator no longer accepts.
Each secret shares no 6-character run with English, our code or a JWT, so a leak is findable."""

from __future__ import annotations

import argparse

from maia_tui.emulator import EmulatorConfig
from maia_tui.emulator.cli import add_arguments, config_from

ADMIN_ID, ADMIN_SECRET = "board-admin-7", "Qz8Vw-k3Tn-Rb6Xm-Lp2H"
READONLY_ID, READONLY_SECRET = "board-read-3", "Jm4Kx-w9Gd-Vt7Nq-Zc5F"
ROTATED_ID, ROTATED_SECRET = "board-ci-old", "Hs2Pq-y8Wb-Fk6Lr-Md3T"
STALE_SECRET = "Xn5Bv-t7Qj-Cw4Hz-Pg9K"  # what the rotated profile still stores: refused
SECRETS = (ADMIN_SECRET, READONLY_SECRET, ROTATED_SECRET, STALE_SECRET)
CLIENT_FLAGS = (
    "--client",
    f"{ADMIN_ID}:{ADMIN_SECRET}",
    "--client",
    f"{READONLY_ID}:{READONLY_SECRET}:deny=events,consumption",
    "--client",
    f"{ROTATED_ID}:{ROTATED_SECRET}",
)


def three_clients(*more: str) -> EmulatorConfig:
    """The emulator's config exactly as `maia-tui emulator --client ... --client ... --client ...` builds it."""
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return config_from(parser.parse_args([*CLIENT_FLAGS, *more]))
