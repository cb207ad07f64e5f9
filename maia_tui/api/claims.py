"""What an access token says about itself, read for display only.

The payload of a JWT is decoded WITHOUT verifying its signature: nothing here is trusted or
used to decide anything, it only answers "which client, issued when, for what audience".
An opaque token, missing claims and a payload that is not JSON are normal outcomes, never
errors. Claim values are the server's text: callers show them with `printable`.
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt

from .secret import Secret


class TokenKind(enum.Enum):
    JWT = "jwt"
    OPAQUE = "opaque"  # not a JWT: no claims to show
    MALFORMED = "malformed"  # shaped like a JWT, but its payload cannot be read


@dataclass(frozen=True)
class TokenClaims:
    kind: TokenKind
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    not_before: datetime | None = None
    scope: str | None = None
    audience: tuple[str, ...] = ()
    issuer: str | None = None
    authorized_party: str | None = None  # `azp`: the client the token was issued to
    subject: str | None = None
    key_id: str | None = None  # `kid` in the header: which signing key
    algorithm: str | None = None
    problem: str | None = None  # why the payload could not be read (MALFORMED only)

    @property
    def lifetime(self) -> float | None:
        """Seconds from `iat` to `exp`, when both are there and make sense."""
        if self.issued_at is None or self.expires_at is None or self.expires_at < self.issued_at:
            return None
        return (self.expires_at - self.issued_at).total_seconds()


def read_claims(token: Secret) -> TokenClaims:
    """Decode `token` for display. Never raises for anything the server could send."""
    if token.reveal().count(".") != 2:
        return TokenClaims(TokenKind.OPAQUE)
    header = _header(token)
    if header is None:
        return TokenClaims(TokenKind.OPAQUE)  # three dot-separated parts, but no JWT header
    try:
        payload = jwt.decode(token.reveal(), options={"verify_signature": False})
    except jwt.InvalidTokenError:
        # PyJWT's message is not shown: it is about the token's bytes, and says nothing useful.
        return TokenClaims(
            TokenKind.MALFORMED,
            key_id=_text(header.get("kid")),
            algorithm=_text(header.get("alg")),
            problem="its payload is not a JSON object",
        )
    return TokenClaims(
        TokenKind.JWT,
        issued_at=_time(payload.get("iat")),
        expires_at=_time(payload.get("exp")),
        not_before=_time(payload.get("nbf")),
        scope=_text(payload.get("scope")),
        audience=_audience(payload.get("aud")),
        issuer=_text(payload.get("iss")),
        authorized_party=_text(payload.get("azp")),
        subject=_text(payload.get("sub")),
        key_id=_text(header.get("kid")),
        algorithm=_text(header.get("alg")),
    )


def _header(token: Secret) -> dict[str, Any] | None:
    """The JOSE header (the first part), read alone: PyJWT's reader also needs a readable payload."""
    encoded = token.reveal().partition(".")[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, binascii.Error):
        return None
    return header if isinstance(header, dict) else None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _audience(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None and not isinstance(v, (dict, list)))
    text = _text(value)
    return (text,) if text else ()


def _time(value: Any) -> datetime | None:
    """A NumericDate (seconds since the epoch) as an aware UTC time; None if absent or absurd."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None
