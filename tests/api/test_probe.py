"""The permission probe against the emulator: one read per area, the outcome of each, and what
it costs (at most one request per area, none offline after the first failure, never a write)."""

from __future__ import annotations

import httpx
import pytest

from maia_tui.api.probe import RUN_NOTE, Outcome, probe_permissions

AREA_PATHS = {
    "projects": "/dpc/v1/projects",
    "runs": "/dpc/v1/pipeline-executions",
    "agents": "/dpc/v1/agents",
    "events": "/dpc/v1/events",
    "credits": "/dpc/v1/consumption",
}


async def test_one_read_per_area_and_no_writes(make_client, emulator) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    await client.login()
    emulator.stats.reset()
    granted = client.budget.granted
    report = await probe_permissions(client)
    assert client.budget.granted - granted == 6  # every read went through the request budget
    assert [r.area for r in report.results] == [
        "projects",
        "environments",
        "runs",
        "agents",
        "events",
        "credits",
        "run_pipelines",
    ]
    for outcome_area in ("projects", "environments", "runs", "agents", "events", "credits"):
        assert report.result(outcome_area).outcome is Outcome.ALLOWED, report.result(outcome_area)
    by_path = emulator.stats.requests_by_path
    for path in AREA_PATHS.values():
        assert by_path[path] == 1, (path, dict(by_path))
    environments = [p for p in by_path if p.endswith("/environments")]
    assert len(environments) == 1 and by_path[environments[0]] == 1
    assert emulator.stats.api_requests == 6
    assert report.result("events").request == (
        "GET /v1/events?from=2026-01-14T09:30:00Z&to=2026-01-15T09:30:00Z&page=0&size=1"
    )
    assert report.result("credits").request == "GET /v1/consumption?consumedFrom=2026-01-14&consumedBefore=2026-01-15"
    assert report.result("run_pipelines").outcome is Outcome.NOT_TESTED
    assert report.result("run_pipelines").reason == RUN_NOTE


@pytest.mark.parametrize(("kind", "advice"), [("role", "role"), ("ip", "allow list")])
async def test_refused_everywhere_says_why_and_what_to_do(make_client, emulator, kind, advice) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    await client.login()
    emulator.faults.forbidden = kind
    report = await probe_permissions(client)
    projects = report.result("projects")
    assert projects.outcome is Outcome.REFUSED and projects.status == 403
    assert "Access denied" in (projects.reason or "")
    assert advice in f"{projects.reason} {projects.advice}"  # what to do, said by the server or by us
    assert report.result("environments").outcome is Outcome.SKIPPED
    for area in ("runs", "agents", "events"):
        assert report.result(area).outcome is Outcome.REFUSED


async def test_wrong_region_is_not_found_with_the_region_hint(make_client, emulator) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    await client.login()
    emulator.faults.wrong_region = True
    report = await probe_permissions(client)
    projects = report.result("projects")
    assert projects.outcome is Outcome.NOT_FOUND and projects.status == 404
    assert "other region" in (projects.advice or "")


async def test_offline_the_first_failure_stops_the_probe(make_client, emulator) -> None:  # type: ignore[no-untyped-def]
    client = make_client(retries=0)
    await client.login()
    named = f"127.0.0.1:{httpx.URL(emulator.api_base).port}"  # not the default port: it is said
    emulator.stop()
    try:
        report = await probe_permissions(client)
    finally:
        emulator.start()
    projects = report.result("projects")
    assert projects.outcome is Outcome.FAILED and projects.status is None
    assert f"Could not connect to {named}" in (projects.reason or "")
    for area in ("environments", "runs", "agents", "events", "credits"):
        result = report.result(area)
        assert result.outcome is Outcome.SKIPPED
        assert result.reason == f"not tried: Could not connect to {named}"


async def test_deny_events_and_consumption_refuses_exactly_those(make_client, emulator) -> None:  # type: ignore[no-untyped-def]
    client = make_client()
    await client.login()
    emulator.deny = {"events", "consumption"}
    try:
        report = await probe_permissions(client)
    finally:
        emulator.deny = set()
    refused = {r.area for r in report.results if r.outcome is Outcome.REFUSED}
    allowed = {r.area for r in report.results if r.outcome is Outcome.ALLOWED}
    assert refused == {"events", "credits"}
    assert allowed == {"projects", "environments", "runs", "agents"}
    assert report.result("events").status == 403
    events = report.result("events")
    # The server's reason names the role to give; the advice does not say it a second time.
    assert "View Audit Events" in (events.reason or "") and "role" not in (events.advice or "")
    assert "IP allow list" in (events.advice or "")
