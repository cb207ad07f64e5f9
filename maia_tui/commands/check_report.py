"""How a credential check reads, as text or JSON: shared by `check` and `check --all`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..api.regions import REGIONS
from ..api.text import printable
from ..credentials.resolve import LoginSettings
from ..services.credential_check import CheckReport
from .common import EXIT_OK

if TYPE_CHECKING:
    from ..api.probe import ProbeReport


def duration_text(seconds: float) -> str:
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
        f"  token:        valid until {local:%Y-%m-%d %H:%M:%S %Z} ({duration_text(report.remaining_seconds)} left), "
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
