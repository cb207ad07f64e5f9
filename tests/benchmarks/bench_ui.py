"""The UI's published figures, in one run (a script, not collected by pytest):

    python tests/benchmarks/bench_ui.py [--quick]

(a) process start to the login screen painted, as a ratio to a minimal Textual app (Header,
    Static, Footer) started the same way in the same run, each in a real pseudo-terminal:
    median of alternating runs (target: at most 1.3);
(b) with the emulator adding 100 ms to every request (token endpoint included), Enter on the
    login form to the first projects page painted (target: at most 260 ms);
(c) a keypress for a prefetched next page to that page painted (target: under 50 ms);
(d) RSS after walking 1,000 pages of 100 projects (100,000 projects), against the RSS after
    the first page (target: within 40 MB).

The emulator runs in its own process (`maia-tui emulator`), as a remote service would, so it
neither competes for this process's GIL nor counts in its memory.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import fcntl
import gc
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
from textual.app import App

import maia_tui
from maia_tui.api.clock import SystemClock
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.launch import demo_login_defaults
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.views.resource_list import ResourceList

COLUMNS, ROWS = 120, 40
ANSI = re.compile(rb"\x1b(\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Minimal app ready")
        yield Footer()

Minimal().run()
"""


# ----- (a) start-up in a real pseudo-terminal ---------------------------------------------


