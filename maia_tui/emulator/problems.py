"""Error bodies: RFC 7807 problem documents for the API, Keycloak-style JSON for the token endpoint."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_BASE = "urn:maia-emulator:problem:"


def json_bytes(body: Any) -> bytes:
    # ensure_ascii=False keeps names readable; control characters are still \u-escaped by json.
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Problem(Exception):
    """Raised by handlers; the app turns it into an application/problem+json response."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        kind: str | None = None,
        violations: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.title = title
        self.detail = detail
        self.kind = kind or title.lower().replace(" ", "-")
        self.violations = violations
        self.headers = headers or {}

    def document(self, instance: str) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "type": _TYPE_BASE + self.kind,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": instance,
        }
        if self.violations:
            doc["violations"] = list(self.violations)
        return doc

    def response(self, instance: str) -> Response:
        return Response(
            json_bytes(self.document(instance)),
            status_code=self.status,
            media_type=PROBLEM_MEDIA_TYPE,
            headers=self.headers,
        )


def bad_request(detail: str, violations: list[str] | None = None) -> Problem:
    return Problem(400, "Bad Request", detail, kind="bad-request", violations=violations)


def not_found(detail: str) -> Problem:
    return Problem(404, "Not Found", detail, kind="not-found")


def unauthorized(title: str, detail: str, error: str = "invalid_token") -> Problem:
    # RFC 6750: a 401 for a bearer-protected resource says why in WWW-Authenticate.
    challenge = f'Bearer realm="dpc", error="{error}", error_description="{title}"'
    return Problem(401, title, detail, kind="unauthorized", headers={"WWW-Authenticate": challenge})


def oauth_error(status: int, error: str, description: str) -> Response:
    """The identity server's error shape: {"error", "error_description"} as plain JSON."""
    return Response(
        json_bytes({"error": error, "error_description": description}),
        status_code=status,
        media_type="application/json",
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )


def forbidden(kind: str) -> Problem:
    """403 as the service gives it: a role is missing, or the caller's IP is not allowed."""
    if kind == "ip":
        detail = (
            "Access denied: the caller's IP address is not on this account's allow list. "
            "Ask an account administrator to add it to the allow list."
        )
    else:
        detail = (
            "Access denied: the API credential lacks a role that grants this. Give it an account "
            "role, or a project and environment role, under Profile & Account > API credentials."
        )
    return Problem(403, "Forbidden", detail, kind=f"forbidden-{kind}")


_PERMISSIONS = {
    "projects": "list projects",
    "environments": "read environments",
    "pipelines": "read published pipelines",
    "schedules": "read schedules",
    "executions": "read pipeline executions",
    "agents": "read agents",
    "events": "View Audit Events",
    "consumption": "view credit consumption",
    "streaming": "read streaming pipelines",
    "run": "run pipelines",
    "cancel": "cancel pipeline executions",
}


def denied(area: str) -> Problem:
    """403 for one area (`--deny`), as the service answers a credential without that permission."""
    permission = _PERMISSIONS.get(area, area)
    detail = (
        f"Access denied: the API credential lacks the permission to {permission}. Give it a role that "
        "grants it under Profile & Account > API credentials."
    )
    if area == "events":
        detail = (
            "Access denied: viewing audit events needs the 'View Audit Events' permission. Give the API "
            "credential an account role that has it under Profile & Account > API credentials."
        )
    return Problem(403, "Forbidden", detail, kind="forbidden-role")
