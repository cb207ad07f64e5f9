"""Reading a token's claims for display: a JWT, an opaque token, a JWT whose payload is not JSON,
and claims that are missing or absurd. Never an exception."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import jwt
import pytest

from maia_tui.api.claims import TokenKind, read_claims
from maia_tui.api.secret import Secret


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(payload: object, header: object | None = None) -> Secret:
    """A JWT-shaped string; the signature is not checked when reading for display."""
    head = header if header is not None else {"alg": "RS256", "typ": "JWT", "kid": "key-Q7"}
    return Secret(f"{b64(json.dumps(head).encode())}.{b64(json.dumps(payload).encode())}.c2ln")


def test_a_jwt_shows_its_claims() -> None:
    token = Secret(
        jwt.encode(
            {
                "iat": 1768469400,
                "exp": 1768471200,
                "scope": "pipeline-execution",
                "aud": ["a", "b"],
                "iss": "https://id.example/realms/dpc",
                "azp": "ops-7",
                "sub": "s-1",
            },
            "k" * 32,
            algorithm="HS256",
            headers={"kid": "kid-91"},
        )
    )
    claims = read_claims(token)
    assert claims.kind is TokenKind.JWT
    assert claims.issued_at == datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
    assert claims.expires_at == datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
    assert claims.lifetime == 1800
    assert claims.audience == ("a", "b")
    assert (claims.scope, claims.issuer, claims.authorized_party) == (
        "pipeline-execution",
        "https://id.example/realms/dpc",
        "ops-7",
    )
    assert (claims.key_id, claims.algorithm) == ("kid-91", "HS256")


@pytest.mark.parametrize("raw", ["opq_Zm9vYmFy", "", "a.b", "not a jwt at all", "x.y.z", "....."])
def test_opaque_tokens(raw: str) -> None:
    assert read_claims(Secret(raw)).kind is TokenKind.OPAQUE


@pytest.mark.parametrize(
    "payload_b64",
    [b64(b'{"exp": 17, not json'), b64(b"[1, 2]"), b64(b'"text"'), "%%%", b64(b"\xff\xfe")],
)
def test_a_payload_that_is_not_a_json_object_is_malformed(payload_b64: str) -> None:
    head = b64(json.dumps({"alg": "RS256", "kid": "kid-3"}).encode())
    claims = read_claims(Secret(f"{head}.{payload_b64}.c2ln"))
    assert claims.kind is TokenKind.MALFORMED
    assert claims.key_id == "kid-3"
    assert claims.problem == "its payload is not a JSON object"


def test_missing_and_absurd_claims_are_simply_absent() -> None:
    claims = read_claims(unsigned({"iat": "yesterday", "exp": 10**20, "aud": {"x": 1}, "scope": ["a"]}))
    assert claims.kind is TokenKind.JWT
    assert claims.issued_at is None and claims.expires_at is None and claims.lifetime is None
    assert claims.audience == () and claims.scope is None and claims.issuer is None
    assert read_claims(unsigned({})).kind is TokenKind.JWT


def test_expiry_before_issue_gives_no_lifetime() -> None:
    claims = read_claims(unsigned({"iat": 2000, "exp": 1000}))
    assert claims.lifetime is None
