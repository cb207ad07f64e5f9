"""page/size lists: 0-based pages, size 1..100 (default 25), an exact total, problems for bad input."""

from __future__ import annotations

import pytest

from maia_tui.emulator import EmulatorConfig, running_emulator
from tests.support import bearer


def test_default_page_is_0_and_size_25(api):
    body = api("/v1/projects").json()
    assert (body["page"], body["size"], body["total"]) == (0, 25, 140)
    assert len(body["results"]) == 25
    assert set(body["results"][0]) == {"id", "name", "description"}


def test_every_project_appears_once_across_pages(api):
    seen = []
    for page in range(2):
        seen += [p["id"] for p in api("/v1/projects", page=page, size=100).json()["results"]]
    assert len(seen) == 140 and len(set(seen)) == 140


def test_last_partial_page_and_past_the_end(api):
    last = api("/v1/projects", page=5, size=25).json()
    assert len(last["results"]) == 15 and last["total"] == 140
    past = api("/v1/projects", page=6, size=25).json()
    assert past == {"page": 6, "size": 25, "total": 140, "results": []}
    far = api("/v1/projects", page=10_000, size=100).json()
    assert far["results"] == [] and far["total"] == 140


def test_total_an_exact_multiple_of_size(http):
    with running_emulator(EmulatorConfig(projects=100, seed=3)) as emu:
        headers = bearer(emu)
        pages = [
            http.get(emu.api_base + "/v1/projects", params={"page": p, "size": 25}, headers=headers).json()
            for p in range(5)
        ]
    assert [len(p["results"]) for p in pages] == [25, 25, 25, 25, 0]
    assert {p["total"] for p in pages} == {100}


def test_empty_account(http):
    with running_emulator(EmulatorConfig(projects=0)) as emu:
        headers = bearer(emu)
        for path in ("/v1/projects", "/v1/agents"):
            assert http.get(emu.api_base + path, headers=headers).json() == {
                "page": 0,
                "size": 25,
                "total": 0,
                "results": [],
            }
        executions = http.get(emu.api_base + "/v1/pipeline-executions", headers=headers).json()
        assert executions == {"results": []}
        events = http.get(
            emu.api_base + "/v1/events",
            headers=headers,
            params={"from": "2026-01-01T00:00:00Z", "to": "2026-01-15T00:00:00Z"},
        ).json()
        assert events["total"] == 0


@pytest.mark.parametrize(
    "params, violation",
    [
        ({"size": 101}, "size: must be less than or equal to 100"),
        ({"size": 0}, "size: must be greater than or equal to 1"),
        ({"size": -5}, "size: must be greater than or equal to 1"),
        ({"page": -1}, "page: must be greater than or equal to 0"),
        ({"page": "two"}, "page: must be an integer"),
        ({"size": "1.5"}, "size: must be an integer"),
    ],
)
def test_bad_paging_is_a_400_problem(api, params, violation):
    response = api("/v1/projects", **params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert problem["violations"] == [violation]
    assert problem["instance"] == "/dpc/v1/projects" and problem["type"]


def test_size_100_is_allowed(api):
    body = api("/v1/projects", size=100).json()
    assert body["size"] == 100 and len(body["results"]) == 100


@pytest.mark.parametrize("path", ["/v1/agents", "/v1/projects/{p}/environments", "/v1/projects/{p}/schedules"])
def test_every_page_size_list_enforces_the_rules(api, path):
    project = api("/v1/projects", size=1).json()["results"][0]["id"]
    path = path.format(p=project)
    assert api(path, size=101).status_code == 400
    body = api(path, page=0, size=1).json()
    assert set(body) == {"page", "size", "total", "results"} and body["size"] == 1
    assert len(body["results"]) == min(1, body["total"])
    assert api(path, page=body["total"], size=1).json()["results"] == []
