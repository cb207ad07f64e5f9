"""The token endpoint speaks Keycloak's dialect, and the API checks every token it is shown."""

from __future__ import annotations

import base64

import jwt
import pytest
from jwt.algorithms import RSAAlgorithm

from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, running_emulator
from tests.support import WallClock, bearer, token_form

BAD_CREDENTIALS = "Invalid client or Invalid client credentials"


def test_token_success_has_the_documented_fields(emu, http):
    response = http.post(emu.token_url, data=token_form(audience="https://api.matillion.com"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {"access_token", "expires_in", "refresh_expires_in", "token_type", "not-before-policy", "scope"}
    assert body["expires_in"] == 1800 and isinstance(body["expires_in"], int)
    assert (body["refresh_expires_in"], body["token_type"], body["not-before-policy"], body["scope"]) == (
        0,
        "Bearer",
        0,
        "pipeline-execution",
    )
    assert body["access_token"].startswith("eyJ")


def test_expires_in_follows_the_configured_lifetime(http):
    with running_emulator(EmulatorConfig(projects=1, token_lifetime=7200.0)) as emu:
        assert http.post(emu.token_url, data=token_form()).json()["expires_in"] == 7200


def test_audience_is_optional(emu, http):
    response = http.post(emu.token_url, data=token_form())
    assert response.status_code == 200
    assert (
        http.get(
            emu.api_base + "/v1/projects", headers={"Authorization": "Bearer " + response.json()["access_token"]}
        ).status_code
        == 200
    )


def test_client_credentials_in_http_basic_are_accepted(emu, http):
    response = http.post(
        emu.token_url, data={"grant_type": "client_credentials"}, auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
    )
    assert response.status_code == 200
    wrong = http.post(emu.token_url, data={"grant_type": "client_credentials"}, auth=(DEMO_CLIENT_ID, "nope"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "unauthorized_client"


@pytest.mark.parametrize(
    "form, status, error, description",
    [
        (token_form(client_id="nobody"), 401, "invalid_client", BAD_CREDENTIALS),
        (token_form(secret="wrong-secret"), 401, "unauthorized_client", BAD_CREDENTIALS),
        (token_form(secret=""), 401, "unauthorized_client", BAD_CREDENTIALS),
        (
            {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
            400,
            "invalid_request",
            "Missing form parameter: grant_type",
        ),
        (token_form() | {"grant_type": "password"}, 400, "unsupported_grant_type", "Unsupported grant_type"),
        ({"grant_type": "client_credentials"}, 400, "invalid_client", "Missing client_id parameter"),
        (
            token_form(audience="https://evil.example"),
            400,
            "invalid_request",
            "Requested audience not available: https://evil.example",
        ),
    ],
    ids=[
        "unknown-client",
        "wrong-secret",
        "empty-secret",
        "no-grant-type",
        "wrong-grant-type",
        "no-client-id",
        "wrong-audience",
    ],
)
def test_token_errors_have_keycloak_shapes(emu, http, form, status, error, description):
    response = http.post(emu.token_url, data=form)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"error": error, "error_description": description}


def test_a_json_body_is_not_a_form(emu, http):
    response = http.post(emu.token_url, json=token_form())
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_get_on_the_token_endpoint_is_405(emu, http):
    response = http.get(emu.token_url)
    assert response.status_code == 405
    assert response.json()["status"] == 405


def test_jwt_claims_and_signature_verify_with_the_published_key(emu, http):
    token = http.post(emu.token_url, data=token_form()).json()["access_token"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256" and header["typ"] == "JWT" and len(header["kid"]) == 43
    jwks = http.get(emu.base_url + "/realms/dpc/protocol/openid-connect/certs").json()
    (jwk,) = jwks["keys"]
    assert jwk["kid"] == header["kid"]
    public_key = RSAAlgorithm.from_jwk(jwk)
    claims = jwt.decode(
        token,
        public_key,
        algorithms=["RS256"],
        audience="https://api.matillion.com",
        issuer=emu.base_url + "/realms/dpc",
    )
    assert claims["azp"] == DEMO_CLIENT_ID
    assert claims["scope"] == "pipeline-execution"
    assert claims["exp"] - claims["iat"] == 1800
    assert claims["jti"] and claims["sub"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"),
            public_key,
            algorithms=["RS256"],
            audience="https://api.matillion.com",
        )


def test_every_token_is_unique(emu):
    assert emu.issue_token() != emu.issue_token()


def test_api_without_a_token_is_401_problem(emu, http):
    response = http.get(emu.api_base + "/v1/projects")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    problem = response.json()
    assert problem["status"] == 401 and "Authorization: Bearer" in problem["detail"]
    assert problem["instance"] == "/dpc/v1/projects"


@pytest.mark.parametrize(
    "value", ["Bearer garbage", "Basic " + base64.b64encode(b"a:b").decode(), "Bearer", "Token abc"]
)
def test_api_refuses_malformed_authorization(emu, http, value):
    response = http.get(emu.api_base + "/v1/projects", headers={"Authorization": value})
    assert response.status_code == 401
    assert response.json()["title"] in {"Invalid access token", "Missing bearer token"}


def test_a_token_signed_by_another_key_is_refused(emu, http):
    from cryptography.hazmat.primitives.asymmetric import rsa

    real = jwt.decode(emu.issue_token(), options={"verify_signature": False})
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(real, other_key, algorithm="RS256")
    response = http.get(emu.api_base + "/v1/projects", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.json()["title"] == "Invalid access token"


def test_a_token_from_another_emulator_is_refused(emu, http):
    with running_emulator(EmulatorConfig(projects=1)) as other:
        foreign = other.issue_token()
    response = http.get(emu.api_base + "/v1/projects", headers={"Authorization": f"Bearer {foreign}"})
    assert response.status_code == 401
    assert "issuer" in response.json()["detail"].lower()


def test_expired_token_is_refused_on_the_injected_clock(http):
    clock = WallClock()
    with running_emulator(EmulatorConfig(projects=3, wall_clock=clock, token_lifetime=1800)) as emu:
        headers = bearer(emu)
        url = emu.api_base + "/v1/projects"
        clock.now += 1799
        assert http.get(url, headers=headers).status_code == 200
        clock.now += 1
        response = http.get(url, headers=headers)
        assert response.status_code == 401
        problem = response.json()
        assert problem["title"] == "Access token expired"
        assert "request a new one" in problem["detail"]
        assert http.get(url, headers=bearer(emu)).status_code == 200  # a fresh token works


def test_revoke_all_tokens_then_restore_clients(emu, http):
    old = bearer(emu)
    url = emu.api_base + "/v1/projects"
    assert http.get(url, headers=old).status_code == 200
    emu.revoke_all_tokens()
    revoked = http.get(url, headers=old)
    assert revoked.status_code == 401 and revoked.json()["title"] == "Access token revoked"
    refused = http.post(emu.token_url, data=token_form())
    assert refused.status_code == 401
    assert refused.json() == {"error": "unauthorized_client", "error_description": BAD_CREDENTIALS}
    emu.restore_clients()
    fresh = http.post(emu.token_url, data=token_form())
    assert fresh.status_code == 200
    assert http.get(url, headers={"Authorization": "Bearer " + fresh.json()["access_token"]}).status_code == 200
    assert http.get(url, headers=old).status_code == 401  # restoring clients does not revive old tokens


def test_revoke_without_rejecting_clients_lets_them_log_in_again(emu, http):
    old = bearer(emu)
    emu.revoke_all_tokens(reject_clients=False)
    assert http.get(emu.api_base + "/v1/projects", headers=old).status_code == 401
    assert http.post(emu.token_url, data=token_form()).status_code == 200


def test_stats_count_token_and_api_requests(emu, http):
    emu.stats.reset()
    token = http.post(emu.token_url, data=token_form()).json()["access_token"]
    for page in range(3):
        http.get(emu.api_base + "/v1/projects", params={"page": page}, headers={"Authorization": f"Bearer {token}"})
    http.get(emu.api_base + "/v1/agents", headers={"Authorization": f"Bearer {token}"})
    emu.issue_token()  # the convenience path is not a request
    assert emu.stats.token_requests == 1
    assert emu.stats.api_requests == 4
    assert emu.stats.requests_by_path["/dpc/v1/projects"] == 3
    assert emu.stats.requests_by_path["/oauth/dpc/token"] == 1


def test_issue_token_needs_a_started_emulator():
    from maia_tui.emulator import Emulator

    with pytest.raises(RuntimeError, match="start the emulator"):
        Emulator(EmulatorConfig(projects=1)).issue_token()


def test_a_second_client_is_supported(http):
    config = EmulatorConfig(projects=1, clients={"ci": "s3cret", DEMO_CLIENT_ID: DEMO_CLIENT_SECRET})
    with running_emulator(config) as emu:
        body = http.post(emu.token_url, data=token_form("ci", "s3cret")).json()
        assert jwt.decode(body["access_token"], options={"verify_signature": False})["azp"] == "ci"
        headers = {"Authorization": "Bearer " + body["access_token"]}
        assert http.get(emu.api_base + "/v1/agents", headers=headers).status_code == 200
