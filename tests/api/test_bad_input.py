"""Bad input from the server is shown as it came, never a crash: statuses outside the
documentation, steps without timestamps, extra fields (contract §7-§8, issue "Bad input")."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.models import Agent, PipelineExecution, Step, parse
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, running_emulator

DOCUMENTED_AGENT_STATUSES = {"running", "stopped", "paused", "pending", "stopping", "pausing", "unknown"}


@pytest.fixture
async def hostile() -> AsyncIterator[MaiaClient]:
    config = EmulatorConfig(projects=30, hostile_names=True, frozen_at=datetime(2026, 6, 1, 9, tzinfo=UTC))
    with running_emulator(config) as emu:
        endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url)
        async with MaiaClient(endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET), clock=FakeClock()) as client:
            await client.login()
            yield client


async def test_an_undocumented_agent_status_is_kept_as_it_came(hostile: MaiaClient):
    page = await hostile.list_agents(size=25)
    statuses = {agent.agent_status for agent in page.results}
    assert "hibernating" in statuses and "hibernating" not in DOCUMENTED_AGENT_STATUSES
    assert page.skipped == 0 and page.problems == ()


async def test_a_queued_step_without_times_is_read(hostile: MaiaClient):
    running = (await hostile.list_executions(status="RUNNING", limit=20)).results
    queued: list[Step] = []
    for run in running:
        page = await hostile.list_steps(run.project_id, run.pipeline_execution_id, size=100)
        assert page.skipped == 0
        queued += [s for s in page.results if s.result is not None and s.result.status == "QUEUED"]
    assert queued
    assert all(s.result.started_at is None and s.result.finished_at is None for s in queued)


def test_unknown_statuses_and_extra_fields_pass_through():
    item = {
        "pipelineExecutionId": "e-1",
        "status": "PAUSED_BY_OPERATOR",
        "trigger": "WEBHOOK",
        "somethingNew": {"nested": [1, 2]},
    }
    run = parse(PipelineExecution, item)
    assert (run.status, run.trigger) == ("PAUSED_BY_OPERATOR", "WEBHOOK")
    assert run.raw == item and run.raw["somethingNew"] == {"nested": [1, 2]}
    agent = parse(Agent, {"agentId": "a-1", "agentStatus": "hibernating", "versionDetails": {"agentVersion": "11.2.3"}})
    assert agent.agent_status == "hibernating" and agent.version_details.agent_version == "11.2.3"
    assert agent.version_details.raw == {"agentVersion": "11.2.3"}
