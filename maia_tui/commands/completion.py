"""`maia-tui completion bash|zsh|fish`: a completion script generated from the argparse parser
by shtab, so it always knows every subcommand and flag. `--profile` completes the names of the
saved profiles, read from the config file when Tab is pressed (profile_names.py: never a secret,
never the keyring).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import TextIO

from .common import EXIT_OK
from .flags import PROFILE_NAMES_FLAG
from .profile_names import print_profile_names

SHELLS = ("bash", "zsh", "fish")
PROGRAM = "maia-tui"
PROFILE_NAMES = f"{PROGRAM} completion {PROFILE_NAMES_FLAG}"
INSTALL = """install (see docs/scripting.md):
  bash  maia-tui completion bash > ~/.local/share/bash-completion/completions/maia-tui
  zsh   maia-tui completion zsh > ~/.zfunc/_maia-tui   (~/.zfunc in $fpath before compinit)
  fish  maia-tui completion fish > ~/.config/fish/completions/maia-tui.fish"""


def add_completion_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = INSTALL
    parser.add_argument("shell", nargs="?", choices=SHELLS, help="the shell to complete for")
    # What the scripts run to complete --profile: one saved profile name a line.
    parser.add_argument(PROFILE_NAMES_FLAG, action="store_true", help=argparse.SUPPRESS)


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """Every action of the parser and of its subcommands' parsers. argparse has no public way
    to list them; `_actions` is what shtab itself reads."""
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _actions(sub)


def completion_script(shell: str) -> str:
    import shtab

    from .main import build_parser  # main reaches this module only through its table (importlib)

    parser = build_parser()
    for action in _actions(parser):
        if action.dest == "profile":
            action.complete = shtab.cmd(PROFILE_NAMES)  # type: ignore[attr-defined]
    return str(shtab.complete(parser, shell=shell))


def run_completion(args: argparse.Namespace, *, env: dict[str, str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    if args.profile_names:
        return print_profile_names(env, out)
    if args.shell is None:
        print(f"maia-tui completion: name a shell: {', '.join(SHELLS)}", file=sys.stderr)
        return 2
    out.write(completion_script(args.shell))
    return EXIT_OK
