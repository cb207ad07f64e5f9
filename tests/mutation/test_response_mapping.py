"""How each HTTP answer becomes an error (maia_tui/api/responses.py), one answer at a time.

The answers are built as a server sends them (status, headers, bytes); the expected class,
words and fields are written out here, from the API contract (docs/maia-api.md §3: OAuth errors,
RFC 7807 problems, Retry-After in seconds) and the messages a person reads. These tests were
written to kill the mutants `scripts/mutation.sh` found surviving."""

from __future__ import annotations

import json
import ssl
from datetime import UTC, datetime

import httpx
import pytest

from maia_tui.api.errors import (
    BadRequest,
    CredentialsRefused,
    Forbidden,
    InvalidResponse,
    NetworkError,
    NotFound,
    RateLimited,
    RequestTimeout,
    ServerError,
    TLSError,
    Unauthorized,
)
from maia_tui.api.responses import api_error, json_body, retry_after_seconds, token_error, transport_error

API = "https://eu1.api.matillion.com/dpc/v1/projects?page=2"
TOKEN = "https://id.core.matillion.com/oauth/dpc/token"


def answer(status: int, body: object = None, *, url: str = API, method: str = "GET", **headers: str) -> httpx.Response:
    """An HTTP answer as it comes off the wire: a JSON body unless bytes or None are given."""
    content = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
    if isinstance(body, (dict, list)):
        headers.setdefault("content_type", "application/problem+json")
    wire = {k.replace("_", "-"): v for k, v in headers.items()}
    return httpx.Response(status, headers=wire, content=content, request=httpx.Request(method, url))


# ----- json_body ---------------------------------------------------------------------------


def test_json_body_decodes_an_object():
    assert json_body(answer(200, {"page": 0, "results": []})) == {"page": 0, "results": []}


def test_json_body_names_an_empty_body_with_its_status():
    with pytest.raises(InvalidResponse) as caught:
        json_body(answer(200, None))
    assert caught.value.message == "eu1.api.matillion.com answered HTTP 200 with an empty body"
    assert caught.value.host == "eu1.api.matillion.com"


@pytest.mark.parametrize(
    ("content_type", "named"),
    [("text/html; charset=utf-8", "text/html"), (None, "no content type"), ("application/json", "application/json")],
)
def test_json_body_names_what_came_instead_of_json(content_type, named):
    headers = {"content_type": content_type} if content_type else {}
    with pytest.raises(InvalidResponse) as caught:
        json_body(answer(200, b"<html>captive portal</html>", **headers))
    assert caught.value.message == f"eu1.api.matillion.com answered HTTP 200 with {named} that is not valid JSON"
    assert caught.value.host == "eu1.api.matillion.com"


def test_json_body_refuses_bytes_that_are_not_utf8():
    with pytest.raises(InvalidResponse, match="not valid JSON"):
        json_body(answer(200, b"\xff\xfe{", content_type="application/json"))


# ----- the server's own words ------------------------------------------------------------------


def test_a_problem_documents_title_and_detail_become_the_detail_in_order():
    error = api_error(answer(400, {"title": "Bad Request", "detail": "size must be at most 100", "status": 400}))
    assert isinstance(error, BadRequest)
    assert error.detail == "Bad Request — size must be at most 100"


def test_an_oauth_error_description_comes_first_and_repeats_are_dropped():
    body = {"error": "invalid_request", "error_description": "Missing audience", "title": "Missing audience"}
    error = token_error(answer(400, body, url=TOKEN, method="POST"))
    assert error.detail == "Missing audience"


def test_violations_are_listed_after_the_title_at_most_five():
    body = {"title": "Constraint Violation", "violations": [f"field {i} is wrong" for i in range(7)]}
    error = api_error(answer(400, body))
    assert error.detail == "Constraint Violation — " + " — ".join(f"field {i} is wrong" for i in range(5))


def test_non_string_fields_are_not_the_servers_words():
    error = api_error(answer(500, {"title": 500, "detail": "", "error_description": None}))
    assert isinstance(error, ServerError) and error.detail is None


