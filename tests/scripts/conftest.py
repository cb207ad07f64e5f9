"""`maia-tui run` and `watch` in-process against a real emulator on loopback, with a fake clock
for the client, its own config file, an in-memory keyring and no MAIA_* variables of the host."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.models import Token
from maia_tui.commands.api import api_async
from maia_tui.commands.main import build_parser
from maia_tui.commands.run import run_async
from maia_tui.commands.watch import watch_async
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator, EmulatorConfig, running_emulator

# The UI tests' guards: their own config file, no MAIA_* variables of the host, an in-memory
# keyring (autouse fixtures, imported so pytest sees them here too).
from tests.ui.conftest import config_file, memory_keyring  # noqa: F401


@pytest.fixture
def clock() -> FakeClock:
    """One fake clock for the client and the emulated account: advancing it moves runs along
    and wakes the client's polls together."""
    return FakeClock()


@pytest.fixture
def emulator_config(clock: FakeClock) -> EmulatorConfig:
    return EmulatorConfig(seed=7, clock=clock, run_seconds=20)


@pytest.fixture
def emulator(emulator_config: EmulatorConfig) -> Iterator[Emulator]:
    with running_emulator(emulator_config) as emu:
        yield emu


@pytest.fixture
def env(emulator: Emulator, config_file: Path) -> dict[str, str]:  # noqa: F811 (the fixture, by name)
    """The emulator's credentials from the environment, as a script in CI would have them."""
    return {
        "MAIA_API_URL": emulator.api_base,
        "MAIA_TOKEN_URL": emulator.token_url,
        "MAIA_CLIENT_ID": DEMO_CLIENT_ID,
        "MAIA_CLIENT_SECRET": DEMO_CLIENT_SECRET,
        "MAIA_TUI_CONFIG": str(config_file),
    }


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.out)  # type: ignore[no-any-return]


def parse(*argv: str) -> argparse.Namespace:
    """Through the real `maia-tui` parser, so the wiring in cli.py is what is tested."""
    return build_parser().parse_args(list(argv))


async def no_sleep(seconds: float) -> None:
    return None


async def call(argv: list[str], env: dict[str, str], clock: FakeClock) -> Result:
    args = parse(*argv)
    out, err = io.StringIO(), io.StringIO()
    command = {"run": run_async, "watch": watch_async, "api": api_async}[args.command]
    code = await command(args, env=env, out=out, err=err, clock=clock, retry_sleep=no_sleep)
    return Result(code, out.getvalue(), err.getvalue())


async def call_while_time_passes(
    argv: list[str], env: dict[str, str], clock: FakeClock, *, step: float = 1.0, limit: float = 600.0
) -> tuple[Result, float]:
    """Run the command while the fake clock moves `step` seconds at a time (up to `limit`),
    each step once the command has had a moment to react; (result, seconds that passed)."""
    task = asyncio.create_task(call(argv, env, clock))
    passed = 0.0
    while not task.done():
        await asyncio.sleep(0.02)  # real I/O with the emulator happens here
        if task.done() or passed >= limit:
            break
        clock.advance(step)
        passed += step
    return await asyncio.wait_for(task, 5), passed


def slices(secret: str, size: int = 6) -> list[str]:
    return [secret[i : i + size] for i in range(len(secret) - size + 1)]


def assert_no_secret(text: str, *secrets: str) -> None:
    """Not even six characters in a row of any secret or token."""
    for secret in secrets:
        for piece in slices(secret):
            assert piece not in text, "a piece of a secret or token was printed"


@pytest.fixture
def tokens(monkeypatch: pytest.MonkeyPatch) -> list[Token]:
    """Every token the command obtains, to prove none of it is printed."""
    seen: list[Token] = []
    original = MaiaClient.login

    async def spy(self: MaiaClient) -> Token:
        token = await original(self)
        seen.append(token)
        return token

    monkeypatch.setattr(MaiaClient, "login", spy)
    return seen
