"""The client secret and the access token never show: not in repr, logs, errors or tracebacks."""

from __future__ import annotations

import asyncio
import pickle

import httpx
import pytest

from maia_tui.api.client import MaiaClient
from maia_tui.api.errors import MaiaError
from maia_tui.api.secret import Secret
from tests.support import assert_no_secret, render, render_traceback


def test_secret_masks_itself_everywhere():
    secret = Secret("Zq4W-x9kT-rVb7-mPy2J")
    shown = [repr(secret), str(secret), f"{secret}", f"{secret!r}", f"{secret}", format(secret, ">40"), render(secret)]
    assert_no_secret("\n".join(shown), "Zq4W-x9kT-rVb7-mPy2J")
    assert secret.fingerprint.startswith("sha256:")
    assert secret.reveal() == "Zq4W-x9kT-rVb7-mPy2J"
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    with pytest.raises(AttributeError):
        secret._value = "x"  # type: ignore[misc]


def _render_traceback(error: BaseException) -> str:
    """As Textual prints a crash: every frame with its local variables, from the client's
    frames down (the test's own frame holds the demo secret as a fixture value), at unlimited
    width so no line is cut short before it is searched."""
    below_test = error.__traceback__.tb_next  # type: ignore[union-attr]
    return render_traceback(error, tb=below_test, locals_max_length=10, locals_max_string=2000)


class _Crash(httpx.AsyncBaseTransport):
    """Lets the token request through to the emulator, then crashes inside an API request."""

    def __init__(self, inner: httpx.AsyncBaseTransport, crash_on: str) -> None:
        self.inner, self.crash_on = inner, crash_on

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.crash_on in request.url.path:
            raise RuntimeError("simulated crash inside a request")
        return await self.inner.handle_async_request(request)


@pytest.mark.parametrize("crash_on", ["/oauth/dpc/token", "/v1/projects"])
async def test_a_crash_traceback_with_locals_shows_neither_secret_nor_token(endpoints, probe_credentials, crash_on):
    transport = _Crash(httpx.AsyncHTTPTransport(), crash_on)
    client = MaiaClient(endpoints, probe_credentials[0], Secret(probe_credentials[1]), transport=transport)
    async with client:
        if crash_on != "/oauth/dpc/token":
            await client.login()
        with pytest.raises(RuntimeError) as caught:
            await client.login() if crash_on == "/oauth/dpc/token" else await client.list_projects()
        token = client.tokens.token
        text = _render_traceback(caught.value)
    assert "simulated crash" in text
    assert "─ locals ─" in text and "maia_tui/api/" in text  # the client's own frames were rendered
    assert "…" not in text  # nothing was cut short
    if crash_on == "/oauth/dpc/token":
        assert "body = <form body, secret masked>" in text  # the form was on the stack, masked
    assert_no_secret(text, probe_credentials[1], *([token.access_token.reveal()] if token else []))


async def test_no_error_text_holds_the_secret_or_token(make_client, emulator, probe_credentials):
    """Run every failure the emulator can produce and read each error's text and repr."""
    errors: list[BaseException] = []
    client = make_client(*reversed(probe_credentials), max_rate_limit_wait=1)
    token = await client.login()
    for knob, value in [
        ("server_error_share", 1.0),
        ("drop_share", 1.0),
        ("malformed", "html"),
        ("malformed", "truncated"),
        ("rate_limit_share", 1.0),
        ("wrong_region", True),
        ("forbidden", "role"),
    ]:
        setattr(emulator.faults, knob, value)
        try:
            await client.list_projects()
        except MaiaError as error:
            errors.append(error)
        setattr(emulator.faults, knob, type(value)())
    try:
        await make_client(probe_credentials[1] + "x", probe_credentials[0]).login()
    except MaiaError as error:
        errors.append(error)
    assert len(errors) == 8
    access = token.access_token.reveal()
    for error in errors:
        for text in (str(error), repr(error), str(error.detail), render_traceback(error, show_locals=False)):
            assert_no_secret(text, probe_credentials[1], access, what=type(error).__name__)
    assert_no_secret(repr(client) + repr(token), probe_credentials[1], access)


async def test_refresh_state_and_tokens_do_not_leak_via_repr(make_client, probe_credentials):
    client = make_client(*reversed(probe_credentials))
    token = await client.login()
    status = client.tokens.status()
    assert_no_secret(repr(status) + render(status), token.access_token.reveal(), what="the token status")
    await asyncio.sleep(0)
