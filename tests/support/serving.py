"""`maia-tui serve` under test: whether the extra and Chromium are there (MAIA_REQUIRE_BROWSER=1
turns a skip into a failure), a served process, its app processes, and a sync wait for them."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest

from .waiting import HANG_GUARD

REQUIRE = "MAIA_REQUIRE_BROWSER"
CHROMIUM = "/usr/bin/chromium"
URL_LINE = re.compile(r"(http://\S+)/\?token=(\S+)")


def unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{reason} ({REQUIRE}=1)")
    pytest.skip(reason, allow_module_level=True)


def require_serve_extra() -> None:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        unavailable('textual-serve is not installed: pip install -e ".[serve]"')


def require_browser() -> None:
    require_serve_extra()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Playwright for Python is not installed: pip install playwright")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        unavailable("Debian's chromium is not installed: apt-get install -y chromium")


def until(predicate: Callable[[], bool], what: str, guard: float = HANG_GUARD) -> None:
    """Poll until `predicate()` holds; the guard only catches a hang."""
    deadline = time.monotonic() + guard
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {guard:.0f}s and never saw {what}")
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def quiet_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment without the user's MAIA_* settings, config file or keyring."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("MAIA_")}
    env["MAIA_TUI_CONFIG"] = str(tmp_path / "config" / "config.toml")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env["XDG_DOWNLOAD_DIR"] = str(tmp_path / "server-downloads")  # where a terminal app would write
    env["HOME"] = str(tmp_path / "home")
    env.update(extra)
    return env


@dataclass
class Served:
    """A running `maia-tui serve`; `url` is the whole URL it printed (token included)."""

    process: subprocess.Popen[bytes]
    output: Path
    url: str = ""
    base: str = ""
    token: str = ""
    apps_seen: set[int] = field(default_factory=set)

    def printed(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_for_url(self) -> None:
        def found() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"maia-tui serve ended ({self.process.returncode}):\n{self.printed()}")
            return URL_LINE.search(self.printed()) is not None

        until(found, "the URL printed")
        match = URL_LINE.search(self.printed())
        assert match is not None
        self.base, self.token = match.group(1), match.group(2)
        self.url = f"{self.base}/?token={self.token}"
        # textual-serve prints the URL a moment before its socket listens: under load a test
        # that connected at once was refused (seen in the flake hunt).
        address = urlsplit(self.base)
        until(lambda: _accepts(address.hostname or "127.0.0.1", address.port or 80), "the server listening")

    def descendants(self) -> list[psutil.Process]:
        try:
            found = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        alive = [child for child in found if is_alive(child)]
        self.apps_seen.update(child.pid for child in alive)
        return alive

    def apps(self) -> list[psutil.Process]:
        """The app processes: the Pythons running `-m maia_tui` under the server (textual-serve
        starts each through a shell, which is not counted)."""
        return [child for child in self.descendants() if _cmdline(child)[1:3] == ["-m", "maia_tui"]]


def is_alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _accepts(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True
