"""`maia-tui api` against the emulator over loopback: the answer exactly as the server sent it,
every item of a page/size list and of a cursor list, writes gated, the server's refusals on
stderr with the exit codes of `check`, and never a token or the secret in the output. Expected
values come from the emulator's own answers, read with plain httpx."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
import pytest

from maia_tui.commands.api import api_async
from maia_tui.emulator import DEMO_CLIENT_SECRET, Emulator
from tests.support import Result, a_pipeline, assert_no_secret, call, parse, raw_get, raw_pages


def raw_text(emulator: Emulator, path: str, params: Any = None) -> str:
    """The emulator's answer as bytes on the wire (decoded), read with a token it issued."""
    headers = {"Authorization": f"Bearer {emulator.issue_token()}"}
    response = httpx.get(f"{emulator.api_base}{path}", params=params, headers=headers, timeout=10)
    response.raise_for_status()
    return response.text


def raw_cursor(emulator: Emulator, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every execution the list gives, page after page by its `more` token."""
    items: list[dict[str, Any]] = []
    token = None
    while True:
        body = raw_get(emulator, "/v1/pipeline-executions", {**params, "limit": 100, "paginationToken": token})
        items.extend(body["results"])
        token = body.get("more")
        if not token:
            return items


def api_requests(emulator: Emulator, path: str, method: str = "GET") -> list[Any]:
    """What maia-tui sent to `path` (not the test's own reads of the emulator)."""
    return [
        r
        for r in emulator.stats.requests
        if r.path == "/dpc/v1" + path and r.method == method and r.headers.get("user-agent", "").startswith("maia-tui/")
    ]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def test_a_get_prints_the_emulators_answer_byte_for_byte(env, emulator, clock, tokens) -> None:  # type: ignore[no-untyped-def]
    result = await call(["api", "/v1/projects?page=2", "-f", "size=7"], env, clock)
    assert result.code == 0, result.err
    assert result.out == raw_text(emulator, "/v1/projects", {"page": 2, "size": 7}) + "\n"
    assert len(json.loads(result.out)["results"]) == 7
    assert result.err == ""
    assert_no_secret(result.out, DEMO_CLIENT_SECRET, *(t.access_token.reveal() for t in tokens))


async def test_fields_of_a_get_are_its_query_and_repeat(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    argv = ["api", "pipeline-executions", "-f", "status=FAILED", "-f", "status=CANCELLED", "-f", "limit=9"]
    result = await call(argv, env, clock)
    assert result.code == 0, result.err
    expected = raw_text(
        emulator, "/v1/pipeline-executions", [("status", "FAILED"), ("status", "CANCELLED"), ("limit", 9)]
    )
    assert result.out == expected + "\n"
    (sent,) = api_requests(emulator, "/pipeline-executions")
    assert sent.query == "status=FAILED&status=CANCELLED&limit=9"
    assert {run["status"] for run in json.loads(result.out)["results"]} <= {"FAILED", "CANCELLED"}


async def test_on_a_terminal_the_answer_is_indented(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    out, err = Terminal(), io.StringIO()
    code = await api_async(parse("api", "/v1/agents", "-f", "size=2"), env=env, out=out, err=err, clock=clock)
    assert code == 0, err.getvalue()
    expected = json.loads(raw_text(emulator, "/v1/agents", {"size": 2}))
    assert out.getvalue() == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


async def test_paginate_returns_all_140_projects(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    result = await call(["api", "/v1/projects", "--paginate"], env, clock)
    assert result.code == 0, result.err
    projects = json.loads(result.out)
    assert len(projects) == 140
    assert projects == raw_pages(emulator, "/v1/projects")
    pages = [r.query for r in api_requests(emulator, "/projects")]
    assert pages == ["size=100", "size=100&page=1"]


async def test_paginate_follows_the_cursor_through_every_run_of_a_project(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    project_id = raw_get(emulator, "/v1/projects", {"page": 3, "size": 1})["results"][0]["id"]
    result = await call(["api", "/v1/pipeline-executions", "-f", f"projectId={project_id}", "--paginate"], env, clock)
    assert result.code == 0, result.err
    runs = json.loads(result.out)
    expected = raw_cursor(emulator, {"projectId": project_id})
    assert len(expected) > 200, "the project's runs span several cursor pages"
    assert runs == expected
    assert {run["projectId"] for run in runs} == {project_id}
    sent = api_requests(emulator, "/pipeline-executions")
    assert len(sent) == -(-len(expected) // 100)
    assert all("paginationToken=" in r.query for r in sent[1:])


async def test_paginate_needs_a_list(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    agent_id = raw_get(emulator, "/v1/agents", {"size": 1})["results"][0]["agentId"]
    result = await call(["api", f"/v1/agents/{agent_id}", "--paginate"], env, clock)
    assert result.code == 1
    assert "--paginate needs a list" in result.err and result.out == ""


async def test_a_post_is_refused_read_only_and_sent_with_writes_enabled(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    project_id, _, environment, pipeline = a_pipeline(emulator)
    path = f"/v1/projects/{project_id}/pipeline-executions"
    argv = ["api", "-X", "POST", path, "-f", f"pipelineName={pipeline}", "-f", f"environmentName={environment}"]
    refused = await call(argv, env, clock)
    assert refused.code == 1
    assert "writes are off" in refused.err and "--allow-writes" in refused.err
    assert refused.out == ""
    assert not [r for r in emulator.stats.requests if r.method == "POST" and r.path.startswith("/dpc/")]

    done = await call([*argv, "-F", 'scalarVariables={"REGION": "emea"}', "--allow-writes"], env, clock)
    assert done.code == 0, done.err
    (execution_id,) = emulator.store.written
    assert json.loads(done.out) == {"pipelineExecutionId": execution_id}
    (post,) = api_requests(emulator, path.removeprefix("/v1"), "POST")
    assert post.body == {
        "pipelineName": pipeline,
        "environmentName": environment,
        "scalarVariables": {"REGION": "emea"},
    }


async def test_writes_enabled_from_the_environment_and_typed_fields(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    project_id, project_name, environment, pipeline = a_pipeline(emulator)
    started = await call(["run", project_name, pipeline, "--env", environment, "--allow-writes", "--json"], env, clock)
    execution_id = started.json["execution_id"]
    path = f"/v1/projects/{project_id}/pipeline-executions/{execution_id}"
    argv = ["api", "-X", "patch", path, "-f", "status=CANCELLED", "-F", "forceUpdate=false"]
    result = await call(argv, {**env, "MAIA_ALLOW_WRITES": "1"}, clock)
    assert result.code == 0, result.err
    (patch,) = api_requests(emulator, path.removeprefix("/v1"), "PATCH")
    assert patch.body == {"status": "CANCELLED", "forceUpdate": False}


async def test_headers_are_sent_and_an_authorization_header_is_refused(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    result = await call(["api", "/v1/agents", "-H", "account-id: acct-42", "-H", "X-Trace:  t1 "], env, clock)
    assert result.code == 0, result.err
    (sent,) = api_requests(emulator, "/agents")
    assert sent.headers["account-id"] == "acct-42" and sent.headers["x-trace"] == "t1"
    with pytest.raises(SystemExit):
        parse("api", "/v1/agents", "-H", "Authorization: Bearer pasted")


@pytest.mark.parametrize(
    ("path", "deny", "code", "status", "kind"),
    [
        ("/v1/nothing/here", set(), 4, "HTTP 404 Not Found", "not found"),
        (
            "/v1/events?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z",
            {"events"},
            4,
            "HTTP 403 Forbidden",
            "forbidden",
        ),
        ("/v1/events", set(), 1, "HTTP 400 Bad Request", "bad request"),
    ],
)
async def test_a_refusal_shows_the_apps_message_then_the_servers_status_and_body(  # type: ignore[no-untyped-def]
    env, emulator, clock, path: str, deny: set[str], code: int, status: str, kind: str
) -> None:
    emulator.deny = deny
    result = await call(["api", path], env, clock)
    assert result.code == code
    assert result.out == ""
    first, second, body = result.err.split("\n", 2)
    assert first.startswith(f"✗ Request failed ({kind}, exit {code}): ")
    assert second == status
    problem = json.loads(body)
    assert problem["status"] == int(status.split()[1])
    assert problem["detail"] in first  # the server's words, in the app's message too


async def test_refused_credentials_exit_2_and_no_secret_is_echoed(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    result: Result = await call(["api", "/v1/projects"], {**env, "MAIA_CLIENT_SECRET": "Zq4W-x9kT-wrong"}, clock)
    assert result.code == 2
    assert "credentials refused" in result.err
    assert_no_secret(result.out + result.err, "Zq4W-x9kT-wrong")


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["api", "https://eu1.api.matillion.com/dpc/v1/projects"], "not a URL"),
        (["api", "-X", "POST", "/v1/projects", "--paginate"], "lists are read with GET"),
        (["api", "-X", "POST", "/v1/x", "-f", "a=1", "-f", "a=2"], "given twice"),
        (["api", "-X", "GET /v1", "/v1/projects"], "-X takes an HTTP method"),
    ],
)
async def test_usage_problems_exit_2_before_any_request(env, emulator, clock, argv, problem) -> None:  # type: ignore[no-untyped-def]
    result = await call(argv, env, clock)
    assert result.code == 2 and problem in result.err
    assert emulator.stats.api_requests == 0
