"""The all-projects index against an emulator over loopback: found on the last page, results while
it fills, bounded concurrency, and highlighted characters worked out by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.models import Page, Project
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator, EmulatorConfig, running_emulator
from maia_tui.services.project_search import ProjectIndex, fill_index, name_spans

PROJECTS = 40_000  # 400 pages of 100


@pytest.fixture(scope="module")
def many() -> Iterator[Emulator]:
    with running_emulator(EmulatorConfig(projects=PROJECTS, seed=23)) as emu:
        yield emu


@pytest.fixture
async def client(many: Emulator) -> AsyncIterator[MaiaClient]:
    endpoints = Endpoints(api_base=many.api_base, token_url=many.token_url, region="custom")
    # 400 pages: past the request budget's burst, and nobody moves this FakeClock; the budget
    # is tested in tests/api, here it must not be what the test waits for.
    unbounded = {"requests_per_minute": 1_000_000}
    async with MaiaClient(
        endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET), clock=FakeClock(), **unbounded
    ) as made:
        await made.login()
        yield made


def last_page(emu: Emulator) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {emu.issue_token()}"}
    with httpx.Client(trust_env=False) as http:
        body = http.get(f"{emu.api_base}/v1/projects", params={"page": 399, "size": 100}, headers=headers).json()
    assert len(body["results"]) == 100 and body["total"] == PROJECTS
    return list(body["results"])


async def test_a_project_on_the_last_of_400_pages_is_found_by_a_fuzzy_query(many: Emulator, client: MaiaClient) -> None:
    wanted = last_page(many)[57]
    index = ProjectIndex()
    await fill_index(index, lambda n, size: client.list_projects(n, size))
    assert index.complete and len(index.projects) == PROJECTS
    name = wanted["name"]
    typo = (name[:3] + name[4:]).upper()  # one letter missing, shouted
    found = [match.project.id for match in index.search(typo, limit=10)]
    assert wanted["id"] in found


async def test_results_arrive_while_the_index_fills(client: MaiaClient) -> None:
    index = ProjectIndex()
    seen_while_filling: list[tuple[int, int]] = []
    progress: list[tuple[int, int]] = []

    def on_progress(loaded: int, total: int) -> None:
        progress.append((loaded, total))
        if not index.complete and not seen_while_filling:
            first = index.projects[0]
            hits = index.search(first.name)
            seen_while_filling.append((len(index.projects), len(hits)))

    await fill_index(index, lambda n, size: client.list_projects(n, size), on_progress=on_progress)
    loaded, hits = seen_while_filling[0]
    assert loaded < PROJECTS and hits > 0
    assert progress[-1] == (PROJECTS, PROJECTS)
    assert [loaded for loaded, _ in progress] == sorted(loaded for loaded, _ in progress)
    assert 400 - 8 < len(progress) <= 400  # pages that beat page 0 are counted in its report


async def test_no_more_than_the_concurrency_limit_is_in_flight(client: MaiaClient) -> None:
    in_flight = 0
    most = 0

    async def fetch(number: int, size: int) -> Page[Project]:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        try:
            return await client.list_projects(number, size)
        finally:
            in_flight -= 1

    await fill_index(ProjectIndex(), fetch, concurrency=3)
    assert most == 3


def test_ranking_prefers_names_and_keeps_server_order_on_ties() -> None:
    index = ProjectIndex()
    index.add(
        [
            Project("p3", "Ledger cleanup", "fraud signals for finance"),
            Project("p1", "Fraud scoring", None),
            Project("p2", "Fraud scoring", "copy"),
        ]
    )
    assert [m.project.id for m in index.search("fraud")] == ["p1", "p2", "p3"]
    assert index.search("   ") == []


def test_matched_characters_worked_out_by_hand() -> None:
    assert name_spans("fraud", "sales – fraud 3") == ((8, 13),)
    assert name_spans("frd", "fraud") == ((0, 2), (4, 5))


def test_a_typo_falls_back_to_fuzzy_and_exact_words_rank_alone() -> None:
    index = ProjectIndex()
    index.add([Project("p1", "Fraud scoring", None), Project("p2", "Ledger cleanup", None)])
    assert [m.project.id for m in index.search("frod scoring")] == ["p1"]  # no name holds "frod"
    assert [m.project.id for m in index.search("cleanup")] == ["p2"]  # exact words: only those ranked
    index.add([Project("p3", "Frau scoring", None)])  # one letter short of "fraud"
    assert [m.project.id for m in index.search("fraud")] == ["p1"]  # a name holds it: near misses wait
    assert [m.project.id for m in index.search("fraux")] == ["p1", "p3"]  # none does: both, fuzzily
