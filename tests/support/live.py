"""A living emulator for run, cancel and watch tests (tests/api/live): the account and the client
share one FakeClock (`live.clock`, starting at START), so advancing it moves runs forward and
wakes the client's polls."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from maia_tui.api.auth import Backoff
from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator, EmulatorConfig, running_emulator

from .clocks import RecordingSleep

START = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)  # a Thursday noon (UTC)
RUN_SECONDS = 20.0
DISABLED_BASE = "export_to_salesforce"  # the emulator disables pipelines with this file name


@dataclass
class Live:
    emu: Emulator
    client: MaiaClient
    clock: FakeClock
    project_id: str
    environment: str
    pipeline: str  # published in `environment`, enabled
    disabled: str | None  # published in `environment`, disabled
    retry_sleep: RecordingSleep

    def path(self, *parts: str) -> str:
        return "/dpc/v1/projects/" + "/".join((self.project_id, *parts))

    def posts(self) -> int:
        return self.emu.stats.requests_by_path[self.path("pipeline-executions")]

    def written(self) -> list[object]:
        """The runs started through the API, as the emulator keeps them."""
        return list(self.emu.store.written.values())


@pytest.fixture
async def live() -> AsyncIterator[Live]:
    clock = FakeClock(START)
    with running_emulator(EmulatorConfig(projects=40, seed=7, clock=clock, run_seconds=RUN_SECONDS)) as emu:
        sleep = RecordingSleep()
        client = MaiaClient(
            Endpoints(api_base=emu.api_base, token_url=emu.token_url),
            DEMO_CLIENT_ID,
            Secret(DEMO_CLIENT_SECRET),
            clock=clock,
            retry_sleep=sleep,
            backoff=Backoff(base=1.0, cap=30.0, rng=lambda: 0.5),
        )
        async with client:
            await client.login()
            found = await _pipelines(client)
            yield Live(emu, client, clock, *found, retry_sleep=sleep)


async def _pipelines(client: MaiaClient) -> tuple[str, str, str, str | None]:
    """A project and environment with an enabled pipeline, preferably a disabled one too."""
    fallback: tuple[str, str, str, str | None] | None = None
    async for project in client.iter_projects():
        async for environment in client.iter_environments(project.id):
            page = await client.list_published_pipelines(project.id, environment.name, size=100)
            names = [p.name for p in page.results]
            enabled = [n for n in names if DISABLED_BASE not in n]
            disabled = [n for n in names if DISABLED_BASE in n]
            if enabled and disabled:
                return project.id, environment.name, enabled[0], disabled[0]
            if enabled and fallback is None:
                fallback = (project.id, environment.name, enabled[0], None)
    assert fallback is not None, "the sample account publishes pipelines"
    return fallback
