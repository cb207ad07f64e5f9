"""`maia-tui profiles`: the saved profiles, read from the config file alone (never a secret)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from ..credentials.config import config_path, load_config
from ..credentials.errors import ConfigError
from ..credentials.listing import profile_rows, profiles_table
from .common import EXIT_OK, EXIT_OTHER


def add_profiles_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")


def run_profiles(args: argparse.Namespace, *, env: dict[str, str] | None = None, out: TextIO | None = None) -> int:
    """List profiles from the config file alone: no keyring call, so no prompt and no secret read."""
    out = out or sys.stdout
    path = config_path(env)
    try:
        config = load_config(path)
    except ConfigError as error:
        if getattr(args, "json", False):
            print(json.dumps({"ok": False, "error": {"kind": "config", "message": str(error)}}), file=out)
        else:
            print(f"✗ {error}", file=sys.stderr)
        return EXIT_OTHER
    rows = profile_rows(config)
    if getattr(args, "json", False):
        document = {"config_path": str(path), "profiles": [row.to_json() for row in rows]}
        print(json.dumps(document), file=out)
    else:
        print(profiles_table(rows, path), file=out)
    return EXIT_OK
