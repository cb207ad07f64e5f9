"""The client secret and the access token never show: not in repr, logs, errors or tracebacks."""

from __future__ import annotations

import asyncio
import io
import pickle

import httpx
import pytest
from rich.console import Console
from rich.traceback import Traceback

from maia_tui.api.client import MaiaClient
from maia_tui.api.errors import MaiaError
from maia_tui.api.secret import Secret


def test_secret_masks_itself_everywhere():
    secret = Secret("hunter2-very-secret")
    shown = [repr(secret), str(secret), f"{secret}", f"{secret!r}", f"{secret}", format(secret, ">40")]
    assert all("hunter2" not in s for s in shown)
    assert secret.fingerprint.startswith("sha256:")
    assert secret.reveal() == "hunter2-very-secret"
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    with pytest.raises(AttributeError):
        secret._value = "x"  # type: ignore[misc]


def _render_traceback(error: BaseException) -> str:
    """As Textual prints a crash: every frame with its local variables, from the client's
    frames down (the test's own frame holds the demo secret as a fixture value)."""
    console = Console(file=io.StringIO(), width=200, color_system=None)
    below_test = error.__traceback__.tb_next  # type: ignore[union-attr]
    console.print(
        Traceback.from_exception(
            type(error), error, below_test, show_locals=True, locals_max_length=10, locals_max_string=2000
        )
    )
    return console.file.getvalue()  # type: ignore[attr-defined]


class _Crash(httpx.AsyncBaseTransport):
    """Lets the token request through to the emulator, then crashes inside an API request."""

    def __init__(self, inner: httpx.AsyncBaseTransport, crash_on: str) -> None:
        self.inner, self.crash_on = inner, crash_on

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.crash_on in request.url.path:
            raise RuntimeError("simulated crash inside a request")
        return await self.inner.handle_async_request(request)


@pytest.mark.parametrize("crash_on", ["/oauth/dpc/token", "/v1/projects"])
async def test_a_crash_traceback_with_locals_shows_neither_secret_nor_token(endpoints, demo_credentials, crash_on):
    transport = _Crash(httpx.AsyncHTTPTransport(), crash_on)
    client = MaiaClient(endpoints, demo_credentials[0], Secret(demo_credentials[1]), transport=transport)
    async with client:
        if crash_on != "/oauth/dpc/token":
            await client.login()
        with pytest.raises(RuntimeError) as caught:
            await client.login() if crash_on == "/oauth/dpc/token" else await client.list_projects()
        token = client.tokens.token
        text = _render_traceback(caught.value)
    assert "simulated crash" in text
    assert "─ locals ─" in text and "maia_tui/api/" in text  # the client's own frames were rendered
    assert demo_credentials[1] not in text
    if token is not None:
        assert token.access_token.reveal() not in text
    assert "eyJ" not in text


async def test_no_error_text_holds_the_secret_or_token(make_client, emulator, demo_credentials):
    """Run every failure the emulator can produce and read each error's text and repr."""
    errors: list[BaseException] = []
    client = make_client(max_rate_limit_wait=1)
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
        await make_client(secret=demo_credentials[1] + "x").login()
    except MaiaError as error:
        errors.append(error)
    assert len(errors) == 8
    for error in errors:
        for text in (str(error), repr(error), str(error.detail)):
            assert demo_credentials[1] not in text
            assert token.access_token.reveal() not in text
    assert demo_credentials[1] not in repr(client) and token.access_token.reveal() not in repr(token)


async def test_refresh_state_and_tokens_do_not_leak_via_repr(make_client):
    client = make_client()
    token = await client.login()
    status = client.tokens.status()
    assert token.access_token.reveal() not in repr(status)
    await asyncio.sleep(0)
