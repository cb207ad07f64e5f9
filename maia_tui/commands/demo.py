"""`maia-tui --demo COMMAND`: the command runs against a built-in emulator started for the call,
serving what the app's demo serves (ui/demo.py), with its demo (admin) client as credentials.

Nothing of the user's reaches it: no profile, no config file, no keyring, no MAIA_* connection
variable. Writes still need --allow-writes (or MAIA_ALLOW_WRITES=1), as everywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TextIO

from ..credentials.config import CONFIG_ENV
from ..credentials.resolve import ENV_CA_BUNDLE, ENV_PROFILE, ENV_REGION
from ..emulator import EmulatorConfig, running_emulator
from ..ui.demo import demo_emulator_config

# What would point a command elsewhere; the emulator's own values replace them.
CONNECTION_VARIABLES = (ENV_PROFILE, ENV_REGION, ENV_CA_BUNDLE, CONFIG_ENV)
CONNECTION_FLAGS = ("profile", "region", "api_url", "token_url", "ca_bundle")


class DemoConflict(ValueError):
    """A connection flag given with --demo: it would be ignored, so it is refused instead."""


def refuse_connection_flags(args: argparse.Namespace) -> None:
    given = [name for name in CONNECTION_FLAGS if getattr(args, name, None)]
    if given:
        flags = ", ".join("--" + name.replace("_", "-") for name in given)
        raise DemoConflict(f"--demo talks to the built-in emulator; drop {flags} (or drop --demo)")


@contextlib.contextmanager
def demo_environment(
    config: EmulatorConfig | None = None, environ: Mapping[str, str] | None = None, err: TextIO | None = None
) -> Iterator[dict[str, str]]:
    """An emulator on a free loopback port for as long as the block runs, and the environment
    a command reads its credentials from: the caller's, less its connection variables, plus
    the emulator's (see Emulator.client_environment) and an empty config file of its own."""
    environ = os.environ if environ is None else environ
    with running_emulator(config or demo_emulator_config()) as emulator, tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in environ.items() if k not in CONNECTION_VARIABLES}
        env.update(emulator.client_environment())
        env[CONFIG_ENV] = str(Path(home) / "config.toml")  # never the user's profiles
        print(f"Demo: the built-in emulator at {emulator.api_base} (sample data)", file=err or sys.stderr)
        yield env
