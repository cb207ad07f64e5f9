"""Paging through lists, both styles, against the emulator."""

from __future__ import annotations

import httpx
import pytest

from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.errors import InvalidResponse
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, running_emulator


async def test_one_page_of_projects(make_client):
    client = make_client()
    await client.login()
    page = await client.list_projects(page=2, size=25)
    assert (page.page, page.size, page.total, page.page_count) == (2, 25, 140, 6)
    assert len(page.results) == 25
    assert all(p.id and p.name for p in page.results)
    assert not page.is_last


async def test_all_pages_to_the_last_one(make_client, emulator):
    client = make_client()
    await client.login()
    before = emulator.stats.requests_by_path["/dpc/v1/projects"]
    projects = [p async for p in client.iter_projects(size=25)]
    assert len(projects) == 140
    assert len({p.id for p in projects}) == 140
    assert emulator.stats.requests_by_path["/dpc/v1/projects"] - before == 6


async def test_a_total_that_is_an_exact_multiple_of_the_size_stops_without_an_extra_request():
    with running_emulator(EmulatorConfig(projects=100, seed=3)) as emu:
        endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url)
        async with MaiaClient(endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET), clock=FakeClock()) as client:
            await client.login()
            projects = [p async for p in client.iter_projects(size=25)]
        assert len(projects) == 100
        assert emu.stats.requests_by_path["/dpc/v1/projects"] == 4


async def test_an_empty_account_is_one_empty_page():
    with running_emulator(EmulatorConfig(projects=0)) as emu:
        endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url)
        async with MaiaClient(endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET), clock=FakeClock()) as client:
            await client.login()
            page = await client.list_projects()
            assert page.total == 0 and page.results == () and page.is_last
            assert [p async for p in client.iter_projects()] == []


async def test_page_size_is_checked_before_any_request(make_client):
    client = make_client()
    with pytest.raises(ValueError, match="between 1 and 100"):
        await client.list_projects(size=101)


async def test_project_contents(make_client):
    client = make_client()
    await client.login()
    project = (await client.list_projects(size=1)).results[0]
    environments = [e async for e in client.iter_environments(project.id)]
    assert environments and all(e.name for e in environments)
    pipelines = await client.list_published_pipelines(project.id, environments[0].name)
    assert all(p.name.endswith(".yaml") for p in pipelines.results)
    schedules = await client.list_schedules(project.id)
    assert all(s.schedule_id and s.cron_expression for s in schedules.results)


async def test_executions_follow_the_cursor_newest_first(make_client):
    client = make_client()
    await client.login()
    project = (await client.list_projects(size=1)).results[0]
    first = await client.list_executions(project.id, limit=5)
    assert len(first.results) == 5 and first.more
    everything = [e async for e in client.iter_executions(project.id, limit=7)]
    assert [e.pipeline_execution_id for e in everything[:5]] == [e.pipeline_execution_id for e in first.results]
    started = [e.started_at for e in everything]
    assert started == sorted(started, reverse=True)
    assert len({e.pipeline_execution_id for e in everything}) == len(everything)


async def test_execution_detail_accepts_flat_and_wrapped_answers_and_steps(make_client):
    client = make_client()
    await client.login()
    project = (await client.list_projects(size=1)).results[0]
    executions = (await client.list_executions(project.id, limit=4)).results
    details = [await client.get_execution(project.id, e.pipeline_execution_id) for e in executions]
    assert [d.pipeline_execution_id for d in details] == [e.pipeline_execution_id for e in executions]
    steps = await client.list_steps(project.id, executions[0].pipeline_execution_id)
    assert steps.results and all(s.id for s in steps.results)


async def test_a_repeated_cursor_stops_the_walk():
    """A server that hands back the same cursor forever: we stop with a clear error."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "a.b.c", "expires_in": 1800, "token_type": "Bearer"})
        return httpx.Response(200, json={"results": [{"pipelineExecutionId": "x"}], "more": "same"})

    endpoints = Endpoints(api_base="https://eu1.api.matillion.com/dpc")
    transport = httpx.MockTransport(answer)
    async with MaiaClient(endpoints, "id", Secret("s"), clock=FakeClock(), transport=transport) as client:
        await client.login()
        with pytest.raises(InvalidResponse, match="repeated a pagination token"):
            [e async for e in client.iter_executions()]
