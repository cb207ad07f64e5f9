"""`maia-tui check` against the real emulator over loopback: every exit code, text and JSON,
and neither the secret nor the token anywhere in the output or the config file."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import Token
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.commands import main as cli
from maia_tui.commands.check import run_check
from maia_tui.credentials.config import Profile
from maia_tui.credentials.profiles import remember_profile
from maia_tui.credentials.store import SecretStore

JWT_PREFIX = "eyJ"


def parse(*argv: str) -> argparse.Namespace:
    return cli.build_parser().parse_args(["check", *argv])


async def _no_sleep(seconds: float) -> None:
    return None


class Run:
    """One in-process check: exit code, stdout, stderr."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.out)

    def assert_no_leak(self, *secrets: str) -> None:
        for text in (self.out, self.err):
            for secret in secrets:
                assert secret not in text
            assert JWT_PREFIX not in text, "a token went to the output"


@pytest.fixture
def issued_tokens(monkeypatch: pytest.MonkeyPatch) -> list[Token]:
    """Every token a check obtains, so tests can compare what was printed against the real one."""
    tokens: list[Token] = []
    original = MaiaClient.login

    async def spy(self: MaiaClient) -> Token:
        token = await original(self)
        tokens.append(token)
        return token

    monkeypatch.setattr(MaiaClient, "login", spy)
    return tokens


