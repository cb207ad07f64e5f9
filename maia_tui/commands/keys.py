"""`maia-tui keys`: every key binding, its id (for [keymap] in config.toml) and what it does."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from ..credentials.config import config_path, load_config
from ..credentials.errors import ConfigError
from .common import EXIT_OK, EXIT_OTHER


def add_keys_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help='print [{"id", "key", "screen", "description"}]')


def run_keys(args: argparse.Namespace, *, env: dict[str, str] | None = None, out: TextIO | None = None) -> int:
    from ..ui.app import MaiaApp
    from ..ui.key_reference import key_entries, keys_json

    out = out or sys.stdout
    try:
        keymap = dict(load_config(config_path(env)).settings.keymap)
    except ConfigError as error:
        print(f"✗ {error}", file=sys.stderr)
        return EXIT_OTHER
    entries = key_entries(MaiaApp, keymap)
    if args.json:
        print(json.dumps(keys_json(entries), indent=2), file=out)
        return EXIT_OK
    width = max(len(entry.id) for entry in entries)
    screen = None
    for entry in entries:
        if entry.screen != screen:
            screen = entry.screen
            print(f"\n{screen}", file=out)
        print(f"  {entry.id:<{width}}  {entry.label:<14} {entry.description}", file=out)
    print('\nRebind any of them in config.toml:  [keymap]  list.export = "ctrl+e"', file=out)
    return EXIT_OK
