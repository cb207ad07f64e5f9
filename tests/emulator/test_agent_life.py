"""Agents live on the clock (#21): over a release period each running agent restarts once to
install the new release, running → stopping → stopped → running, its update available until
then and its version one release newer after; agents that are not running stay as they are; the
same (seed, clock) gives the same agents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import EmulatorConfig, running_emulator
from tests.support import bearer

START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)  # a release comes out every two hours, on the hour
STEP = timedelta(seconds=10)


def test_each_running_agent_restarts_once_a_release_to_install_it():
    clock = FakeClock(START)
    with running_emulator(EmulatorConfig(projects=150, seed=23, clock=clock)) as emu, httpx.Client() as client:
        headers = bearer(emu)

        def agents() -> list[dict]:
            return client.get(emu.api_base + "/v1/agents", params={"size": 100}, headers=headers).json()["results"]

        first = agents()
        seen: dict[str, list[tuple[str, bool, str, bool]]] = {a["agentId"]: [] for a in first}
        while clock.now() < START + timedelta(hours=2):
            for agent in agents():
                state = (
                    agent["agentStatus"],
                    agent["connected"],
                    agent["versionDetails"]["agentVersion"],
                    agent["versionDetails"]["agentUpdateAvailable"],
                )
                history = seen[agent["agentId"]]
                if not history or history[-1] != state:
                    history.append(state)
            clock.advance(STEP.total_seconds())

    running = [a["agentId"] for a in first if a["agentStatus"] == "running"]
    assert len(running) >= 3
    for agent_id in running:
        statuses = [state[0] for state in seen[agent_id]]
        assert statuses == ["running", "stopping", "stopped", "running"], seen[agent_id]
        before, after = seen[agent_id][0], seen[agent_id][-1]
        assert before[1] and after[1] and not seen[agent_id][2][1]  # connected but while stopped
        assert before[3] and not after[3]  # the update was available, and is installed
        assert before[2] != after[2]
    for agent in first:
        if agent["agentId"] not in running:
            assert len({state[0] for state in seen[agent["agentId"]]}) == 1  # stopped, paused...: as they are
