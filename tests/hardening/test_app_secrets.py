"""Secret hygiene in the app. Textual prints an unhandled exception as a rich Traceback with
every frame's locals, so a crash is forced inside the login flow and inside a request, and what
Textual prints is captured: neither the client secret nor an access token may appear in it.
Nor in DEBUG logs (the autouse guard of this folder), notifications, screenshots, the config
file, or the process's command line."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest
from textual.widgets import Checkbox, Input

from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from maia_tui.ui.launch import build_app
from maia_tui.ui.screens.login import LoginScreen
from maia_tui.ui.views.resource_list import ResourceList
from tests.support import (
    PROBE_CLIENT_ID,
    PROBE_SECRET,
    SIZE,
    assert_no_secret,
    log_in,
    notifications,
    render_traceback,
    screen_text,
    unlimited_console,
    wait_until,
)

# The app signs in as the probe client: its secret can be searched 6 characters at a time.
SECRET = PROBE_SECRET
PROBE = {"clients": {DEMO_CLIENT_ID: DEMO_CLIENT_SECRET, PROBE_CLIENT_ID: PROBE_SECRET}}
AS_PROBE = {"client_id": PROBE_CLIENT_ID, "secret": Secret(PROBE_SECRET)}
JWT = "eyJ"  # how every access token starts (base64 of '{"')
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def capture_crash_output(app) -> io.StringIO:  # type: ignore[no-untyped-def]
    """Where Textual prints the crash when the app exits (its error console), at unlimited
    width: a line cut with "…" could hide most of a secret from the search."""
    app.error_console, printed = unlimited_console()
    return printed


def full_traceback(error: BaseException) -> str:
    """The same traceback with nothing cut short (Textual shows 80 characters of a string and
    5 items of a container; here every local is shown whole)."""
    return render_traceback(error, locals_max_length=None, locals_max_string=None)


def assert_clean(text: str, *tokens: str) -> None:
    """No 6-character run of the secret or of any token, and nothing that looks like a JWT."""
    assert_no_secret(text, SECRET, *tokens)


class Exploding(httpx.AsyncBaseTransport):
    """The real transport, except that requests matching `when` raise a RuntimeError at the
    transport's door (the request as httpx hands it over: headers set, body not yet sent)."""

    def __init__(self, when) -> None:  # type: ignore[no-untyped-def]
        self._upstream = httpx.AsyncHTTPTransport()
        self._when = when

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._when(request):
            raise RuntimeError(f"transport exploded on {request.url.path}")
        return await self._upstream.handle_async_request(request)

    async def aclose(self) -> None:
        await self._upstream.aclose()


def reraise(self, worker, error) -> None:  # type: ignore[no-untyped-def]
    """Instead of showing a worker's failure, let it crash the app (as an unhandled bug would)."""
    raise error


async def test_a_crash_in_the_login_form_prints_no_secret(start_emulator, hardened_app, monkeypatch):
    emu = start_emulator(projects=10, **PROBE)
    app = hardened_app(emu, **AS_PROBE)
    printed = capture_crash_output(app)

    def explode(self) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("crashed while checking the URLs")

    monkeypatch.setattr(Endpoints, "check_secure", explode)
    with pytest.raises(RuntimeError, match="crashed while checking the URLs") as crash:
        async with app.run_test(size=SIZE) as pilot:
            app.screen.query_one("#secret", Input).focus()
            await pilot.press("enter")  # from the secret field, which holds the secret
            await pilot.pause()
    text = printed.getvalue()
    assert "Traceback" in text and "locals" in text and "crashed while checking the URLs" in text
    assert "action_submit" in text  # the login form's own frame is in it
    assert_clean(text)
    assert_clean(full_traceback(crash.value))
    assert app.return_code == 1


