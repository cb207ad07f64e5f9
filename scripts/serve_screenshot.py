"""Make screenshots/serve.png: `maia-tui serve --demo` in headless Chromium, signed in, on the
projects list. Needs the serve and browser-test extras and Debian's chromium.

    python scripts/serve_screenshot.py [--out screenshots/serve.png]
"""

from __future__ import annotations

import argparse
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

# As the tests launch it, but with WebGL: this is how a person's browser draws it.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE = {"width": 1200, "height": 720}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="screenshots/serve.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        printed = Path(work) / "serve.out"
        with printed.open("wb") as sink:
            server = subprocess.Popen(
                [sys.executable, "-m", "maia_tui", "serve", "--demo", "--port", str(free_port())],
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 30
            while not (found := re.search(r"http://\S+token=\S+", printed.read_text())):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"maia-tui serve printed no URL:\n{printed.read_text()}")
                time.sleep(0.1)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
                page = browser.new_page(viewport=PAGE)
                page.goto(found.group(0))
                page.wait_for_selector(".xterm-screen")
                page.wait_for_timeout(2500)  # the app's first paint (WebGL: no text in the DOM to wait on)
                page.focus(".xterm-helper-textarea")
                page.keyboard.press("Enter")
                page.wait_for_timeout(2500)  # signed in, the first page of projects
                page.screenshot(path=args.out)
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
