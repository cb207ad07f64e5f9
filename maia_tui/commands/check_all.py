"""`maia-tui check --all [--probe] [--json]`: every saved profile checked at once, each through
its own client (its own token and request budget), in the manner of `gh auth status`.

Each profile is taken as saved, its secret from the keyring; MAIA_* variables and connection
flags describe one credential and do not apply. The exit code is the worst of the profiles'
(the highest number): 0 only when every one is valid.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from ..api.probe import AREAS
from ..api.text import printable
from ..credentials.config import config_path, load_config
from ..credentials.errors import ConfigError
from ..credentials.profiles import secret_store_for
from ..services.profile_checks import ProfileCheck, check_profiles, profile_logins
from .check_report import duration_text, failure_json, report_json
from .common import DEFAULT_TIMEOUT, EXIT_OK, EXIT_OTHER, classify

if TYPE_CHECKING:
    from ..credentials.resolve import LoginSettings

ONE_CREDENTIAL_FLAGS = ("profile", "region", "api_url", "token_url", "ca_bundle")
NO_PROFILES = "No profiles saved in {path} yet: add one with `maia-tui profiles add NAME --client-id ID --region eu1`."


def outcome(check: ProfileCheck) -> tuple[int, str]:
    """(exit code, kind) of one profile's check, as `check` alone would say."""
    if check.error is None:
        return EXIT_OK, "valid"
    return classify(check.error)


def check_json(check: ProfileCheck) -> dict[str, Any]:
    """What `check --json` prints for this profile, plus "profile"."""
    if check.report is not None:
        document = report_json(check.report)
    else:
        assert check.error is not None
        code, kind = outcome(check)
        document = failure_json(code, kind, check.error, check.login, check.permissions)
    document["profile"] = check.name
    return document


def _where(login: LoginSettings | None) -> str:
    return login.endpoints.label if login is not None else "—"


def table(checks: list[ProfileCheck], probe: bool) -> str:
    header = ["PROFILE", "WHERE", "CLIENT ID", "OUTCOME", "TOKEN LEFT"]
    if probe:
        header += [area.key.upper() for area in AREAS]
    rows = [header]
    for check in checks:
        code, kind = outcome(check)
        login = check.login
        row = [
            printable(check.name, 64),
            printable(_where(login), 40),
            printable(login.client_id if login is not None and login.client_id else "—", 40),
            "✓ valid" if code == EXIT_OK else f"✖ {kind.replace('_', ' ')} (exit {code})",
            duration_text(check.report.remaining_seconds) if check.report is not None else "—",
        ]
        if probe:
            found = check.permissions.outcomes() if check.permissions is not None else {}
            row += [found[area.key].value if area.key in found else "—" for area in AREAS]
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    problems = [f"  {check.name}: {check.error}" for check in checks if check.error is not None]
    if problems:
        lines += ["", "Problems:", *problems]
    return "\n".join(lines)


def run_check_all(
    args: argparse.Namespace,
    *,
    env: dict[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    **client_options: Any,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    as_json = bool(getattr(args, "json", False))
    given = [f"--{name.replace('_', '-')}" for name in ONE_CREDENTIAL_FLAGS if getattr(args, name, None)]
    if given:
        print(f"✗ --all checks every profile as saved; leave out {', '.join(given)}", file=err)
        return EXIT_OTHER
    path = config_path(env)
    try:
        config = load_config(path)
    except ConfigError as error:
        if as_json:
            print(json.dumps([]), file=out)
        print(f"✗ {error}", file=err)
        return EXIT_OTHER
    if not config.profiles:
        if as_json:
            print(json.dumps([]), file=out)
        print(f"✗ {NO_PROFILES.format(path=path)}", file=err)
        return EXIT_OTHER
    logins = profile_logins(config, secret_store_for(config, path))  # the keyring, one profile at a time
    timeout = getattr(args, "timeout", DEFAULT_TIMEOUT)
    probe = bool(getattr(args, "probe", False))
    checks = asyncio.run(check_profiles(logins, probe=probe, timeout=timeout, **client_options))
    if as_json:
        print(json.dumps([check_json(check) for check in checks]), file=out)
    else:
        print(table(checks, probe), file=out)
    return max(outcome(check)[0] for check in checks)
