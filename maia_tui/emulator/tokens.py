"""RS256 access tokens shaped like Keycloak's, signed with one RSA key per process.

Generating a 2048-bit key costs ~100 ms, so it happens lazily on the first token and is
shared by every emulator in the process. Expiry is judged on the configured wall clock (not
PyJWT's), so tests can inject time; revocation bumps a generation number stamped in each token.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from .problems import unauthorized

AUDIENCE = "https://api.matillion.com"
SCOPE = "pipeline-execution"
# Emulator-specific claim: tokens minted before the last revoke_all_tokens() are refused.
GENERATION_CLAIM = "emu_gen"
# What the token endpoint hands out: a JWT (as the service does), or, for clients that must
# cope, an opaque string or a JWT-shaped string whose payload is not JSON. The latter two
# stand for a real JWT kept here, so the API accepts them like any token.
TOKEN_STYLES = ("jwt", "opaque", "malformed")
_STANDINS_KEPT = 256


@dataclass(frozen=True)
class SigningKey:
    private_key: rsa.RSAPrivateKey
    kid: str

    @classmethod
    def from_private_key(cls, private: rsa.RSAPrivateKey) -> SigningKey:
        der = private.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        # Keycloak's kid is 43 base64url characters, like an unpadded SHA-256.
        return cls(private, base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode())

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self.private_key.public_key()

    def public_pem(self) -> bytes:
        return self.public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def jwks(self) -> dict[str, Any]:
        jwk = RSAAlgorithm.to_jwk(self.public_key, as_dict=True)
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [jwk]}


_key: SigningKey | None = None
_key_lock = threading.Lock()


def signing_key() -> SigningKey:
    global _key
    with _key_lock:
        if _key is None:
            _key = SigningKey.from_private_key(rsa.generate_private_key(public_exponent=65537, key_size=2048))
        return _key


FIXED_KEY_FILE = Path(__file__).with_name("fixed_signing_key.pem")


def fixed_signing_key() -> SigningKey:
    """A key shipped with the emulator: NOT a secret, it signs sample tokens only. With a fixed
    clock and issuer it makes tokens reproducible byte for byte (snapshots, README screenshots)."""
    private = serialization.load_pem_private_key(FIXED_KEY_FILE.read_bytes(), password=None)
    if not isinstance(private, rsa.RSAPrivateKey):
        raise TypeError(f"{FIXED_KEY_FILE} does not hold an RSA private key")
    return SigningKey.from_private_key(private)


class TokenAuthority:
    """Issues and checks tokens for one emulator."""

    def __init__(self, lifetime: float, wall_clock: Callable[[], float]) -> None:
        self.lifetime = lifetime
        self.wall_clock = wall_clock
        self.generation = 0
        self.issuer = ""  # set by the server once its address is known
        self.style = "jwt"  # one of TOKEN_STYLES; tests set it through the running emulator
        self._standins: OrderedDict[str, str] = OrderedDict()
        # None: the process-wide key. A fixed key (with a fixed clock and issuer) makes every
        # token byte-for-byte reproducible, which screenshots of token details need.
        self.key: SigningKey | None = None
        self._serial = 0

    @property
    def signing_key(self) -> SigningKey:
        return self.key or signing_key()

    def issue(self, client_id: str) -> str:
        """A new access token in the current `style`."""
        token = self._issue_jwt(client_id)
        if self.style == "jwt":
            return token
        if self.style == "opaque":
            standin = "opq_" + secrets.token_urlsafe(32)
        elif self.style == "malformed":
            header, _, rest = token.partition(".")
            _, _, signature = rest.partition(".")
            not_json = base64.urlsafe_b64encode(b'{"exp": 17, not json').rstrip(b"=").decode()
            standin = f"{header}.{not_json}.{signature}"
        else:
            raise ValueError(f"token style must be one of {TOKEN_STYLES}, not {self.style!r}")
        self._standins[standin] = token
        while len(self._standins) > _STANDINS_KEPT:
            self._standins.popitem(last=False)
        return standin

    def _issue_jwt(self, client_id: str) -> str:
        if not self.issuer:
            raise RuntimeError("start the emulator before issuing tokens (the issuer URL needs its port)")
        key = self.signing_key
        now = self.wall_clock()
        self._serial += 1
        claims = {
            "exp": int(now + self.lifetime),
            "iat": int(now),
            # Unique per token, yet a function of (issuer, client, time, count): reproducible.
            "jti": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.issuer}/{client_id}/{now!r}/{self._serial}")),
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.issuer}/{client_id}")),
            "typ": "Bearer",
            "azp": client_id,
            "scope": SCOPE,
            "clientId": client_id,
            "preferred_username": f"service-account-{client_id}",
            GENERATION_CLAIM: self.generation,
        }
        return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid})

    def revoke_all(self) -> None:
        self.generation += 1

    def verify(self, authorization: str | None) -> dict[str, Any]:
        """Claims of a valid bearer token, else a 401 Problem saying what is wrong."""
        scheme, _, token = (authorization or "").partition(" ")
        token = token.strip()
        token = self._standins.get(token, token)
        if scheme.lower() != "bearer" or not token:
            raise unauthorized(
                "Missing bearer token",
                "Send the access token in an 'Authorization: Bearer <access_token>' header; "
                "get one from the token endpoint with your client id and secret.",
                error="invalid_request",
            )
        try:
            claims = jwt.decode(
                token,
                self.signing_key.public_key,
                algorithms=["RS256"],
                audience=AUDIENCE,
                issuer=self.issuer,
                # Time is checked below against the injectable clock, not PyJWT's time.time().
                options={
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "require": ["exp", "iat", "iss", "aud"],
                },
            )
        except jwt.InvalidTokenError as exc:
            raise unauthorized(
                "Invalid access token",
                f"The access token could not be verified ({exc}). Request a new token.",
            ) from None
        return self._check_live(claims)

    def _check_live(self, claims: dict[str, Any]) -> dict[str, Any]:
        now = self.wall_clock()
        exp = claims["exp"]
        if not isinstance(exp, (int, float)) or now >= exp:
            when = datetime.fromtimestamp(float(exp), UTC).isoformat(timespec="seconds")
            raise unauthorized(
                "Access token expired",
                f"The access token expired at {when} ({now - float(exp):.0f} s ago). "
                "Tokens live for the expires_in seconds the token endpoint returned; request a new one.",
            )
        if claims.get(GENERATION_CLAIM, -1) != self.generation:
            raise unauthorized(
                "Access token revoked",
                "The access token was revoked (the API credential was changed or deleted). Request a new token.",
            )
        return claims
