"""Looking for leaked secrets: the one `assert_no_secret`, text rendered at unlimited width, and
the fixture that checks every log record of a test."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from rich.console import Console
from rich.traceback import Traceback

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import Token

SLICE = 6  # any run of this many characters of a secret counts as a leak
UNLIMITED = 10_000  # render at this width so nothing is cut with "…" before it is checked
JWT_PREFIX = "eyJ"  # every JWT starts with base64 '{"'

# The demo secret ("demo-secret-change-me") is made of words that honest text holds ("secret",
# "change"), so a 6-character search for it cannot work. Leak tests sign in as this client,
# whose secret shares no 6-character run with English, our code or a JWT.
PROBE_CLIENT_ID = "leak-probe"
PROBE_SECRET = "Zq4W-x9kT-rVb7-mPy2J"


def slices(secret: str, size: int = SLICE) -> set[str]:
    """Every `size`-character run of `secret` (the whole of it when shorter)."""
    if len(secret) <= size:
        return {secret} if secret else set()
    return {secret[i : i + size] for i in range(len(secret) - size + 1)}


def leaked(text: str, *secrets: str) -> list[str]:
    """The runs of any secret found in `text` (empty when clean)."""
    return sorted({piece for secret in secrets if secret for piece in slices(secret) if piece in text})


def assert_no_secret(text: str, *secrets: str, what: str = "the output") -> None:
    """Neither any secret nor any 6-character run of one, nor a JWT's opening, is in `text`.
    Render `text` at unlimited width first (see `render`), or a cut line hides most of a leak."""
    found = leaked(text, *secrets)
    assert not found, f"{len(found)} runs of a secret in {what}, e.g. {found[0][:2]}…"
    assert JWT_PREFIX not in text, f"something that looks like an access token is in {what}"


def render(renderable: object) -> str:
    """Plain text of a Rich renderable at unlimited width: no line is cut with "…"."""
    console = Console(file=io.StringIO(), width=UNLIMITED, color_system=None, soft_wrap=False)
    console.print(renderable)
    # Panels pad every line to the full width: 10,000 spaces a line made each search for a
    # secret's runs walk megabytes. A secret's run is not made of trailing spaces.
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())  # type: ignore[attr-defined]


def unlimited_console() -> tuple[Console, io.StringIO]:
    """A console (and its buffer) that prints at unlimited width, e.g. as an app's error console."""
    out = io.StringIO()
    return Console(file=out, width=UNLIMITED, color_system=None, force_terminal=False, soft_wrap=False), out


def render_traceback(error: BaseException, *, tb: object = None, show_locals: bool = True, **options: object) -> str:
    """A crash as Rich prints it, every frame's locals included, at unlimited width."""
    options.setdefault("width", UNLIMITED)
    trace = Traceback.from_exception(
        type(error),
        error,
        tb if tb is not None else error.__traceback__,
        show_locals=show_locals,
        **options,  # type: ignore[arg-type]
    )
    return render(trace)


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Everything logged at DEBUG by any logger (ours, httpx, httpcore) during the test."""
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.fixture
def no_secret_in_logs(caplog: pytest.LogCaptureFixture, demo_credentials: tuple[str, str]) -> Iterator[None]:
    """DEBUG logging on for the test, and afterwards no record (message or attached traceback)
    may hold a 6-character run of the probe secret, the whole demo secret (its runs are English
    words), nor anything that looks like a token."""
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += render_traceback(record.exc_info[1], show_locals=False)
        assert demo_credentials[1] not in text, f"the demo secret logged by {record.name}"
        assert_no_secret(text, PROBE_SECRET, what=f"a log record of {record.name}")


@pytest.fixture
def tokens(monkeypatch: pytest.MonkeyPatch) -> list[Token]:
    """Every token any client obtains during the test, to prove no piece of one is shown."""
    issued: list[Token] = []
    original = MaiaClient.login

    async def spy(self: MaiaClient) -> Token:
        token = await original(self)
        issued.append(token)
        return token

    monkeypatch.setattr(MaiaClient, "login", spy)
    return issued
