"""The `maia-tui` command: parses arguments, wires the layers, starts the app or a subcommand.

Heavy modules are imported only by the subcommand that needs them, so the login screen
paints fast. A secret is never accepted on the command line: it would show in `ps`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .flags import DEMO_HELP, PROFILE_NAMES_FLAG, connection_parser, demo_parent, subcommand_parents


@dataclass(frozen=True)
class Subcommand:
    """One `maia-tui NAME`: its module is imported only when the subcommand (or help) is asked for."""

    name: str
    module: str  # relative to maia_tui
    add_arguments: str
    run: str
    help: str
    description: str | None = None
    epilog: str | None = None
    connection: bool = True  # takes --profile, --region, --api-url, --token-url, --ca-bundle
    demo: bool = False  # --demo runs it against a built-in emulator started for the call (commands/demo.py)

    def target(self, attribute: str) -> Any:
        return getattr(importlib.import_module(f"maia_tui.{self.module}"), attribute)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "emulator",
        "emulator.cli",
        "add_arguments",
        "run",
        "run the local Maia API emulator until interrupted",
        connection=False,
    ),
    Subcommand(
        "check",
        "commands.check",
        "add_check_arguments",
        "run_check",
        "check a credential non-interactively (exit code says how)",
        description="Log in with a saved profile or MAIA_CLIENT_ID/MAIA_CLIENT_SECRET, fetch the first page of "
        "projects, and say who, where and until when the token is valid. Never prints the secret or the token.",
        demo=True,
    ),
    Subcommand(
        "profiles",
        "commands.profiles",
        "add_profiles_arguments",
        "run_profiles",
        "list saved profiles (never reads a secret); add or remove one",
        description="Alone: list the saved profiles from the config file (no keyring call). "
        "`add NAME --client-id ID --region eu1` saves one, its secret read from standard input and checked "
        "first; `remove NAME` deletes one and its secret.",
        connection=False,
    ),
    Subcommand(
        "export",
        "commands.export",
        "add_export_arguments",
        "run_export",
        "write a whole list (projects, runs, schedules, ...) as CSV, JSON or JSON Lines",
        description="Export every item of a list (or the first --limit N). Credentials are those of `maia-tui check`.",
        demo=True,
    ),
    Subcommand(
        "run",
        "commands.run",
        "add_run_arguments",
        "run_run",
        "start a published pipeline (a write); --wait follows it",
        demo=True,
    ),
    Subcommand(
        "watch",
        "commands.watch",
        "add_watch_arguments",
        "run_watch",
        "follow a run; the exit code says how it ended",
        description="Follow a run by its id, the newest run of a pipeline (--latest), or, on a terminal, "
        "one of the running runs picked from a list.",
        demo=True,
    ),
    Subcommand(
        "api",
        "commands.api",
        "add_api_arguments",
        "run_api",
        "an authenticated request to any API path, printed as JSON (like `gh api`)",
        description="Send one request to the Maia API with the credentials of `maia-tui check`: the token, the "
        "request budget and the retry policy are the app's, and the token is never printed. Any method but "
        "GET is a write and needs --allow-writes.",
        demo=True,
    ),
    Subcommand(
        "completion",
        "commands.completion",
        "add_completion_arguments",
        "run_completion",
        "print a shell completion script (bash, zsh or fish)",
        connection=False,
    ),
    Subcommand(
        "serve",
        "commands.serve",
        "add_serve_arguments",
        "run_serve",
        'the app in a browser tab (needs the serve extra: pip install "maia-tui[serve]")',
        description="Serve the app to a browser through textual-serve: each tab runs its own app. Listens on "
        "loopback; every request needs the token printed, inside the URL, at start.",
    ),
)
SUBCOMMANDS += (
    Subcommand(
        "keys",
        "commands.keys",
        "add_keys_arguments",
        "run_keys",
        "list every key binding and its id (rebind them in config.toml's [keymap])",
        connection=False,
    ),
)
SUBCOMMAND_NAMES = tuple(command.name for command in SUBCOMMANDS)
SECRET_FLAGS = ("--client-secret", "--secret", "--token", "--access-token", "--password")
NO_SECRET_ON_ARGV = (
    "maia-tui: a secret is never taken on the command line (it would show in ps and shell history).\n"
    "Type it in the login form, set MAIA_CLIENT_SECRET, or save it in a profile (OS keyring)."
)


def _refuse_secret_flags(argv: Sequence[str]) -> None:
    """Stop before argparse, whose error would echo the value back to the terminal."""
    if any(arg.split("=", 1)[0] in SECRET_FLAGS for arg in argv):
        print(NO_SECRET_ON_ARGV, file=sys.stderr)
        raise SystemExit(2)


def build_parser(with_subcommands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maia-tui",
        parents=[connection_parser()],
        allow_abbrev=False,  # "--token" must not quietly mean "--token-url"
        description="A terminal UI for the Maia (Matillion Data Productivity Cloud) API.",
        epilog="Credentials come from the login form, a saved profile, or MAIA_CLIENT_ID and MAIA_CLIENT_SECRET; "
        "never from the command line.",
    )
    parser.add_argument("--demo", action="store_true", help=DEMO_HELP)
    parser.add_argument(
        "--allow-writes",
        action="store_true",
        help="allow running and cancelling pipelines (read-only otherwise; also MAIA_ALLOW_WRITES=1)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    if not with_subcommands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in SUBCOMMANDS:
        sub = commands.add_parser(
            command.name,
            help=command.help,
            description=command.description,
            epilog=command.epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=(subcommand_parents() if command.connection else []) + ([demo_parent()] if command.demo else []),
        )
        command.target(command.add_arguments)(sub)
    return parser


def _run_demo(command: Subcommand, args: argparse.Namespace) -> int:
    from .demo import DemoConflict, demo_environment, refuse_connection_flags

    try:
        refuse_connection_flags(args)
    except DemoConflict as conflict:
        print(f"maia-tui {command.name}: {conflict}", file=sys.stderr)
        return 2
    with demo_environment() as env:
        return int(command.target(command.run)(args, env=env))


def _version() -> str:
    from .. import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _refuse_secret_flags(argv)
    if argv == ["completion", PROFILE_NAMES_FLAG]:  # a Tab press: answer before loading every subcommand
        from .profile_names import print_profile_names

        return print_profile_names()
    # The subcommands' modules pull in the emulator's server stack and the keyring; the app
    # itself needs neither, so they are loaded only when a subcommand or help is asked for.
    full = any(arg in SUBCOMMAND_NAMES or arg in ("-h", "--help") for arg in argv)
    args = build_parser(with_subcommands=full).parse_args(argv)
    for command in SUBCOMMANDS:
        if args.command == command.name:
            if command.demo and args.demo:
                return _run_demo(command, args)
            return int(command.target(command.run)(args))
    from ..ui.launch import run_app

    return run_app(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
