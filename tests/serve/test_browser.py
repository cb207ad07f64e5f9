"""End to end in headless Chromium (Debian's, driven by Playwright): open the printed URL, sign
in with the pre-filled form, see the projects, export them as a browser download, close the tab
and see its app end. Once against an emulator of the test's own, once with --demo.

The screen is read from xterm.js's rows in the page. Chromium runs without 3D APIs (there is no
GPU here), so xterm.js draws with its DOM renderer, whose rows hold the text; with WebGL it
would paint a canvas.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator, EmulatorConfig, running_emulator
from maia_tui.ui.screens.execution import CONSOLE
from tests.support import HANG_GUARD, PROBE_CLIENT_ID, PROBE_SECRET, assert_no_secret
from tests.support.serving import CHROMIUM, Served, quiet_env, require_browser, until

pytestmark = pytest.mark.browser

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-3d-apis",  # no WebGL: xterm.js falls back to DOM rows, which tests can read
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROWS = ".xterm-rows"
PROJECTS = 37  # unlike the emulator's default 140, so the CSV's count cannot come by chance
SEED = 23


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def own_emulator() -> Iterator[Emulator]:
    config = EmulatorConfig(projects=PROJECTS, seed=SEED, clients={PROBE_CLIENT_ID: PROBE_SECRET})
    with running_emulator(config) as emu:
        yield emu


def every_project(
    api_base: str, token_url: str, client: tuple[str, str] = (DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
) -> list[dict[str, Any]]:
    """The projects as the API lists them, read with plain httpx (the contract, not our client)."""
    with httpx.Client(trust_env=False, timeout=10) as http:
        form = {"grant_type": "client_credentials", "client_id": client[0], "client_secret": client[1]}
        form["audience"] = "https://api.matillion.com"
        token = http.post(token_url, data=form).json()["access_token"]
        found: list[dict[str, Any]] = []
        page = 0
        while True:
            body = http.get(
                f"{api_base}/v1/projects",
                params={"page": page, "size": 100},
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            found.extend(body["results"])
            if not body["results"] or len(found) >= body["total"]:
                return found
            page += 1


class Tab:
    """One browser tab on the served app: reads its terminal, types into it, collects downloads."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1100, "height": 700}, accept_downloads=True)
        self.downloads: list[Any] = []
        # A download opens in a new tab (textual-serve's page calls window.open): listen there.
        self.context.on("page", self.watch_popup)
        self.page = self.context.new_page()
        self.page.goto(url)
        self.page.wait_for_selector(ROWS, timeout=HANG_GUARD * 1000)

    def watch_popup(self, popup: Any) -> None:
        popup.on("download", self.got_download)

    def got_download(self, download: Any) -> None:
        self.downloads.append(download)

    def screen(self) -> str:
        return str(self.page.inner_text(ROWS))

    def until(self, predicate: Callable[[], bool], what: str) -> None:
        """Poll through Playwright, whose events (downloads, new tabs) arrive only while it runs."""
        deadline = time.monotonic() + HANG_GUARD
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {HANG_GUARD:.0f}s and never saw {what}; the screen:\n{self.screen()}")
            self.page.wait_for_timeout(50)

    def wait_for(self, text: str) -> None:
        self.until(lambda: text in self.screen(), f"{text!r} on the browser's screen")

    def press(self, key: str) -> None:
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.press(key)

    def download(self) -> tuple[str, str]:
        self.until(lambda: bool(self.downloads), "a browser download")
        download = self.downloads.pop(0)
        path = download.path()  # waits for it to finish
        return download.suggested_filename, Path(path).read_text(encoding="utf-8")

    def close(self) -> None:
        self.context.close()


def sign_in_export_and_close(
    chromium: Any, served: Served, expected: list[dict[str, Any]], tmp_path: Path, more: Callable[[Tab], None] = print
) -> None:
    tab = Tab(chromium, served.url)
    tab.wait_for("Sign in with an API credential")
    assert len(served.apps()) == 1
    # A browser keeps ctrl+t (new tab): the key bar offers F2 for the secret instead.
    tab.wait_for("f2 Show/hide secret")
    assert "^t" not in tab.screen()
    tab.press("Enter")  # the form came filled in: client id, secret, URLs
    first = expected[0]["name"]
    tab.wait_for(first)
    tab.wait_for(f"{len(expected)} total")

    tab.press("e")
    tab.wait_for("Download as")
    tab.press("Enter")
    name, text = tab.download()
    assert name.startswith("maia-projects-") and name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["id"] for row in rows) == sorted(project["id"] for project in expected)
    assert {row["name"] for row in rows} == {project["name"] for project in expected}
    tab.wait_for(f"Exported {len(expected)} projects")
    # Nothing was written on the server: its downloads folder and home hold no export.
    assert not any(tmp_path.rglob("maia-projects-*"))
    if more is not None:
        more(tab)

    tab.close()
    until(lambda: served.apps() == [], "the closed tab's app process ending")


