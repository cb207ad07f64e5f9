"""The `maia-tui` command: parses arguments, wires the layers, starts the app or a subcommand.

Heavy modules are imported only by the subcommand that needs them, so the login screen
paints fast. A secret is never accepted on the command line: it would show in `ps`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _add_connection_arguments(parser: argparse.ArgumentParser, default: object = None) -> None:
    """Both the main command and `check` take these; on the subcommand the default is
    SUPPRESS so `maia-tui --profile x check` keeps x."""
    parser.add_argument(
        "--region", choices=["eu1", "us1"], default=default, help="API region (default: eu1, or MAIA_REGION)"
    )
    parser.add_argument(
        "--api-url", metavar="URL", default=default, help="custom API base URL, e.g. https://host/dpc (MAIA_API_URL)"
    )
    parser.add_argument("--token-url", metavar="URL", default=default, help="custom OAuth token URL (MAIA_TOKEN_URL)")
    parser.add_argument(
        "--ca-bundle", metavar="PATH", default=default, help="PEM file of CA certificates to trust (MAIA_CA_BUNDLE)"
    )
    parser.add_argument(
        "--profile", metavar="NAME", default=default, help="a saved profile; logs in at once if its secret is stored"
    )


SUBCOMMANDS = ("emulator", "check", "profiles", "export", "run", "watch")
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
        allow_abbrev=False,  # "--token" must not quietly mean "--token-url"
        description="A terminal UI for the Maia (Matillion Data Productivity Cloud) API.",
        epilog="Credentials come from the login form, a saved profile, or MAIA_CLIENT_ID and MAIA_CLIENT_SECRET; "
        "never from the command line.",
    )
    parser.add_argument("--demo", action="store_true", help="run offline against the built-in Maia API emulator")
    parser.add_argument(
        "--allow-writes",
        action="store_true",
        help="allow running and cancelling pipelines (read-only otherwise; also MAIA_ALLOW_WRITES=1)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    _add_connection_arguments(parser)
    if not with_subcommands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from .emulator.cli import add_arguments as add_emulator_arguments

    emulator = commands.add_parser("emulator", help="run the local Maia API emulator until interrupted")
    add_emulator_arguments(emulator)
    _add_optional_subcommands(commands)
    return parser


def _add_optional_subcommands(commands: argparse._SubParsersAction) -> None:
    try:
        from . import check
    except ImportError:  # pragma: no cover - during development only
        return
    check_parser = commands.add_parser(
        "check",
        help="check a credential non-interactively (exit code says how)",
        description="Log in with a saved profile or MAIA_CLIENT_ID/MAIA_CLIENT_SECRET, fetch the first page of "
        "projects, and say who, where and until when the token is valid. Never prints the secret or the token.",
        epilog=check.EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_connection_arguments(check_parser, default=argparse.SUPPRESS)
    check.add_check_arguments(check_parser)
    profiles_parser = commands.add_parser("profiles", help="list saved profiles (never reads a secret)")
    check.add_profiles_arguments(profiles_parser)
    from . import export_command

    export_parser = commands.add_parser(
        "export",
        help="write a whole list (projects, runs, schedules, ...) as CSV, JSON or JSON Lines",
        description="Export every item of a list. Credentials and exit codes are those of `maia-tui check`.",
    )
    _add_connection_arguments(export_parser, default=argparse.SUPPRESS)
    export_command.add_export_arguments(export_parser)
    from . import run_command

    run_parser = commands.add_parser("run", help="start a published pipeline (a write); --wait follows it")
    _add_connection_arguments(run_parser, default=argparse.SUPPRESS)
    run_command.add_run_arguments(run_parser)
    watch_parser = commands.add_parser("watch", help="follow a run; the exit code says how it ended")
    _add_connection_arguments(watch_parser, default=argparse.SUPPRESS)
    run_command.add_watch_arguments(watch_parser)


def _version() -> str:
    from . import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _refuse_secret_flags(argv)
    # The subcommands' modules pull in the emulator's server stack and the keyring; the app
    # itself needs neither, so they are loaded only when a subcommand or help is asked for.
    full = any(arg in SUBCOMMANDS or arg in ("-h", "--help") for arg in argv)
    args = build_parser(with_subcommands=full).parse_args(argv)
    if args.command == "emulator":
        from .emulator.cli import run

        return run(args)
    if args.command == "check":
        from .check import run_check

        return run_check(args)
    if args.command == "export":
        from .export_command import run_export

        return run_export(args)
    if args.command == "profiles":
        from .check import run_profiles

        return run_profiles(args)
    if args.command in ("run", "watch"):
        from .run_command import run_run, run_watch

        return (run_run if args.command == "run" else run_watch)(args)
    from .ui.launch import run_app

    return run_app(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
