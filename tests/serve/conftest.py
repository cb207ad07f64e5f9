"""`maia-tui serve` started as a person starts it (its own process, its printed URL), and the
app processes it starts counted with psutil.

These tests need the `serve` extra, and the browser tests Playwright and Debian's chromium.
Where one is missing they skip with the reason; with MAIA_REQUIRE_BROWSER=1 (set by .ci/run)
a missing piece is a failure instead, so CI cannot pass without running them.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.serving import HANG_GUARD, Served, free_port, is_alive, quiet_env, require_serve_extra


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start `maia-tui serve ARGS` on a free loopback port; everything it started is ended after."""
    require_serve_extra()
    started: list[Served] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Served:
        output = tmp_path / f"serve-{len(started)}.out"
        command = [sys.executable, "-m", "maia_tui", "serve", "--port", str(free_port()), *args]
        with output.open("wb") as sink:
            process = subprocess.Popen(
                command, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env or quiet_env(tmp_path)
            )
        served = Served(process, output)
        started.append(served)
        served.wait_for_url()
        return served

    yield start
    for served in started:
        leftovers = served.descendants()
        if served.process.poll() is None:
            served.process.send_signal(signal.SIGINT)
            try:
                served.process.wait(timeout=HANG_GUARD)
            except subprocess.TimeoutExpired:
                served.process.kill()
        for child in leftovers:
            if is_alive(child):
                child.kill()