@pytest.mark.parametrize(
    ("body", "headers", "detail"),
    [
        (
            b"<html>Bad gateway</html>",
            {"content_type": "text/html"},
            "(the server sent text/html, not JSON: a proxy may have answered)",
        ),
        (
            b"<html>Bad gateway</html>",
            {"content_type": "text/html; charset=utf-8"},
            "(the server sent text/html, not JSON: a proxy may have answered)",
        ),
        (b"not json", {"content_type": "application/json"}, None),
        (b"", {}, None),
        (b"[1, 2]", {"content_type": "application/json"}, None),
        (b"\xff\xfe", {"content_type": "application/json"}, None),
    ],
    ids=["html", "html-charset", "json-type-not-json", "empty", "json-array", "not-utf8"],
)
def test_an_answer_without_a_json_object_explains_itself_or_adds_nothing(body, headers, detail):
    error = api_error(answer(502, body, **headers))
    assert isinstance(error, ServerError)
    assert error.detail == detail


# ----- api_error: one class and message per status --------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind", "message"),
    [
        (401, Unauthorized, "eu1.api.matillion.com refused the access token (HTTP 401)"),
        (403, Forbidden, "eu1.api.matillion.com refused access to GET /dpc/v1/projects (HTTP 403)"),
        (404, NotFound, "eu1.api.matillion.com found nothing at GET /dpc/v1/projects (HTTP 404)"),
        (429, RateLimited, "eu1.api.matillion.com kept rate-limiting GET /dpc/v1/projects (HTTP 429)"),
        (400, BadRequest, "eu1.api.matillion.com rejected GET /dpc/v1/projects (HTTP 400)"),
        (409, BadRequest, "eu1.api.matillion.com rejected GET /dpc/v1/projects (HTTP 409)"),
        (499, BadRequest, "eu1.api.matillion.com rejected GET /dpc/v1/projects (HTTP 499)"),
        (500, ServerError, "eu1.api.matillion.com failed on GET /dpc/v1/projects (HTTP 500)"),
        (503, ServerError, "eu1.api.matillion.com failed on GET /dpc/v1/projects (HTTP 503)"),
        (302, InvalidResponse, "eu1.api.matillion.com answered GET /dpc/v1/projects with unexpected HTTP 302"),
        (399, InvalidResponse, "eu1.api.matillion.com answered GET /dpc/v1/projects with unexpected HTTP 399"),
    ],
)
def test_each_status_becomes_its_error_naming_host_method_and_path(status, kind, message):
    error = api_error(answer(status, {"title": "Said the server"}))
    assert type(error) is kind
    assert error.message == message
    assert error.status == status and error.host == "eu1.api.matillion.com" and error.detail == "Said the server"


def test_a_429_error_carries_the_servers_retry_after():
    error = api_error(answer(429, {"title": "Too Many Requests"}, retry_after="17"))
    assert isinstance(error, RateLimited) and error.retry_after == 17.0


def test_a_detail_given_by_the_caller_wins():
    error = api_error(answer(500, {"title": "ignored"}), detail="the caller's words")
    assert error.detail == "the caller's words"


# ----- Retry-After (delay-seconds) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        ("0.5", 0.5),
        ("0", 0.0),
        ("-3", None),  # not delay-seconds (RFC 9110 §10.2.3): unreadable, the caller's fallback applies
        ("soon", None),
        (None, None),
        ("Thu, 15 Jan 2026 09:30:07 GMT", 7.0),
        ("Thu, 15 Jan 2026 09:29:00 GMT", 0.0),
    ],
)
def test_retry_after_seconds(header, seconds):
    headers = {"retry_after": header} if header is not None else {}
    now = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
    assert retry_after_seconds(answer(429, None, **headers), now) == seconds


def test_an_http_date_is_read_against_the_wall_clock_when_no_time_is_given():
    # 2015 is in the past of any wall clock: wait 0, not a failure to compare the two times.
    assert retry_after_seconds(answer(429, None, retry_after="Wed, 21 Oct 2015 07:28:00 GMT")) == 0.0


# ----- token_error -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "oauth_error"),
    [
        (401, "invalid_client"),
        (401, None),
        (400, "invalid_client"),
        (400, "unauthorized_client"),
        (403, "invalid_grant"),
    ],
)
def test_a_refused_credential_is_credentials_refused(status, oauth_error):
    body = {"error_description": "Invalid client or Invalid client credentials"}
    if oauth_error:
        body["error"] = oauth_error
    error = token_error(answer(status, body, url=TOKEN, method="POST", content_type="application/json"))
    assert type(error) is CredentialsRefused
    assert error.message == f"id.core.matillion.com refused the credentials (HTTP {status})"
    assert error.status == status and error.host == "id.core.matillion.com"
    assert error.detail == "Invalid client or Invalid client credentials"