async def test_a_crash_inside_the_secret_field_prints_no_secret(start_emulator, hardened_app, monkeypatch):
    """Textual's Input holds the typed secret in plain str locals while it edits it. A bug in
    there (here: validation that cannot be called) must not print them."""
    emu = start_emulator(projects=10, **PROBE)
    app = hardened_app(emu, **AS_PROBE)
    printed = capture_crash_output(app)
    with pytest.raises(TypeError) as crash:
        async with app.run_test(size=SIZE) as pilot:
            secret_field = app.screen.query_one("#secret", Input)
            secret_field.focus()
            assert secret_field.value == SECRET
            monkeypatch.setattr(Input, "validate", None)  # the next edit of any Input fails inside Textual
            await pilot.press("end", "x")
            await pilot.pause()
    text = printed.getvalue()
    assert "Traceback" in text and "_watch_value" in text and "replace" in text  # Textual's frames, listed
    assert_clean(text)
    assert SECRET in full_traceback(crash.value)  # with every local shown, Input's frames would leak it


async def test_a_crash_inside_the_token_request_prints_no_secret(start_emulator, hardened_app, monkeypatch):
    emu = start_emulator(projects=10, **PROBE)
    transport = Exploding(lambda request: request.url.path.endswith("/token"))
    app = hardened_app(emu, client_options={"transport": transport}, **AS_PROBE)
    printed = capture_crash_output(app)
    monkeypatch.setattr(LoginScreen, "worker_failed", reraise)
    with pytest.raises(RuntimeError, match="transport exploded on /oauth/dpc/token") as crash:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.return_code is not None, "the crash")
    text = printed.getvalue()
    for frame in ("_sign_in", "TokenExchange", "handle_async_request"):  # from the form to the request
        assert frame in text or frame in full_traceback(crash.value), frame
    assert "form body, secret masked" in full_traceback(crash.value)  # the body was on the stack, masked
    assert_clean(text)
    assert_clean(full_traceback(crash.value))


async def test_a_crash_inside_an_api_request_prints_no_token(start_emulator, hardened_app, monkeypatch):
    emu = start_emulator(projects=140, **PROBE)
    transport = Exploding(lambda request: request.url.params.get("page") == "3")
    app = hardened_app(emu, client_options={"transport": transport}, **AS_PROBE)
    printed = capture_crash_output(app)
    monkeypatch.setattr(ResourceList, "failed_to_load", lambda self, error: reraise(self, None, error))
    with pytest.raises(RuntimeError, match="transport exploded on /dpc/v1/projects") as crash:
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot)
            token = app.session.client.tokens.token.access_token.reveal()
            await pilot.press("G")  # the last page (page=5): fine; then page=3 explodes
            await wait_until(
                pilot, lambda: "page 6 of 6" in str(app.screen.query_one("#projects-header").render()), "p6"
            )
            await pilot.press("p", "p")
            await wait_until(pilot, lambda: app.return_code is not None, "the crash")
    text = printed.getvalue()
    full = full_traceback(crash.value)
    assert "in _get" in full and "BearerAuth" in full  # the frames that handled the token
    assert "request = <Request('GET', 'http://127.0.0.1:" in full  # the request that carried it, shown masked
    assert_clean(text, token)
    assert_clean(full, token)


def args(**values: object) -> argparse.Namespace:
    base = dict(demo=False, region=None, api_url=None, token_url=None, ca_bundle=None, profile=None)
    base.update(values)
    return argparse.Namespace(**base)


