"""Each fault knob, set live from the test thread, does exactly what it says, deterministically."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from maia_tui.emulator import EmulatorConfig, Faults, running_emulator
from tests.support import bearer, token_form


def get_projects(emu, http, **params):
    return http.get(emu.api_base + "/v1/projects", params=params, headers=bearer(emu))


def test_latency_is_added_to_every_api_request(emu, http):
    headers = bearer(emu)
    emu.faults.latency_ms = 250
    started = time.perf_counter()
    assert http.get(emu.api_base + "/v1/agents", headers=headers).status_code == 200
    assert time.perf_counter() - started >= 0.25


async def test_page_latency_never_blocks_other_requests(emu):
    emu.faults.page_latency_ms = {2: 600}
    headers = bearer(emu)
    finished: list[int] = []
    async with httpx.AsyncClient(timeout=5) as client:

        async def fetch(page: int) -> None:
            params = {"page": page, "size": 2}
            response = await client.get(emu.api_base + "/v1/projects", params=params, headers=headers)
            assert response.status_code == 200
            finished.append(page)

        slow = asyncio.create_task(fetch(2))
        await asyncio.sleep(0.05)  # the slow request is in the server first
        await fetch(3)
        await slow
    assert finished == [3, 2]  # the later, fast page was answered while the slow one waited


def test_rate_limit_share_half_fails_every_second_request(emu, http):
    emu.faults.rate_limit_share = 0.5
    emu.faults.retry_after = 3
    responses = [get_projects(emu, http) for _ in range(6)]
    assert [r.status_code for r in responses] == [200, 429] * 3
    limited = responses[1]
    assert limited.headers["retry-after"] == "3"
    assert limited.headers["content-type"] == "application/problem+json"
    assert limited.json()["status"] == 429 and "retry after 3" in limited.json()["detail"]


def test_a_changed_share_restarts_its_count(emu, http):
    emu.faults.rate_limit_share = 1.0
    assert get_projects(emu, http).status_code == 429
    emu.faults.rate_limit_share = 0.5
    assert [get_projects(emu, http).status_code for _ in range(2)] == [200, 429]
    emu.faults.rate_limit_share = 0.0
    assert get_projects(emu, http).status_code == 200


def test_server_error_share(emu, http):
    emu.faults.server_error_share = 0.25
    codes = [get_projects(emu, http).status_code for _ in range(8)]
    assert codes == [200, 200, 200, 503] * 2
    emu.faults.server_error_share = 1.0
    response = get_projects(emu, http)
    assert response.status_code == 503 and response.json()["title"] == "Service Unavailable"


def test_dropped_connection_is_a_protocol_error_not_a_500(emu, http):
    emu.faults.drop_share = 1.0
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        get_projects(emu, http)
    emu.faults.drop_share = 0.0
    assert get_projects(emu, http).status_code == 200  # the server survived


def test_malformed_html_looks_like_a_proxy_page(emu, http):
    emu.faults.malformed = "html"
    response = get_projects(emu, http)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.lstrip().startswith("<!DOCTYPE html>")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_malformed_truncated_is_half_a_json_document(emu, http):
    whole = get_projects(emu, http).content
    emu.faults.malformed = "truncated"
    response = get_projects(emu, http)
    assert response.headers["content-type"] == "application/json"
    assert response.content == whole[: len(whole) // 2]
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_malformed_empty_body(emu, http):
    emu.faults.malformed = "empty"
    response = get_projects(emu, http)
    assert response.status_code == 200 and response.content == b""


def test_malformed_wrong_types(emu, http):
    emu.faults.malformed = "wrong_types"
    body = get_projects(emu, http).json()
    assert isinstance(body["total"], str) and isinstance(body["results"], dict)
    item = http.get(emu.api_base + "/v1/pipeline-executions", headers=bearer(emu)).json()
    assert isinstance(item["results"], dict) and isinstance(item["more"], int)


def test_malformed_does_not_touch_the_token_endpoint(emu, http):
    emu.faults.malformed = "html"
    assert http.post(emu.token_url, data=token_form()).json()["token_type"] == "Bearer"


@pytest.mark.parametrize("kind, words", [("role", "role"), ("ip", "IP address")])
def test_forbidden(emu, http, kind, words):
    emu.faults.forbidden = kind
    response = get_projects(emu, http)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert words in response.json()["detail"]


def test_forbidden_still_needs_a_valid_token_first(emu, http):
    emu.faults.forbidden = "role"
    assert http.get(emu.api_base + "/v1/projects").status_code == 401


@pytest.mark.parametrize("path", ["/v1/projects", "/v1/agents", "/v1/pipeline-executions"])
def test_wrong_region_is_404_everywhere(emu, http, path):
    emu.faults.wrong_region = True
    response = http.get(emu.api_base + path, headers=bearer(emu))
    assert response.status_code == 404
    assert "region" in response.json()["detail"]


def test_token_endpoint_is_spared_unless_asked(emu, http):
    emu.faults.server_error_share = 1.0
    emu.faults.drop_share = 0.0
    assert http.post(emu.token_url, data=token_form()).status_code == 200
    emu.faults.token_endpoint_faults = True
    failing = http.post(emu.token_url, data=token_form())
    assert failing.status_code == 503 and failing.json()["error"] == "temporarily_unavailable"
    emu.faults.server_error_share = 0.0
    emu.faults.drop_share = 1.0
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        http.post(emu.token_url, data=token_form())
    emu.faults.drop_share = 0.0
    emu.faults.latency_ms = 200
    started = time.perf_counter()
    assert http.post(emu.token_url, data=token_form()).status_code == 200
    assert time.perf_counter() - started >= 0.2
    assert emu.stats.token_requests == 4  # faulted requests are counted too


def test_faults_can_be_replaced_whole_and_set_at_construction(http):
    config = EmulatorConfig(projects=2, faults=Faults(wrong_region=True))
    with running_emulator(config) as emu:
        assert get_projects(emu, http).status_code == 404
        emu.faults = Faults(forbidden="ip")
        assert get_projects(emu, http).status_code == 403
        emu.faults = Faults()
        assert get_projects(emu, http).status_code == 200


@pytest.mark.parametrize(
    "kwargs", [{"rate_limit_share": 1.5}, {"drop_share": -0.1}, {"malformed": "xml"}, {"forbidden": "mood"}]
)
def test_faults_refuse_nonsense(kwargs):
    with pytest.raises(ValueError):
        Faults(**kwargs)


def test_reset_turns_every_fault_off(emu, http):
    emu.faults.wrong_region = True
    emu.revoke_all_tokens()
    emu.reset()
    assert get_projects(emu, http).status_code == 200
    assert http.post(emu.token_url, data=token_form()).status_code == 200