def time_to_paint(argv: list[str], marker: bytes, timeout: float = 20.0) -> float:
    """Seconds from spawning `argv` on a pty until `marker` is on the screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(ROWS)}
    for name in ("MAIA_CLIENT_ID", "MAIA_CLIENT_SECRET", "MAIA_API_URL", "MAIA_TOKEN_URL", "MAIA_REGION"):
        env.pop(name, None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode; see startup_ratio
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    screen = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], max(0.0, start + timeout - time.perf_counter()))
            if not ready:
                raise TimeoutError(f"{argv} did not paint {marker!r} within {timeout}s")
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                raise RuntimeError(f"{argv} exited before painting: {ANSI.sub(b'', screen)[-400:]!r}") from None
            screen += chunk
            if marker in ANSI.sub(b"", screen):
                return time.perf_counter() - start
    finally:
        process.kill()
        process.wait()
        os.close(master)


def startup_ratio(rounds: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        ours = [sys.executable, "-m", "maia_tui"]
        theirs = [sys.executable, str(minimal)]
        # `pip install` compiles a package's bytecode, as Textual's was: an editable checkout
        # under PYTHONDONTWRITEBYTECODE=1 would compile ours from source on every start instead.
        compileall.compile_dir(Path(maia_tui.__file__).parent, quiet=1)
        time_to_paint(ours, b"Client secret")  # warm the file cache for both
        time_to_paint(theirs, b"Minimal app ready")
        ours_s, theirs_s = [], []
        for _ in range(rounds):  # alternate, so machine noise hits both alike
            ours_s.append(time_to_paint(ours, b"Client secret"))
            theirs_s.append(time_to_paint(theirs, b"Minimal app ready"))
    a, b = statistics.median(ours_s), statistics.median(theirs_s)
    return a / b, a, b


# ----- an emulator in its own process ------------------------------------------------------


@contextlib.contextmanager
def emulator_process(*options: str) -> Iterator[tuple[str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "maia_tui", "emulator", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        api = token = None
        assert process.stdout is not None
        for line in process.stdout:
            if "API base URL:" in line:
                api = line.split(":", 1)[1].strip()
            if "Token URL:" in line:
                token = line.split(":", 1)[1].strip()
            if api and token:
                break
        if not (api and token):
            raise RuntimeError("the emulator did not start")
        yield api, token
    finally:
        process.terminate()
        process.wait(10)


def demo_app(api: str, token: str) -> MaiaApp:
    return MaiaApp(demo_login_defaults(api, token), clock=SystemClock())


# Paint times: the first frame written to the terminal after the projects screen has put a
# page in its table (App._display is where a frame goes to the driver).
painted: list[float] = []
_page_waiting = [False]
_show_page = ResourceList.show_page
_display = App._display


def _show_page_and_flag(self: ResourceList, page) -> None:  # type: ignore[no-untyped-def]
    _show_page(self, page)
    _page_waiting[0] = True


def _display_and_time(self: App, screen, update) -> None:  # type: ignore[no-untyped-def]
    _display(self, screen, update)
    if _page_waiting[0] and isinstance(screen, ProjectsScreen):
        _page_waiting[0] = False
        painted.append(time.perf_counter())


ResourceList.show_page = _show_page_and_flag  # type: ignore[method-assign]
App._display = _display_and_time  # type: ignore[method-assign]


async def wait_for_paint(count: int, timeout: float = 10.0) -> float:
    deadline = time.perf_counter() + timeout
    while len(painted) < count:
        if time.perf_counter() > deadline:
            raise TimeoutError("no paint")
        await asyncio.sleep(0.0005)
    return painted[count - 1]


# ----- (b) Enter to first page, (c) prefetched flip ------------------------------------------


async def login_to_first_page(api: str, token: str) -> float:
    app = demo_app(api, token)
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        await pilot.pause()
        painted.clear()
        start = time.perf_counter()
        await pilot.press("enter")
        return await wait_for_paint(1) - start


async def prefetched_flips(api: str, token: str, flips: int) -> list[float]:
    app = demo_app(api, token)
    timings = []
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        painted.clear()
        await pilot.press("enter")
        await wait_for_paint(1)
        screen = app.screen
        assert isinstance(screen, ProjectsScreen)
        for _ in range(flips):
            following = (screen.listing.page_number + 1, screen.listing.page_size)
            deadline = time.perf_counter() + 10
            while screen.listing.loader.peek(following) is None:
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"page {following} was never prefetched")
                await asyncio.sleep(0.002)
            await pilot.pause()
            count = len(painted) + 1
            start = time.perf_counter()
            await pilot.press("n")
            timings.append(await wait_for_paint(count) - start)
    return timings


# ----- (d) memory over a long walk ---------------------------------------------------------


async def walk_memory(api: str, token: str, pages: int) -> tuple[float, float]:
    process = psutil.Process()
    app = demo_app(api, token)
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        painted.clear()
        await pilot.press("enter")
        await wait_for_paint(1)
        await pilot.press("s", "s")  # 25 -> 50 -> 100 per page
        await wait_for_paint(3)
        screen = app.screen
        assert isinstance(screen, ProjectsScreen) and screen.listing.page_size == 100
        gc.collect()
        first = process.memory_info().rss
        for number in range(1, pages):
            count = len(painted) + 1
            await pilot.press("n")
            await wait_for_paint(count)
            assert screen.listing.page_number == number
        gc.collect()
        last = process.memory_info().rss
    return first / 2**20, last / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description="UI benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and a shorter walk (a smoke run)")
    args = parser.parse_args()
    rounds, logins, flips, pages = (3, 3, 10, 100) if args.quick else (9, 7, 30, 1000)

    ratio, ours, theirs = startup_ratio(rounds)
    print(
        f"(a) start to login painted: {ours * 1000:.0f} ms vs minimal Textual app {theirs * 1000:.0f} ms"
        f" -> ratio {ratio:.2f} (target <= 1.3) {'OK' if ratio <= 1.3 else 'MISSED'}"
    )

    with emulator_process("--latency-ms", "100", "--token-endpoint-faults") as (api, token):
        times = [asyncio.run(login_to_first_page(api, token)) for _ in range(logins)]
    median = statistics.median(times)
    print(
        f"(b) Enter to first page painted, 100 ms per request: median {median * 1000:.0f} ms"
        f" (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; target <= 260) {'OK' if median <= 0.26 else 'MISSED'}"
    )

    with emulator_process("--projects", "10000") as (api, token):
        flip = asyncio.run(prefetched_flips(api, token, flips))
    median = statistics.median(flip)
    print(
        f"(c) key to prefetched page painted: median {median * 1000:.1f} ms"
        f" (max {max(flip) * 1000:.1f}; target < 50) {'OK' if median < 0.05 else 'MISSED'}"
    )

    with emulator_process("--projects", "100000") as (api, token):
        first, last = asyncio.run(walk_memory(api, token, pages))
    print(
        f"(d) RSS after page 1: {first:.1f} MB, after {pages} pages of 100: {last:.1f} MB"
        f" -> +{last - first:.1f} MB (target <= 40) {'OK' if last - first <= 40 else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
