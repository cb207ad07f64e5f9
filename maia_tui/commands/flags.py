"""The flags and help text the parser needs before any subcommand is chosen; kept light, since
the TUI's start-up imports it."""

from __future__ import annotations

import argparse

EXIT_CODES_HELP = """exit codes:
  0  the credential works: a token was issued and the projects list answered
  1  anything else, e.g. no credentials found, an unreadable config file
  2  credentials refused: wrong client id or secret
  3  network or TLS problem: no answer, a timeout, an untrusted certificate
  4  the API refused: 403 (missing role, IP not on the allow list) or 404 (wrong region)"""


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
