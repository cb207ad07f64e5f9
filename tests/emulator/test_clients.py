"""Several credential sets on one emulator (`--client ID:SECRET[:deny=AREA,AREA]`, repeatable):
each gets tokens with its own secret, and its tokens are refused (403) exactly its own areas;
`--deny` still refuses an area to every client."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import httpx
import pytest

from maia_tui.emulator import DEMO_CLIENT_ID, Emulator, running_emulator
from maia_tui.emulator.cli import add_arguments, banner, config_from
from maia_tui.emulator.config import Client, EmulatorConfig
from tests.support import token_form
from tests.support.board_clients import ADMIN_ID, ADMIN_SECRET, READONLY_ID, READONLY_SECRET, ROTATED_ID, three_clients

EVENTS = "/v1/events?from=2026-01-14T09:00:00Z&to=2026-01-15T09:00:00Z"
CREDITS = "/v1/consumption?consumedFrom=2026-01-13&consumedBefore=2026-01-14"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with running_emulator(three_clients()) as emulator:
        yield emulator


def get(emu: Emulator, client_id: str, secret: str, path: str) -> int:
    with httpx.Client(trust_env=False) as http:
        answer = http.post(emu.token_url, data=token_form(client_id, secret))
        assert answer.status_code == 200, answer.text
        token = answer.json()["access_token"]
        return http.get(emu.api_base + path, headers={"Authorization": f"Bearer {token}"}).status_code


def test_the_flags_make_exactly_these_clients() -> None:
    config = three_clients()
    assert set(config.clients) == {ADMIN_ID, READONLY_ID, ROTATED_ID}  # the demo client is not served
    assert config.client_deny == {READONLY_ID: frozenset({"events", "consumption"})}


def test_each_client_is_refused_only_its_own_areas(emu: Emulator) -> None:
    for path in (EVENTS, CREDITS, "/v1/projects", "/v1/agents"):
        assert get(emu, ADMIN_ID, ADMIN_SECRET, path) == 200
    assert get(emu, READONLY_ID, READONLY_SECRET, "/v1/projects") == 200
    assert get(emu, READONLY_ID, READONLY_SECRET, EVENTS) == 403
    assert get(emu, READONLY_ID, READONLY_SECRET, CREDITS) == 403


def test_deny_still_applies_to_every_client() -> None:
    with running_emulator(three_clients("--deny", "agents")) as emulator:
        assert get(emulator, ADMIN_ID, ADMIN_SECRET, "/v1/agents") == 403
        assert get(emulator, READONLY_ID, READONLY_SECRET, "/v1/agents") == 403
        assert get(emulator, ADMIN_ID, ADMIN_SECRET, EVENTS) == 200


def test_a_wrong_secret_for_a_known_client_is_refused(emu: Emulator) -> None:
    with httpx.Client(trust_env=False) as http:
        answer = http.post(emu.token_url, data=token_form(ROTATED_ID, "not-its-secret"))
    assert answer.status_code == 401 and answer.json()["error"] == "unauthorized_client"


def test_a_secret_may_hold_colons() -> None:
    client = Client.parse("ci:a:b:c:deny=run,cancel")
    assert (client.client_id, client.secret, client.deny) == ("ci", "a:b:c", frozenset({"run", "cancel"}))
    assert Client.parse("ci:a:b").secret == "a:b"


@pytest.mark.parametrize("flag", ["ci-only", "ci:", ":Zq9-secret", "ci:Zq9-secret:deny=events,everything"])
def test_a_bad_client_is_a_usage_error_that_never_echoes_the_secret(flag: str, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        parse("--client", flag)
    err = capsys.readouterr().err
    assert "ID:SECRET" in err and "Zq9-secret" not in err


def test_without_client_flags_the_demo_client_is_served() -> None:
    assert list(config_from(parse()).clients) == [DEMO_CLIENT_ID]


def test_the_banner_lists_every_client_and_its_refused_areas(emu: Emulator) -> None:
    text = banner(emu)
    assert f"{READONLY_ID}  {READONLY_SECRET}  consumption,events" in text
    assert f"{ADMIN_ID}  {ADMIN_SECRET}  -" in text
    assert f"client_id={ADMIN_ID}" in text  # the curl to paste uses the first client


def test_deny_areas_of_an_unknown_client_are_refused() -> None:
    with pytest.raises(ValueError, match="not one of the clients"):
        EmulatorConfig(client_deny={"ghost": frozenset({"events"})})