async def test_no_secret_in_notifications_screenshots_or_the_config_file(
    start_emulator, config_file, clock, memory_keyring
):
    emu = start_emulator(projects=40, **PROBE)
    environ = {
        "MAIA_TUI_CONFIG": str(config_file),
        "MAIA_CLIENT_ID": PROBE_CLIENT_ID,
        "MAIA_API_URL": emu.api_base,
        "MAIA_TOKEN_URL": emu.token_url,
    }
    app = build_app(args(), environ, clock=clock, cursor_blink=False)
    tokens: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = app.login_screen
        await wait_until(pilot, lambda: screen.keyring_checked, "the keyring check")
        await pilot.press(*SECRET)
        screen.query_one("#remember", Checkbox).value = True
        login_shot = app.export_screenshot()  # the secret typed in, masked
        await log_in(pilot)
        tokens.append(app.session.client.tokens.token.access_token.reveal())
        await wait_until(pilot, lambda: config_file.exists() and memory_keyring.entries, "the profile saved")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: app.session.client.tokens.status().refreshes == 2, "a new token")
        tokens.append(app.session.client.tokens.token.access_token.reveal())
        await pilot.press("c")
        projects_shot, projects_text = app.export_screenshot(), screen_text(app)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "logged out")
        notes = [f"{n.title} {n.message}" for n in notifications(app)]

    assert SECRET in memory_keyring.entries.values()  # it was remembered, in the keyring only
    assert any("Remembered profile" in n for n in notes) and any("Token refreshed" in n for n in notes)
    assert "•" in login_shot or "●" in login_shot  # the masked field is in the screenshot
    for text in (*notes, login_shot, projects_shot, projects_text, config_file.read_text()):
        assert_clean(text, *tokens)


def test_the_published_screenshots_hold_no_secret():
    shots = sorted(SCREENSHOTS.glob("*.svg"))
    assert len(shots) >= 5
    for shot in shots:
        text = shot.read_text(encoding="utf-8")
        assert DEMO_CLIENT_SECRET not in text and JWT not in text, shot.name


def _cmdlines(pid: int) -> list[str]:
    """The command line of a process and all its descendants, as the kernel shows them."""
    process = psutil.Process(pid)
    lines = []
    for each in (process, *process.children(recursive=True)):
        with open(f"/proc/{each.pid}/cmdline", "rb") as handle:
            lines.append(handle.read().replace(b"\0", b" ").decode(errors="replace"))
    return lines


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_secret_is_never_on_the_command_line():
    """`maia-tui --demo` in a real terminal (a pty): logged in, its argv (and any child's) never
    holds the secret; a secret given on the command line is refused before anything runs."""
    exe = shutil.which("maia-tui")
    command = [exe] if exe else [sys.executable, "-m", "maia_tui"]
    master, slave = pty.openpty()
    import fcntl
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAIA_")} | {"TERM": "xterm-256color"}
    process = subprocess.Popen(
        [*command, "--demo"], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True
    )
    os.close(slave)
    seen = b""

    def read_until(needle: bytes, timeout: float = 10.0) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while needle not in seen:
            assert time.monotonic() < deadline, f"no {needle!r} on screen"
            if select.select([master], [], [], 0.05)[0]:
                try:
                    seen += os.read(master, 65536)
                except OSError:  # EIO: the app closed its terminal, i.e. it ended
                    raise AssertionError(
                        f"the app ended (exit {process.wait(5)}) before {needle!r}; it showed: "
                        + seen[-3000:].decode(errors="replace")
                    ) from None

    try:
        read_until(b"Sign in")
        before = _cmdlines(process.pid)
        os.write(master, b"\r")  # the demo credentials are filled in: sign in
        read_until(b"per page")
        after = _cmdlines(process.pid)
        os.write(master, b"\x11")  # ctrl+q
        # Keep reading as a terminal does: a full pty would block the app's last frames.
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                with contextlib.suppress(OSError):
                    seen += os.read(master, 65536)
        assert process.wait(1) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)
        os.close(master)
    assert before and after and "--demo" in before[0]
    for line in (*before, *after):
        assert DEMO_CLIENT_SECRET not in line and JWT not in line

    refused = subprocess.run([*command, f"--client-secret={SECRET}"], capture_output=True, text=True, timeout=30)
    assert refused.returncode == 2
    assert_no_secret(refused.stdout + refused.stderr, SECRET)
