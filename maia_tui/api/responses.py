"""Turning HTTP answers and transport failures into the exception tree, with the server's
own words kept (as `detail`) and a hint a person can act on."""

from __future__ import annotations

import json
import ssl
from datetime import UTC, datetime
from typing import Any

import httpx

from .errors import (
    BadRequest,
    CredentialsRefused,
    Forbidden,
    InvalidResponse,
    MaiaError,
    NetworkError,
    NotFound,
    RateLimited,
    RequestTimeout,
    ServerError,
    TLSError,
    Unauthorized,
)
from .retry import parse_retry_after

# Keycloak answers these for a bad client id or secret (401; some versions 400).
REFUSED_OAUTH_ERRORS = {"invalid_client", "unauthorized_client", "invalid_grant"}


def json_body(response: httpx.Response) -> Any:
    """The decoded JSON body, or InvalidResponse naming what came instead."""
    host = response.request.url.host
    kind = response.headers.get("content-type", "").split(";")[0].strip() or "no content type"
    if not response.content:
        raise InvalidResponse(f"{host} answered HTTP {response.status_code} with an empty body", host=host)
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        raise InvalidResponse(
            f"{host} answered HTTP {response.status_code} with {kind} that is not valid JSON", host=host
        ) from None


def _error_text(response: httpx.Response) -> tuple[str | None, dict[str, Any]]:
    """The server's own explanation from an OAuth error or an RFC 7807 problem document."""
    try:
        body = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind and "json" not in kind:
            return f"(the server sent {kind}, not JSON: a proxy may have answered)", {}
        return None, {}
    parts: list[str] = []
    for key in ("error_description", "title", "detail"):
        value = body.get(key)
        if isinstance(value, str) and value and value not in parts:
            parts.append(value)
    violations = body.get("violations")
    if isinstance(violations, list):
        parts.extend(str(v) for v in violations[:5])
    return (" — ".join(parts) or None), body


def retry_after_seconds(response: httpx.Response, now: datetime | None = None) -> float | None:
    """Retry-After in seconds (an HTTP date is read against `now`, the wall clock by default)."""
    return parse_retry_after(response.headers.get("retry-after"), now or datetime.now(UTC))


def token_error(response: httpx.Response) -> MaiaError:
    """A failed token request. Any 4xx with an OAuth client error means the credential was refused."""
    host = response.request.url.host
    status = response.status_code
    detail, body = _error_text(response)
    oauth_error = body.get("error") if isinstance(body.get("error"), str) else None
    if status == 401 or oauth_error in REFUSED_OAUTH_ERRORS:
        return CredentialsRefused(
            f"{host} refused the credentials (HTTP {status})", status=status, detail=detail, host=host
        )
    if status == 404:
        return NotFound(
            f"{host} has no token endpoint at {response.request.url.path} (HTTP 404)",
            status=status,
            detail=detail,
            host=host,
            hint="Check the token URL",
        )
    return api_error(response, detail=detail)


def api_error(response: httpx.Response, *, detail: str | None = None) -> MaiaError:
    host = response.request.url.host
    status = response.status_code
    if detail is None:
        detail, _ = _error_text(response)
    common: dict[str, Any] = {"status": status, "detail": detail, "host": host}
    where = f"{response.request.method} {response.request.url.path}"
    if status == 401:
        return Unauthorized(f"{host} refused the access token (HTTP 401)", **common)
    if status == 403:
        return Forbidden(f"{host} refused access to {where} (HTTP 403)", **common)
    if status == 404:
        return NotFound(f"{host} found nothing at {where} (HTTP 404)", **common)
    if status == 429:
        return RateLimited(
            f"{host} kept rate-limiting {where} (HTTP 429)", retry_after=retry_after_seconds(response), **common
        )
    if 400 <= status < 500:
        return BadRequest(f"{host} rejected {where} (HTTP {status})", **common)
    if status >= 500:
        return ServerError(f"{host} failed on {where} (HTTP {status})", **common)
    return InvalidResponse(f"{host} answered {where} with unexpected HTTP {status}", **common)


def transport_error(error: httpx.TransportError, url: httpx.URL | None = None) -> NetworkError:
    """A failure below HTTP: name the host, and say whether it was TLS, a timeout or a drop."""
    host = url.host if url is not None else _host_of(error)
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return TLSError(
                f"Could not verify the TLS certificate of {host}", detail=cause.verify_message or str(cause), host=host
            )
        if isinstance(cause, ssl.SSLError):
            return TLSError(f"TLS with {host} failed", detail=str(cause.reason or cause), host=host)
        cause = cause.__cause__ or cause.__context__
    if isinstance(error, httpx.TimeoutException):
        return RequestTimeout(f"{host} did not answer in time ({type(error).__name__})", host=host)
    if isinstance(error, httpx.ProxyError):
        return NetworkError(f"The proxy refused the connection to {host}", detail=str(error) or None, host=host)
    if isinstance(error, httpx.ConnectError):
        return NetworkError(f"Could not connect to {host}", detail=str(error) or None, host=host)
    return NetworkError(f"The connection to {host} was dropped", detail=str(error) or None, host=host)


def _host_of(error: httpx.TransportError) -> str:
    try:
        return error.request.url.host
    except RuntimeError:
        return "the server"