@pytest.fixture
def check(capsys: pytest.CaptureFixture[str], issued_tokens: list[Token]):  # type: ignore[no-untyped-def]
    def run(*argv: str) -> Run:
        issued_tokens.clear()  # only the tokens this check obtains
        code = run_check(parse(*argv), retry_sleep=_no_sleep)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def emulator_env(emulator, demo_credentials, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MAIA_API_URL", emulator.api_base)
    monkeypatch.setenv("MAIA_TOKEN_URL", emulator.token_url)
    monkeypatch.setenv("MAIA_CLIENT_ID", demo_credentials[0])
    monkeypatch.setenv("MAIA_CLIENT_SECRET", demo_credentials[1])
    return emulator


@pytest.fixture
def project_total(emulator, demo_credentials) -> int:  # type: ignore[no-untyped-def]
    """The emulator's project count, asked independently of `check`."""

    async def fetch() -> int:
        endpoints = Endpoints(api_base=emulator.api_base, token_url=emulator.token_url)
        async with MaiaClient(endpoints, demo_credentials[0], Secret(demo_credentials[1])) as client:
            await client.login()
            return (await client.list_projects(size=1)).total

    return asyncio.run(fetch())


def test_valid_credentials_from_the_environment(
    check, emulator_env, demo_credentials, issued_tokens, project_total
) -> None:  # type: ignore[no-untyped-def]
    run = check()
    assert run.code == 0, run.err
    (token,) = issued_tokens
    local = token.expires_at_wall.astimezone()
    assert f"client id {demo_credentials[0]}" in run.out
    assert Endpoints(emulator_env.api_base).api_host in run.out
    assert f"valid until {local:%Y-%m-%d %H:%M:%S %Z}" in run.out
    assert f"scope:        {token.scope}" in run.out
    assert f"projects:     {project_total}" in run.out
    assert token.access_token.fingerprint in run.out
    assert "environment (MAIA_CLIENT_SECRET)" in run.out
    run.assert_no_leak(demo_credentials[1], token.access_token.reveal())


def test_valid_credentials_from_a_profile_as_json(
    check, emulator, demo_credentials, issued_tokens, project_total, config_file: Path
) -> None:  # type: ignore[no-untyped-def]
    profile = Profile(
        name="emu", client_id=demo_credentials[0], api_url=emulator.api_base, token_url=emulator.token_url
    )
    remember_profile(profile, Secret(demo_credentials[1]), SecretStore())
    before = config_file.read_bytes()

    run = check("--profile", "emu", "--json")
    assert run.code == 0, run.out
    document = run.json
    (token,) = issued_tokens
    assert document["ok"] is True and document["exit_code"] == 0
    assert document["client_id"] == demo_credentials[0] and document["profile"] == "emu"
    assert document["api_host"] == Endpoints(emulator.api_base).api_host
    assert document["sources"]["client_secret"] == "keyring (profile 'emu')"
    assert document["token"]["valid_until_utc"] == token.expires_at_wall.isoformat(timespec="seconds")
    assert 0 < document["token"]["remaining_seconds"] <= token.expires_in
    assert document["token"]["scope"] == token.scope
    assert document["token"]["fingerprint"] == token.access_token.fingerprint
    assert document["projects"]["total"] == project_total
    run.assert_no_leak(demo_credentials[1], token.access_token.reveal())

    # check only reads the config; and the file holds neither the secret nor the token.
    assert config_file.read_bytes() == before
    text = config_file.read_text()
    assert demo_credentials[1] not in text and token.access_token.reveal() not in text
    assert JWT_PREFIX not in text


@pytest.mark.parametrize("as_json", [False, True])
def test_refused_credentials_exit_2(check, emulator_env, monkeypatch, as_json) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MAIA_CLIENT_SECRET", "not-the-right-secret")
    run = check(*(["--json"] if as_json else []))
    assert run.code == 2
    if as_json:
        assert run.json["error"]["kind"] == "credentials_refused"
        assert "Invalid client" in run.json["error"]["message"]
        assert run.json["ok"] is False and run.json["exit_code"] == 2
    else:
        assert "credentials refused, exit 2" in run.err and "client id and secret" in run.err
    run.assert_no_leak("not-the-right-secret")


def test_unreachable_host_exit_3(refusing_port, check, emulator_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    port = refusing_port
    monkeypatch.setenv("MAIA_TOKEN_URL", f"http://127.0.0.1:{port}/oauth/dpc/token")
    run = check("--json")
    assert run.code == 3
    assert run.json["error"]["kind"] == "network"
    assert "127.0.0.1" in run.json["error"]["message"]


def test_tls_failure_exit_3(check, emulator_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The emulator speaks plain HTTP, so a TLS handshake with it fails like a broken proxy would.
    monkeypatch.setenv("MAIA_TOKEN_URL", emulator_env.token_url.replace("http://", "https://"))
    run = check()
    assert run.code == 3
    assert "tls, exit 3" in run.err


@pytest.mark.parametrize(
    ("knob", "value", "kind", "words"),
    [
        ("forbidden", "role", "forbidden", "role"),
        ("forbidden", "ip", "forbidden", "allow list"),
        ("wrong_region", True, "not_found", "region"),
    ],
)
def test_api_refusal_exit_4(check, emulator_env, knob, value, kind, words) -> None:  # type: ignore[no-untyped-def]
    setattr(emulator_env.faults, knob, value)
    run = check("--json")
    assert run.code == 4, run.out
    assert run.json["error"]["kind"] == kind
    assert words in run.json["error"]["message"]
    text = check()
    assert text.code == 4 and words in text.err


def test_missing_credentials_exit_1_and_say_what_to_set(check, emulator_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("MAIA_CLIENT_SECRET")
    run = check("--json")
    assert run.code == 1
    assert run.json["error"]["kind"] == "missing_credentials"
    assert "MAIA_CLIENT_SECRET" in run.json["error"]["message"]
    text = check()
    assert text.code == 1 and "set MAIA_CLIENT_SECRET" in text.err


def test_server_failure_is_exit_1(check, emulator_env) -> None:  # type: ignore[no-untyped-def]
    emulator_env.faults.server_error_share = 1.0
    run = check("--json")
    assert run.code == 1
    assert run.json["error"]["kind"] == "server_error"


def test_unknown_profile_is_exit_1(check) -> None:  # type: ignore[no-untyped-def]
    run = check("--profile", "nope", "--json")
    assert run.code == 1 and run.json["error"]["kind"] == "config"
    assert "No profile named 'nope'" in run.json["error"]["message"]


def test_no_keyring_turns_into_a_reason(check, emulator, demo_credentials) -> None:  # type: ignore[no-untyped-def]
    profile = Profile(
        name="emu", client_id=demo_credentials[0], api_url=emulator.api_base, token_url=emulator.token_url
    )
    remember_profile(profile, Secret(demo_credentials[1]), SecretStore())
    keyring.set_keyring(fail.Keyring())
    run = check("--profile", "emu")
    assert run.code == 1
    assert "No system keyring is available" in run.err


def test_the_real_cli_wiring_parses_check_and_profiles() -> None:
    args = cli.build_parser().parse_args(["check", "--profile", "p", "--json", "--timeout", "3"])
    assert (args.command, args.profile, args.json, args.timeout) == ("check", "p", True, 3.0)
    assert cli.build_parser().parse_args(["profiles", "--json"]).json is True


def test_a_region_reads_as_region_and_host() -> None:
    from datetime import datetime

    from maia_tui.commands.check_report import report_text
    from maia_tui.credentials.config import Config
    from maia_tui.credentials.resolve import CommandLine, resolve_login
    from maia_tui.services.credential_check import CheckReport

    login = resolve_login(CommandLine(region="us1"), config=Config(), env={"MAIA_CLIENT_ID": "someone"})
    report = CheckReport(
        login=login,
        valid_until=datetime(2026, 1, 15, 10, 0, tzinfo=UTC),
        remaining_seconds=5400,
        expires_in=7200,
        scope=None,
        token_fingerprint="sha256:00000000",
        project_total=0,
    )
    text = report_text(report)
    assert f"where:        us1 ({login.endpoints.api_host}), tokens from {login.endpoints.token_host}" in text
    assert "(1h 30m left)" in text and "(none given)" in text
