"""Paging never repeats or skips an item (Hypothesis): the client's walks (api/paging.py) over the
emulator's lists, whatever the page size, and however the account changes between pages — its
clock moving hours on, runs started and cancelled through the API, steps and statuses changing.

The account is the emulator's, reset to the same instant for every example; between two pages
the example draws what happens next. What a walk must give back comes from the fixture data
(the projects) or from the same list read at one instant, before anything moved."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.errors import AlreadyFinished
from maia_tui.api.paging import every_cursor_page, every_page
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator, EmulatorConfig, running_emulator
from tests.support import a_pipeline
from tests.support.properties import examples

NOW = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)
PROJECTS = 57  # not a multiple of any page size but 1, 3, 19 and 57
RUN_SECONDS = 20

sizes = st.integers(1, 100)
# What happens between two pages: the account's clock moves on, runs are started, a run is cancelled.
moves = st.tuples(st.integers(0, 3 * 3600), st.integers(0, 2), st.booleans())


@pytest.fixture(scope="module")
def account() -> Iterator[Emulator]:
    with running_emulator(
        EmulatorConfig(projects=PROJECTS, seed=5, run_seconds=RUN_SECONDS, clock=FakeClock(NOW))
    ) as emu:
        yield emu


@asynccontextmanager
async def signed_in(emu: Emulator) -> AsyncIterator[MaiaClient]:
    """A client of the account, reset to NOW; its budget never makes a walk wait (its own clock
    stands still)."""
    emu.reset_account(FakeClock(NOW))
    endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url, region="custom")
    client = MaiaClient(
        endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET), clock=FakeClock(NOW), requests_per_minute=1e9
    )
    async with client:
        await client.login()
        yield client


class Account:
    """What an example does to the account between pages."""

    def __init__(self, emu: Emulator, client: MaiaClient, data: st.DataObject) -> None:
        self.emu, self.client, self.data = emu, client, data
        self.project, _, self.environment, self.pipeline = a_pipeline(emu)
        self.started: list[str] = []

    async def move(self) -> None:
        seconds, runs, cancel = self.data.draw(moves, label="between pages: seconds, runs started, cancel")
        self.emu.clock.advance(seconds)  # type: ignore[attr-defined]
        for _ in range(runs):
            run = await self.client.run_pipeline(self.project, self.pipeline, self.environment)
            self.started.append(run.pipeline_execution_id)
        if cancel and self.started:
            with contextlib.suppress(AlreadyFinished):  # a run may have ended meanwhile
                await self.client.cancel_execution(self.project, self.started[-1])


def ids(items: list[Any], key: str) -> list[str]:
    return [getattr(item, key) for item in items]


@settings(max_examples=examples(0.5))
@given(size=sizes)
async def test_a_page_size_walk_gives_every_project_once_in_order(account: Emulator, size: int) -> None:
    expected = [account.state.account.project(i)["id"] for i in range(PROJECTS)]  # the fixture data
    async with signed_in(account) as client:
        walked = [p async for p in every_page(lambda n: client.list_projects(n, size))]
    assert [p.id for p in walked] == expected


@settings(max_examples=examples(0.15))
@given(limit=sizes, window=st.integers(5, 40), data=st.data())
async def test_a_cursor_walk_gives_the_runs_there_when_it_began_once_each(
    account: Emulator, limit: int, window: int, data: st.DataObject
) -> None:
    """Newest first, as the contract says: runs that start while the walk goes on are newer than
    its cursor and belong to a fresh first page, never to a later one. (The runs of the last
    minutes, some 2.4 a minute in this account: a walk one run a page stays short.)"""
    since = {"started_after": NOW - timedelta(minutes=window)}
    async with signed_in(account) as client:
        still = [
            r async for r in every_cursor_page(lambda t: client.list_executions(limit=100, pagination_token=t, **since))
        ]
        moving = Account(account, client, data)

        async def page(token: str | None) -> Any:
            if token is not None:
                await moving.move()
            return await client.list_executions(limit=limit, pagination_token=token, **since)

        walked = [r async for r in every_cursor_page(page)]
    key = "pipeline_execution_id"
    assert len(set(ids(still, key))) == len(still), "the list at one instant repeats a run"
    assert ids(walked, key) == ids(still, key)
    assert [r.started_at for r in still] == sorted((r.started_at for r in still), reverse=True)


@settings(max_examples=examples(0.15))
@given(size=sizes, hours=st.integers(1, 12), data=st.data())
async def test_an_audit_window_walk_gives_each_event_once_while_time_passes(
    account: Emulator, size: int, hours: int, data: st.DataObject
) -> None:
    """A window ending now, while the clock moves on: later events fall after it, none moves."""
    start, end = NOW - timedelta(hours=hours), NOW
    async with signed_in(account) as client:
        still = [e async for e in every_page(lambda n: client.list_events(start, end, n, 100))]
        moving = Account(account, client, data)

        async def page(number: int) -> Any:
            if number:
                await moving.move()
            return await client.list_events(start, end, number, size)

        walked = [e async for e in every_page(page)]
    assert len(set(ids(still, "event_id"))) == len(still)
    assert ids(walked, "event_id") == ids(still, "event_id")


@settings(max_examples=examples(0.15))
@given(size=st.integers(1, 12), data=st.data())
async def test_a_running_runs_steps_are_each_walked_once_while_they_grow(
    account: Emulator, size: int, data: st.DataObject
) -> None:
    """Steps start one after another while the walk goes on: the ones there at the start come
    first and in order, later ones may follow, none twice."""
    async with signed_in(account) as client:
        moving = Account(account, client, data)
        run = await client.run_pipeline(moving.project, moving.pipeline, moving.environment)
        account.clock.advance(data.draw(st.integers(0, RUN_SECONDS), label="seconds into the run"))  # type: ignore[attr-defined]
        path = (moving.project, run.pipeline_execution_id)
        still = [s async for s in every_page(lambda n: client.list_steps(*path, n, 100))]

        async def page(number: int) -> Any:
            if number:
                account.clock.advance(data.draw(st.integers(0, RUN_SECONDS), label="seconds between pages"))  # type: ignore[attr-defined]
            return await client.list_steps(*path, number, size)

        walked = [s async for s in every_page(page)]
    assert len(set(ids(walked, "id"))) == len(walked), "a step walked twice"
    assert ids(walked, "id")[: len(still)] == ids(still, "id")
