"""Each tab (websocket) its own app process; a closed tab ends its app; Ctrl+C ends the server
and every app it started. What it prints, and what it refuses to start with."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from typing import Any

import psutil
import pytest

from maia_tui.commands.main import build_parser, main
from maia_tui.commands.serve import app_argv
from tests.support.serving import Served, quiet_env, until

PROMPT_EXIT = 10  # seconds: each app is asked to quit and waited for; none is left to a timeout


def open_tab(http: Any, served: Served) -> Any:
    ws = f"{served.base.replace('http', 'ws', 1)}/ws?width=90&height=30"
    return http.ws_connect(ws, params={"token": served.token})


def gone(pids: set[int]) -> bool:
    return not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE for pid in pids)


async def test_each_tab_runs_its_own_app_and_a_closed_tab_ends_it(serve) -> None:
    import aiohttp  # the serve extra's (the fixture has checked it is there)

    served: Served = serve("--demo")
    async with aiohttp.ClientSession() as http:
        first = await open_tab(http, served)
        second = await open_tab(http, served)
        await first.receive(timeout=30)
        await second.receive(timeout=30)
        apps = served.apps()
        assert len(apps) == 2 and apps[0].pid != apps[1].pid
        await first.close()
        until(lambda: len(served.apps()) == 1, "the first tab's app ending")
        await second.close()
        until(lambda: served.apps() == [], "the second tab's app ending")
    # The shells textual-serve starts the apps through end just after them (a moment, under load).
    until(lambda: gone(served.apps_seen), "every process of both tabs gone")


async def read_like_a_browser(tab: Any) -> None:
    async for _message in tab:  # a browser reads all the time, and so answers a close at once
        pass


async def test_ctrl_c_stops_the_server_and_every_app_it_started(serve) -> None:
    import aiohttp  # the serve extra's (the fixture has checked it is there)

    served: Served = serve("--demo")
    async with aiohttp.ClientSession() as http:
        tabs = [await open_tab(http, served) for _ in range(2)]
        for tab in tabs:
            await tab.receive(timeout=30)
        readers = [asyncio.create_task(read_like_a_browser(tab)) for tab in tabs]
        assert len(served.apps()) == 2
        started = set(served.apps_seen)
        served.process.send_signal(signal.SIGINT)
        # Promptly: textual-serve alone leaves the tabs to aiohttp's shutdown, 20 s and more.
        assert await asyncio.to_thread(served.process.wait, PROMPT_EXIT) == 0
        # Ended by the server before it exits, not orphans that may end some time later.
        assert gone(started)
        await asyncio.gather(*readers)


def test_the_url_is_printed_once_with_a_fresh_token_of_at_least_128_bits(serve) -> None:
    first: Served = serve()
    second: Served = serve()
    assert first.token != second.token
    assert len(first.token) * 6 >= 128  # URL-safe base64: 6 bits a character
    assert first.printed().count(first.token) == 1
    assert first.base.startswith("http://127.0.0.1:")


def test_a_non_loopback_host_needs_allow_remote(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "192.0.2.10", "--port", "8123"]) == 2
    said = capsys.readouterr().err
    assert "192.0.2.10 is not a loopback address" in said and "--allow-remote" in said


def test_allow_remote_warns_loudly_what_it_exposes(serve) -> None:
    served: Served = serve("--host", "0.0.0.0", "--allow-remote")
    printed = served.printed()
    assert "!!! maia-tui serve is listening on 0.0.0.0" in printed
    assert "keyring" in printed and "plain HTTP" in printed


def test_without_the_extra_it_says_how_to_install_it(tmp_path) -> None:
    # textual_serve made unimportable, as on a machine without the extra.
    code = "import sys; sys.modules['textual_serve'] = None; from maia_tui.commands.main import main; sys.exit(main(['serve']))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=quiet_env(tmp_path), timeout=60
    )
    assert done.returncode == 1
    assert 'pip install "maia-tui[serve]"' in done.stderr
    assert "textual-serve" in done.stderr


def test_the_app_command_is_built_from_our_own_flags_and_parses_back() -> None:
    args = build_parser().parse_args(
        [
            "serve",
            "--demo",
            "--allow-writes",
            "--profile",
            "ops eu",
            "--api-url",
            "https://maia.example.test/dpc",
            "--token-url",
            "https://id.example.test/oauth/dpc/token",
            "--ca-bundle",
            "/etc/ssl/ours.pem",
        ]
    )
    argv = app_argv(args)
    assert argv[:3] == [sys.executable, "-m", "maia_tui"]
    again = build_parser(with_subcommands=False).parse_args(argv[3:])
    assert again.demo and again.allow_writes
    assert again.profile == "ops eu"
    assert again.api_url == "https://maia.example.test/dpc"
    assert again.token_url == "https://id.example.test/oauth/dpc/token"
    assert again.ca_bundle == "/etc/ssl/ours.pem"
    assert again.command is None  # the app, not a subcommand


def test_flags_before_the_subcommand_are_passed_on_too() -> None:
    argv = app_argv(build_parser().parse_args(["--demo", "--region", "us1", "serve"]))
    assert argv[3:] == ["--demo", "--region", "us1"]
    assert app_argv(build_parser().parse_args(["serve"]))[3:] == []
