"""The saved profiles' names, one a line: what a Tab after --profile runs (`maia-tui completion
--profile-names`, answered by main before any subcommand is loaded). Reads the config file alone:
no keyring, no secret, and nothing on stderr, which would land in the command line being typed."""

from __future__ import annotations

import sys
from typing import TextIO

from ..credentials.config import config_path, load_config
from ..credentials.errors import ConfigError


def profile_names(env: dict[str, str] | None = None) -> list[str]:
    """The saved profiles' names; none when the config file is missing or unreadable."""
    try:
        return sorted(load_config(config_path(env)).profiles)
    except (ConfigError, OSError):
        return []


def print_profile_names(env: dict[str, str] | None = None, out: TextIO | None = None) -> int:
    for name in profile_names(env):
        print(name, file=out or sys.stdout)
    return 0
