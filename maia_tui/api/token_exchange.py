"""The OAuth 2.0 client-credentials exchange, exactly as the vendor's page shows it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from .clock import Clock
from .errors import InvalidResponse
from .models import Token
from .regions import AUDIENCE, Endpoints
from .responses import json_body, token_error, transport_error
from .secret import Secret

log = logging.getLogger("maia_tui.api.auth")


class _FormBody:
    """A form-encoded body that keeps the secret masked while httpx holds it.

    httpx frames keep the body in locals; a plain dict or bytes there would show the
    secret in a crash traceback. This object only yields the bytes when sent.
    """

    def __init__(self, fields: list[tuple[str, str | Secret]]) -> None:
        self._fields = fields

    def _encode(self) -> bytes:
        return urlencode([(k, v.reveal() if isinstance(v, Secret) else v) for k, v in self._fields]).encode()

    def __len__(self) -> int:
        return len(self._encode())

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._encode()

    def __repr__(self) -> str:
        return "<form body, secret masked>"


class TokenExchange:
    """Asks the identity server for a new access token. There is no refresh token: a client
    simply asks again, so this is the whole of 'refresh'."""

    def __init__(
        self, http: httpx.AsyncClient, endpoints: Endpoints, client_id: str, client_secret: Secret, clock: Clock
    ) -> None:
        if not isinstance(client_secret, Secret):
            raise TypeError("client_secret must be a Secret")
        self._http = http
        self._endpoints = endpoints
        self.client_id = client_id
        self._client_secret = client_secret
        self._clock = clock

    async def __call__(self) -> Token:
        body = _FormBody(
            [
                ("grant_type", "client_credentials"),
                ("client_id", self.client_id),
                ("client_secret", self._client_secret),
                ("audience", AUDIENCE),
            ]
        )
        url = self._endpoints.token_url
        log.debug("requesting a token for client %s from %s", self.client_id, self._endpoints.token_host)
        try:
            response = await self._http.post(
                url,
                content=body,
                headers={"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(body))},
            )
        except httpx.TransportError as error:
            raise transport_error(error, httpx.URL(url)) from None
        if response.status_code != 200:
            raise token_error(response)
        token = self._parse(json_body(response))
        log.debug("token for %s valid for %ss", self.client_id, token.expires_in)
        return token

    def _parse(self, body: Any) -> Token:
        if not isinstance(body, dict):
            raise InvalidResponse("The token endpoint answered with JSON that is not an object")
        access = body.pop("access_token", None)
        if not isinstance(access, str) or not access:
            raise InvalidResponse("The token endpoint's answer has no access_token")
        secret = Secret(access)
        del access
        expires_in = body.get("expires_in")
        if isinstance(expires_in, bool) or not isinstance(expires_in, (int, float)) or expires_in <= 0:
            raise InvalidResponse("The token endpoint's answer has no usable expires_in")
        token_type = body.get("token_type", "Bearer")
        if not isinstance(token_type, str) or token_type.lower() != "bearer":
            raise InvalidResponse(f"The token endpoint issued a {token_type!r} token, not a Bearer token")
        scope = body.get("scope")
        mono, wall = self._clock.monotonic(), self._clock.now()

        return Token(
            access_token=secret,
            expires_in=float(expires_in),
            obtained_at=mono,
            expires_at=mono + float(expires_in),
            obtained_at_wall=wall,
            expires_at_wall=wall + timedelta(seconds=float(expires_in)),
            token_type="Bearer",
            scope=scope if isinstance(scope, str) else None,
        )
