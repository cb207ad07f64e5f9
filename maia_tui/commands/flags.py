"""The flags and help text the parser needs before any subcommand is chosen; kept light, since
the TUI's start-up imports it."""

from __future__ import annotations

import argparse

DEMO_HELP = "run offline against the built-in Maia API emulator"
PROFILE_NAMES_FLAG = "--profile-names"  # `maia-tui completion --profile-names`: what a Tab on --profile runs


def connection_parser(default: object = None) -> argparse.ArgumentParser:
    """The connection flags, as a parent parser. The main command takes them with default None;
    each subcommand with SUPPRESS, so `maia-tui --profile x check` keeps x."""
    parser = argparse.ArgumentParser(add_help=False)
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
        "--profile",
        metavar="NAME",
        default=default,
        help="a saved profile; logs in at once if its secret is stored (MAIA_PROFILE)",
    )
    return parser


def subcommand_parents() -> list[argparse.ArgumentParser]:
    return [connection_parser(default=argparse.SUPPRESS)]


def demo_parent() -> argparse.ArgumentParser:
    """--demo after a subcommand too (`maia-tui check --demo`); SUPPRESS keeps `maia-tui --demo check`."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=DEMO_HELP)
    return parser
