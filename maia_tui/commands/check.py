"""`maia-tui check`: answer "is this credential still good?" from a shell
or CI, the way `gh auth status` does: who, where, valid until when, and never the secret.

Credentials come from a profile (secret from the OS keyring) or the environment, never from the
command line. Exit codes: 0 valid, 2 credentials refused, 3 network or TLS problem, 4 API refused
(403/404: role, IP allow list, wrong region), 1 anything else (including missing credentials).

`--probe` adds one read per area the app uses (see maia_tui.api.probe) and a `permissions`
object to the JSON. The exit code stays the check's own: an area refused by itself does not
fail the check; a refused projects list does (exit 4), as without --probe.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from ..api.errors import MaiaError
from ..credentials.resolve import LoginSettings
from ..services.credential_check import ProbedFailure, check_login
from .check_report import failure_json, failure_text, report_json, report_text
from .common import DEFAULT_TIMEOUT, EXIT_OK, classify, exit_codes_help, login_from_args

if TYPE_CHECKING:
    from ..api.probe import ProbeReport

# ----- argument wiring (cli.py owns the parser; these add what the subcommands need) ---------


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = exit_codes_help(
        "the credential works: a token was issued and the projects list answered (--all: every profile's)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument(
        "--probe",
        action="store_true",
        help="also make one read per area (projects, environments, runs, agents, audit events, credits) "
        "and report which are allowed; never writes",
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help="check every saved profile at once, each as saved (a table, or with --json an array); "
        "the exit code is the worst of theirs",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"network timeout per request (default {DEFAULT_TIMEOUT:g})",
    )


# ----- rendering -----------------------------------------------------------------------------


def run_check(
    args: argparse.Namespace,
    *,
    env: dict[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    **client_options: Any,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    if getattr(args, "all", False):
        from .check_all import run_check_all

        return run_check_all(args, env=env, out=out, err=err, **client_options)
    as_json = bool(getattr(args, "json", False))
    login: LoginSettings | None = None
    permissions: ProbeReport | None = None
    try:
        login = login_from_args(args, env)
        timeout = getattr(args, "timeout", DEFAULT_TIMEOUT)
        probe = bool(getattr(args, "probe", False))
        try:
            report = asyncio.run(check_login(login, timeout=timeout, probe=probe, **client_options))
        except ProbedFailure as failure:
            permissions = failure.permissions
            raise failure.error from None
    except (MaiaError, ValueError) as error:
        code, kind = classify(error)
        if as_json:
            print(json.dumps(failure_json(code, kind, error, login, permissions)), file=out)
        else:
            print(failure_text(code, kind, error, login, permissions), file=err)
        return code
    print(json.dumps(report_json(report)) if as_json else report_text(report), file=out)
    return EXIT_OK