@pytest.mark.parametrize("oauth_error", ["invalid_request", "unsupported_grant_type", 17, ["invalid_client"]])
def test_other_oauth_errors_are_not_a_refused_credential(oauth_error):
    error = token_error(answer(400, {"error": oauth_error}, url=TOKEN, method="POST"))
    assert type(error) is BadRequest
    assert error.message == "id.core.matillion.com rejected POST /oauth/dpc/token (HTTP 400)"


def test_no_token_endpoint_says_to_check_the_token_url():
    error = token_error(answer(404, {"title": "Not Found"}, url="https://id.example.com/wrong/token", method="POST"))
    assert type(error) is NotFound
    assert error.message == "id.example.com has no token endpoint at /wrong/token (HTTP 404)"
    assert error.hint == "Check the token URL" and error.status == 404 and error.host == "id.example.com"
    assert error.detail == "Not Found"


def test_a_failing_identity_service_is_a_server_error_with_its_words():
    error = token_error(answer(503, {"title": "Unavailable"}, url=TOKEN, method="POST"))
    assert type(error) is ServerError and error.detail == "Unavailable" and error.status == 503


# ----- transport_error ------------------------------------------------------------------------------


def failed(error: httpx.TransportError, cause: BaseException | None = None) -> httpx.TransportError:
    """`error` as httpx raises it: from inside an except block, with its cause chained."""
    try:
        try:
            raise cause or RuntimeError("below")
        except BaseException as inner:
            raise error from inner if cause is not None else None
    except httpx.TransportError as raised:
        return raised


def test_a_certificate_that_does_not_verify_is_named_with_the_reason():
    cause = ssl.SSLCertVerificationError(1, "certificate verify failed")
    cause.verify_message = "self-signed certificate"
    error = transport_error(failed(httpx.ConnectError("handshake"), cause), httpx.URL(API))
    assert type(error) is TLSError
    assert error.message == "Could not verify the TLS certificate of eu1.api.matillion.com"
    assert error.detail == "self-signed certificate" and error.host == "eu1.api.matillion.com"


def test_another_tls_failure_is_named_with_its_reason():
    cause = ssl.SSLError(1, "wrong version number")
    cause.reason = "WRONG_VERSION_NUMBER"
    error = transport_error(failed(httpx.ConnectError("handshake"), cause), httpx.URL(API))
    assert type(error) is TLSError
    assert error.message == "TLS with eu1.api.matillion.com failed" and error.detail == "WRONG_VERSION_NUMBER"
    assert error.host == "eu1.api.matillion.com"


def test_a_certificate_failure_without_a_verify_message_shows_the_error_itself():
    cause = ssl.SSLCertVerificationError(1, "certificate verify failed")
    cause.verify_message = ""
    error = transport_error(failed(httpx.ConnectError("handshake"), cause), httpx.URL(API))
    assert type(error) is TLSError and error.detail == str(cause) == "certificate verify failed"


@pytest.mark.parametrize(
    ("raised", "kind", "message", "detail"),
    [
        (httpx.ReadTimeout("slow"), RequestTimeout, "eu1.api.matillion.com did not answer in time (ReadTimeout)", None),
        (
            httpx.ConnectTimeout("slow"),
            RequestTimeout,
            "eu1.api.matillion.com did not answer in time (ConnectTimeout)",
            None,
        ),
        (httpx.ProxyError("407"), NetworkError, "The proxy refused the connection to eu1.api.matillion.com", "407"),
        (httpx.ConnectError("refused"), NetworkError, "Could not connect to eu1.api.matillion.com", "refused"),
        (httpx.ConnectError(""), NetworkError, "Could not connect to eu1.api.matillion.com", None),
        (
            httpx.RemoteProtocolError("peer closed"),
            NetworkError,
            "The connection to eu1.api.matillion.com was dropped",
            "peer closed",
        ),
        (httpx.ReadError(""), NetworkError, "The connection to eu1.api.matillion.com was dropped", None),
    ],
)
def test_each_transport_failure_is_named(raised, kind, message, detail):
    error = transport_error(failed(raised), httpx.URL(API))
    assert type(error) is kind
    assert error.message == message and error.detail == detail and error.host == "eu1.api.matillion.com"


def test_without_a_url_the_host_comes_from_the_request_or_is_the_server():
    with_request = httpx.ConnectError("refused", request=httpx.Request("GET", "https://us1.api.matillion.com/x"))
    assert transport_error(with_request).host == "us1.api.matillion.com"
    assert transport_error(with_request).message == "Could not connect to us1.api.matillion.com"
    assert transport_error(httpx.ConnectError("refused")).message == "Could not connect to the server"
    assert transport_error(httpx.ConnectError("refused")).host == "the server"
