"""Small helpers shared by tests: waiting on a condition, and looking for leaked secrets."""

from __future__ import annotations

import asyncio
import io
import os
import time
from collections.abc import Callable

from rich.console import Console
from rich.traceback import Traceback

# A hang guard, not a budget: a wait ends as soon as its condition holds, and only a condition
# that never comes waits this long. It is far above what any load makes a real wait take, and
# below pytest-timeout's 60 s so the message names what never happened.
HANG_GUARD = float(os.environ.get("MAIA_TEST_HANG_GUARD", "30"))  # scripts/mutation.sh sets 5: mutants hang often

SLICE = 6  # any run of this many characters of a secret counts as a leak
UNLIMITED = 10_000  # render at this width so nothing is cut with "…" before it is checked
JWT_PREFIX = "eyJ"  # every JWT starts with base64 '{"'

# The demo secret ("demo-secret-change-me") is made of words that honest text holds ("secret",
# "change"), so a 6-character search for it cannot work. Leak tests sign in as this client,
# whose secret shares no 6-character run with English, our code or a JWT.
PROBE_CLIENT_ID = "leak-probe"
PROBE_SECRET = "Zq4W-x9kT-rVb7-mPy2J"


async def eventually(predicate: Callable[[], bool], timeout: float = HANG_GUARD, what: str = "condition") -> None:
    """Poll until `predicate()` holds: background work over real loopback HTTP needs a moment.
    `timeout` only guards against a hang (see HANG_GUARD); it never decides a pass."""
    deadline = time.monotonic() + max(timeout, HANG_GUARD)
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {HANG_GUARD:.0f}s and never saw {what}")
        await asyncio.sleep(0.01)


async def settle(rounds: int = 50) -> None:
    """Let every task that is ready run (no real time passes, no I/O is awaited): after a
    FakeClock.advance, what the new time wakes has run by the end of this."""
    for _ in range(rounds):
        await asyncio.sleep(0)


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
    return console.file.getvalue()  # type: ignore[attr-defined]


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


def assert_no_slice(text: str, *secrets: str, where: str = "the output") -> None:
    """No 6-character run of any secret or token appears in `text`."""
    found = leaked(text, *secrets)
    assert not found, f"{where} shows part of a secret or token: {found[:3]}"