def test_in_chromium_against_an_emulator(chromium, serve, own_emulator: Emulator, tmp_path: Path) -> None:
    # A client whose secret no honest text holds: the form gets it from the environment.
    env = quiet_env(tmp_path, MAIA_CLIENT_ID=PROBE_CLIENT_ID, MAIA_CLIENT_SECRET=PROBE_SECRET)
    served: Served = serve("--api-url", own_emulator.api_base, "--token-url", own_emulator.token_url, env=env)
    expected = every_project(own_emulator.api_base, own_emulator.token_url, (PROBE_CLIENT_ID, PROBE_SECRET))
    assert len(expected) == PROJECTS
    sign_in_export_and_close(chromium, served, expected, tmp_path, more=no_secret_in_argv_or_output(served))


def no_secret_in_argv_or_output(served: Served) -> Callable[[Tab], None]:
    """The secret is in no process's command line and nowhere in what the server printed."""

    def check(tab: Tab) -> None:
        command_lines = [" ".join(app.cmdline()) for app in served.descendants()]
        assert len(command_lines) >= 1
        assert_no_secret("\n".join(command_lines), PROBE_SECRET, what="the app's command line")
        assert_no_secret(served.printed(), PROBE_SECRET, what="the server's output")

    return check


def test_in_chromium_with_demo(chromium, serve, tmp_path: Path) -> None:
    served: Served = serve("--demo")
    # Each demo tab has its own emulator with the demo's defaults; the same account, read here.
    with running_emulator(EmulatorConfig()) as demo:
        expected = every_project(demo.api_base, demo.token_url)
    assert len(expected) == EmulatorConfig().projects
    sign_in_export_and_close(chromium, served, expected, tmp_path, more=the_rest_works_in_a_browser(expected))


def the_rest_works_in_a_browser(expected: list[dict[str, Any]]) -> Callable[[Tab], None]:
    """The raw JSON's save and a screenshot come as downloads too; a copy reaches the browser's
    clipboard (OSC 52); Matillion's console opens in a new tab."""

    def check(tab: Tab) -> None:
        tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
        tab.press("c")
        tab.until(lambda: tab.page.evaluate("navigator.clipboard.readText()") != "", "the copied id")
        selected = tab.page.evaluate("navigator.clipboard.readText()")
        assert selected in {project["id"] for project in expected}

        tab.press("v")
        tab.wait_for("lines as the API sent them")
        tab.press("s")
        name, text = tab.download()
        shown = json.loads(text)
        assert shown["id"] in {project["id"] for project in expected}
        assert name == f"maia-projects-{shown['id']}.json"
        tab.press("Escape")
        tab.until(lambda: "lines as the API sent them" not in tab.screen(), "the JSON closed")
        tab.press("Control+p")
        tab.wait_for("Search for commands")
        tab.page.keyboard.type("Screenshot")
        tab.wait_for("Save an SVG of this screen")
        tab.press("Enter")
        name, svg = tab.download()
        assert name.startswith("maia-tui-") and name.endswith(".svg")
        assert svg.lstrip().startswith("<svg") and "Projects" in svg

        # No internet here: the console's answer is made up, the URL asked for is what counts.
        tab.context.route(f"{CONSOLE}/**", lambda route: route.fulfill(body="the console"))
        tab.press("2")
        # The demo's account lives on the real clock: at some minutes every run on the first
        # page is still RUNNING (a burst of schedules), so wait for the list, not for a status.
        tab.until(lambda: " runs · " in tab.screen(), "the Runs list loaded")
        tab.press("Enter")
        tab.wait_for("o Console")
        with tab.context.expect_page(timeout=HANG_GUARD * 1000) as opened:
            tab.press("o")
        console = opened.value
        console.wait_for_load_state()
        assert console.url.startswith(f"{CONSOLE}/observability-dashboard/pipeline/")
        console.close()

    return check
