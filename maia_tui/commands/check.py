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
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from ..api.clock import Clock, SystemClock
from ..api.errors import MaiaError
from ..api.regions import REGIONS
from ..api.text import printable
from ..credentials.resolve import LoginSettings
from .common import DEFAULT_TIMEOUT, EXIT_OK, classify, client_for, exit_codes_help, login_from_args

if TYPE_CHECKING:
    from ..api.probe import ProbeReport

# ----- argument wiring (cli.py owns the parser; these add what the subcommands need) ---------


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = exit_codes_help("the credential works: a token was issued and the projects list answered")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument(
        "--probe",
        action="store_true",
        help="also make one read per area (projects, environments, runs, agents, audit events, credits) "
        "and report which are allowed; never writes",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"network timeout per request (default {DEFAULT_TIMEOUT:g})",
    )


# ----- what a check finds ------------------------------------------------------------------


@dataclass(frozen=True)
class CheckReport:
    """Every fact `check` reports. Deliberately holds no secret and no token, only a fingerprint."""

    login: LoginSettings
    valid_until: datetime  # aware, UTC
    remaining_seconds: float
    expires_in: float
    scope: str | None
    token_fingerprint: str
    project_total: int
    permissions: ProbeReport | None = None


class ProbedFailure(Exception):
    """The check failed after a token was obtained, and the probe ran anyway: both are reported."""

    def __init__(self, error: MaiaError, permissions: ProbeReport) -> None:
        super().__init__(str(error))
        self.error = error
        self.permissions = permissions


async def check_login(
    login: LoginSettings,
    *,
    clock: Clock | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    probe: bool = False,
    **client_options: Any,
) -> CheckReport:
    """Exchange a token and fetch the first projects page; raises the api errors on failure.
    With `probe`, the permission probe runs too (reusing that page), also when the page failed."""
    clock = clock or SystemClock()
    client = client_for(login, clock=clock, timeout=timeout, **client_options)
    permissions: ProbeReport | None = None
    async with client:
        token = await client.login()
        try:
            page = await client.list_projects(page=0, size=25)
        except MaiaError as error:
            if not probe:
                raise
            from ..api.probe import probe_permissions

            raise ProbedFailure(error, await probe_permissions(client)) from None
        if probe:
            from ..api.probe import probe_permissions

            permissions = await probe_permissions(client, first_page=page)
    return CheckReport(
        login=login,
        valid_until=token.expires_at_wall,
        remaining_seconds=token.remaining(clock.monotonic()),
        expires_in=token.expires_in,
        scope=token.scope,
        token_fingerprint=token.access_token.fingerprint,
        project_total=page.total,
        permissions=permissions,
    )


# ----- rendering -----------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s"


def _place(login: LoginSettings) -> str:
    """eu1 (eu1.api.matillion.com), or the URL itself when it is a custom deployment."""
    endpoints = login.endpoints
    if endpoints.region in REGIONS:
        return f"{endpoints.region} ({endpoints.api_host})"
    return f"custom URL {endpoints.api_base}"


def _where(login: LoginSettings) -> dict[str, Any]:
    endpoints = login.endpoints
    return {
        "client_id": login.client_id,
        "profile": login.profile,
        "region": endpoints.region,
        "api_base": endpoints.api_base,
        "api_host": endpoints.api_host,
        "token_host": endpoints.token_host,
        "sources": dict(login.sources),
    }


def permissions_json(permissions: ProbeReport) -> dict[str, Any]:
    return permissions.to_json()


def permissions_text(permissions: ProbeReport) -> list[str]:
    return ["  permissions:  one read per area, nothing written", *permissions.table("    ")]


def report_json(report: CheckReport) -> dict[str, Any]:
    local = report.valid_until.astimezone()
    document = {
        "ok": True,
        "exit_code": EXIT_OK,
        **_where(report.login),
        "token": {
            "valid_until": local.isoformat(timespec="seconds"),
            "valid_until_utc": report.valid_until.isoformat(timespec="seconds"),
            "remaining_seconds": int(report.remaining_seconds),
            "expires_in": report.expires_in,
            "scope": report.scope,
            "fingerprint": report.token_fingerprint,
        },
        "projects": {"total": report.project_total},
    }
    if report.permissions is not None:
        document["permissions"] = permissions_json(report.permissions)
    return document


def report_text(report: CheckReport) -> str:
    login = report.login
    endpoints = login.endpoints
    local = report.valid_until.astimezone()
    lines = [
        "✓ Credentials are valid",
        f"  who:          client id {printable(login.client_id)}"
        + (f" (profile {login.profile})" if login.profile else ""),
        f"  where:        {_place(login)}, tokens from {endpoints.token_host}",
        f"  token:        valid until {local:%Y-%m-%d %H:%M:%S %Z} ({_duration(report.remaining_seconds)} left), "
        f"fingerprint {report.token_fingerprint}",
        f"  scope:        {printable(report.scope) if report.scope else '(none given)'}",
        f"  projects:     {report.project_total}",
        f"  secret from:  {login.sources.get('client_secret', 'unknown')}",
    ]
    if report.permissions is not None:
        lines += permissions_text(report.permissions)
    return "\n".join(lines)


def failure_json(
    code: int, kind: str, error: BaseException, login: LoginSettings | None, permissions: ProbeReport | None = None
) -> dict[str, Any]:
    document: dict[str, Any] = {"ok": False, "exit_code": code}
    if login is not None:
        document.update(_where(login))
    document["error"] = {"kind": kind, "message": str(error)}
    if permissions is not None:
        document["permissions"] = permissions_json(permissions)
    return document


def failure_text(
    code: int, kind: str, error: BaseException, login: LoginSettings | None, permissions: ProbeReport | None = None
) -> str:
    lines = [f"✗ Check failed ({kind.replace('_', ' ')}, exit {code})"]
    if login is not None:
        if login.client_id:
            lines.append(f"  who:    client id {printable(login.client_id)}")
        lines.append(f"  where:  {_place(login)}")
    lines.append(f"  {error}")
    if permissions is not None:
        lines += permissions_text(permissions)
    return "\n".join(lines)


# ----- the commands --------------------------------------------------------------------------


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
