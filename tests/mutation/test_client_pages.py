"""How MaiaClient reads a list answer (api/client.py `_page`, `list_executions`) and what it asks
for, for the mutants a mutation run found surviving: the page and size a server reports, a
`total` that cannot be used, skipped items, the cursor `more`, the query of the executions list,
path segments, and times without a zone.

Odd answers come from a transport standing in for the server; what the client asks goes to the
emulator over loopback and is noted on the way (tests/mutation/transports.py). Expected values
are the contract's (shared/maia-api.md §4, §5, §7)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from maia_tui.api.client import MaiaClient
from maia_tui.api.errors import InvalidResponse, NotFound
from tests.mutation.transports import Answering

PROJECT = {"id": "3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c", "name": "Revenue", "description": "money in"}
EXECUTION = {
    "pipelineExecutionId": "0c6a8d1e-2b4f-4e7a-9d3c-5f1e2a7b8c9d",
    "pipelineName": "dir/nightly.orch.yaml",
    "status": "FAILED",
    "startedAt": "2026-01-15T09:00:00Z",
}


async def projects_answered(make_client: Callable[..., MaiaClient], body: object, page: int = 3, size: int = 7):
    client = make_client(transport=Answering("/v1/projects", body))
    await client.login()
    return await client.list_projects(page=page, size=size)


async def executions_answered(make_client: Callable[..., MaiaClient], body: object):
    client = make_client(transport=Answering("/v1/pipeline-executions", body))
    await client.login()
    return await client.list_executions(limit=7)


# ----- page/size answers ----------------------------------------------------------------------


@pytest.mark.parametrize("body", [[PROJECT], {"results": {"0": PROJECT}}, {"page": 3, "total": 1}])
async def test_a_list_answer_without_a_results_array_is_refused(make_client, body):
    with pytest.raises(InvalidResponse) as caught:
        await projects_answered(make_client, body)
    assert caught.value.message == "The list answer has no 'results' array"


@pytest.mark.parametrize(("reported", "size"), [(10, 10), (1, 1)])
async def test_the_page_and_size_the_server_reports_are_kept(make_client, reported, size):
    page = await projects_answered(make_client, {"page": 4, "size": reported, "total": 41, "results": [PROJECT]})
    assert (page.page, page.size, page.total, page.problems) == (4, size, 41, ())


@pytest.mark.parametrize(
    ("reported", "size"),
    [({"page": True, "size": "10"}, 7), ({"page": "4", "size": 0}, 7), ({"size": -3}, 7), ({}, 7)],
    ids=["bool page, text size", "text page, zero size", "negative size", "neither"],
)
async def test_an_unusable_page_or_size_falls_back_to_what_was_asked(make_client, reported, size):
    page = await projects_answered(make_client, {**reported, "total": 41, "results": [PROJECT]})
    assert (page.page, page.size) == (3, size)


async def test_a_total_of_zero_is_a_total(make_client):
    page = await projects_answered(make_client, {"page": 0, "size": 25, "total": 0, "results": []}, page=0, size=25)
    assert (page.total, page.problems, page.results) == (0, (), ())


@pytest.mark.parametrize("total", [-1, "41", True, None, 4.5])
async def test_an_unusable_total_is_a_problem_and_counts_what_came(make_client, total):
    body = {"page": 3, "size": 7, "results": [PROJECT, {**PROJECT, "id": "second"}]}
    if total is not None:
        body["total"] = total
    page = await projects_answered(make_client, body)
    assert page.problems == ("the answer has no usable 'total'",)
    assert page.total == 3 * 7 + 2  # the pages before this one, full, and what this one holds


async def test_items_that_cannot_be_read_are_skipped_and_counted(make_client):
    results = [PROJECT, {"name": "no id"}, {**PROJECT, "id": "second"}, 17]
    page = await projects_answered(make_client, {"page": 3, "size": 7, "total": 41, "results": results})
    assert [project.id for project in page.results] == [PROJECT["id"], "second"]
    assert page.skipped == 2 and len(page.problems) == 2


# ----- cursor answers -------------------------------------------------------------------------


@pytest.mark.parametrize("body", [[EXECUTION], {"results": "none"}, {"more": "abc"}])
async def test_an_executions_answer_without_a_results_array_is_refused(make_client, body):
    with pytest.raises(InvalidResponse) as caught:
        await executions_answered(make_client, body)
    assert caught.value.message == "The executions answer has no 'results' array"


@pytest.mark.parametrize(("more", "kept"), [("c2Vjb25k", "c2Vjb25k"), ("", None), (42, None), (None, None)])
async def test_more_is_kept_only_as_a_non_empty_string(make_client, more, kept):
    body: dict[str, Any] = {"results": [EXECUTION]}
    if more is not None:
        body["more"] = more
    page = await executions_answered(make_client, body)
    assert page.more == kept


async def test_an_executions_page_keeps_its_problems_and_raw_answer(make_client):
    body = {"results": [EXECUTION, {"status": "RUNNING"}], "more": "next"}
    page = await executions_answered(make_client, body)
    assert [e.pipeline_execution_id for e in page.results] == [EXECUTION["pipelineExecutionId"]]
    assert len(page.problems) == 1 and "pipelineExecutionId" in page.problems[0]
    assert page.raw == body


# ----- what is asked --------------------------------------------------------------------------


async def test_executions_are_asked_25_at_a_time_by_default(recorded):
    client, transport = recorded
    await client.list_executions()
    assert transport.queries("/v1/pipeline-executions") == [{"limit": ["25"]}]


async def test_every_executions_filter_goes_by_its_contract_name(make_client):
    transport = Answering("/v1/pipeline-executions", {"results": []})
    client = make_client(transport=transport)
    await client.login()
    await client.list_executions(
        "3f2a9c1e",
        limit=9,
        pagination_token="tok",
        pipeline_name="nightly",
        environment_name="Staging",
        status=["RUNNING", "FAILED"],
        started_after=datetime(2026, 1, 14, 8, 15, tzinfo=UTC),
        started_before="2026-01-15T00:00:00+01:00",
        schedule_id="sch-4",
    )
    assert transport.queries("/v1/pipeline-executions") == [
        {
            "projectId": ["3f2a9c1e"],
            "limit": ["9"],
            "paginationToken": ["tok"],
            "pipelineName": ["nightly"],
            "environmentName": ["Staging"],
            "status": ["RUNNING", "FAILED"],
            "startedAfter": ["2026-01-14T08:15:00Z"],
            "startedBefore": ["2026-01-15T00:00:00+01:00"],  # a string is sent as given
            "scheduleId": ["sch-4"],
        }
    ]


@pytest.fixture
def new_york_local_time() -> Iterator[None]:
    """The process's local zone is New York, so a naive time taken as local would show."""
    saved = time.tzname
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "America/New_York")
        time.tzset()
        assert time.tzname != saved or time.tzname[0] in {"EST", "EDT"}
        yield
    time.tzset()


async def test_a_time_without_a_zone_is_taken_as_utc_whatever_the_local_zone(recorded, new_york_local_time):
    client, transport = recorded
    await client.list_executions(started_after=datetime(2026, 1, 14, 8, 15), started_before=datetime(2026, 7, 1))
    (query,) = transport.queries("/v1/pipeline-executions")
    assert (query["startedAfter"], query["startedBefore"]) == (["2026-01-14T08:15:00Z"], ["2026-07-01T00:00:00Z"])


async def test_an_id_is_one_path_segment_even_with_a_slash_in_it(recorded):
    client, transport = recorded
    with pytest.raises(NotFound):
        await client.get_execution("team/a b", "run/1")
    assert transport.urls[-1].raw_path == b"/dpc/v1/projects/team%2Fa%20b/pipeline-executions/run%2F1"


async def test_walking_projects_asks_for_pages_of_the_size_given(recorded):
    client, transport = recorded
    walked = []
    async for project in client.iter_projects(size=3):
        walked.append(project.id)
        if len(walked) == 7:
            break
    assert transport.queries("/v1/projects") == [{"page": [str(n)], "size": ["3"]} for n in range(3)]
