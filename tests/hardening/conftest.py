from __future__ import annotations

import asyncio
import html
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import trustme
from rich.cells import cell_len
from textual.pilot import Pilot

from maia_tui.api.auth import Backoff
from maia_tui.api.clock import FakeClock
from maia_tui.emulator import Emulator, EmulatorConfig, running_emulator
from maia_tui.ui.app import MaiaApp

# The UI tests' guards apply to the app-level tests here too: their own config file, no MAIA_*
# variables, an in-memory keyring (autouse fixtures, imported so pytest sees them).
from tests.helpers import HANG_GUARD
from tests.notices import record_notifications  # noqa: F401  (autouse: notifications(app) in tests)
from tests.ui.conftest import config_file, demo_defaults, memory_keyring  # noqa: F401


@pytest.fixture(autouse=True)
def _no_secret_in_logs(no_secret_in_logs):  # type: ignore[no-untyped-def]
    """Every test here runs with DEBUG logging, and no record may hold the secret or a token."""
    yield


@pytest.fixture(scope="module")
def https_emulator(tmp_path_factory):  # type: ignore[no-untyped-def]
    """An HTTPS emulator whose certificate comes from a trustme CA nobody trusts by default;
    yields the emulator and the path of that CA's PEM bundle."""
    folder = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    server.private_key_pem.write_to_path(str(folder / "key.pem"))
    server.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    with running_emulator(
        EmulatorConfig(projects=30), ssl_certfile=str(folder / "cert.pem"), ssl_keyfile=str(folder / "key.pem")
    ) as emu:
        yield emu, str(folder / "ca.pem")


class NoWait:
    """Stands in for the client's retry sleep (429 waits, quick retries): records the wait and
    only yields to the loop, so a storm of `Retry-After: 1` costs no real seconds."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def no_wait() -> NoWait:
    return NoWait()


@pytest.fixture
def start_emulator(clock: FakeClock) -> Iterator[Callable[..., Emulator]]:
    """Emulators for app-level tests; their tokens expire on the test's FakeClock, so the
    emulator itself refuses a token the app should not have sent."""
    started: list[Emulator] = []

    def start(**config: object) -> Emulator:
        config.setdefault("wall_clock", lambda: clock.now().timestamp())
        config.setdefault("clock", clock)  # the account moves with the test's FakeClock too
        emu = Emulator(EmulatorConfig(**config)).start()  # type: ignore[arg-type]
        started.append(emu)
        return emu

    yield start
    for emu in started:
        emu.stop()


@pytest.fixture
def hardened_app(clock: FakeClock, no_wait: NoWait) -> Callable[..., MaiaApp]:
    """The demo app against `emu`, with the FakeClock, no real retry waits and backoffs
    without jitter (override any client option)."""

    def make(emu: Emulator, client_options: dict[str, object] | None = None, **defaults: object) -> MaiaApp:
        options: dict[str, object] = {
            "retry_sleep": no_wait,
            "backoff": Backoff(base=1.0, cap=60.0, rng=lambda: 0.5),
            "reconnect_backoff": Backoff(base=1.0, cap=30.0, rng=lambda: 0.5),
        }
        options.update(client_options or {})
        return MaiaApp(demo_defaults(emu, **defaults), clock=clock, cursor_blink=False, client_options=options)

    return make


async def advance_until(
    pilot: Pilot,
    clock: FakeClock,
    predicate: Callable[[], object],
    what: str,
    *,
    step: float = 1.0,
    timeout: float = HANG_GUARD,
) -> float:
    """Move the fake clock in steps (letting real loopback I/O run between them) until
    `predicate` holds. The clock never moves once `predicate` holds: it is checked right
    before each step. Returns the fake seconds it took; the real-time bound is a hang guard."""
    deadline = time.monotonic() + max(timeout, HANG_GUARD)
    moved = 0.0
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {HANG_GUARD:.0f}s (fake clock +{moved:.0f}s) and never saw {what}")
        clock.advance(step)
        moved += step
        await pilot.pause(0.02)
    return moved


SVG_TEXT = re.compile(r'<text [^>]*\bx="([0-9.]+)"[^>]*clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>')
CELL_WIDTH = 20 * 0.61  # Rich's export_svg: 20 px characters with aspect ratio 0.61


def screen_text(app: MaiaApp) -> str:
    """The whole screen as plain text, read back from the public `App.export_screenshot` (each
    run of text in the SVG is placed at its cell; the blank runs Rich leaves out become spaces)."""
    width, height = app.size
    rows: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for x, row, text in SVG_TEXT.findall(app.export_screenshot()):
        rows[int(row)].append((round(float(x) / CELL_WIDTH), html.unescape(text).replace("\xa0", " ")))
    lines = []
    for runs in rows:
        line = ""
        for column, text in sorted(runs):
            line += " " * max(0, column - cell_len(line)) + text
        lines.append(line + " " * max(0, width - cell_len(line)))
    return "\n".join(lines)


@dataclass(frozen=True)
class TokenCheck:
    """One bearer token the emulator checked on an API request, as the emulator judged it."""

    at: float  # the test's fake monotonic time
    status: int  # 200 when accepted, else the 401 the API answered
    title: str


def watch_token_checks(emu: Emulator, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> list[TokenCheck]:
    """Record every token check the emulator makes (its verdict, not the client's)."""
    from maia_tui.emulator.problems import Problem

    checks: list[TokenCheck] = []
    verify = emu.state.tokens.verify

    def checked(authorization: str | None) -> dict[str, object]:
        try:
            claims = verify(authorization)
        except Problem as problem:
            checks.append(TokenCheck(clock.monotonic(), problem.status, problem.title))
            raise
        checks.append(TokenCheck(clock.monotonic(), 200, "accepted"))
        return claims

    monkeypatch.setattr(emu.state.tokens, "verify", checked)
    return checks
