"""`maia-tui check --all` over loopback: three saved profiles (an admin, a read-only set refused
audit events and credits, and one whose stored secret is refused), checked at once, each through
its own client; a table or a JSON array; the exit code the worst of theirs; no secret or token in
the output."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from maia_tui.api.clock import FakeClock
from maia_tui.api.models import Token
from maia_tui.api.secret import Secret
from maia_tui.commands import main as cli
from maia_tui.commands.check import run_check
from maia_tui.credentials.config import Profile
from maia_tui.credentials.profiles import remember_profile
from maia_tui.credentials.store import SecretStore
from maia_tui.emulator import Emulator, running_emulator
from tests.support import assert_no_secret
from tests.support.board_clients import (
    ADMIN_ID,
    ADMIN_SECRET,
    READONLY_ID,
    READONLY_SECRET,
    ROTATED_ID,
    SECRETS,
    STALE_SECRET,
    three_clients,
)


async def _no_sleep(seconds: float) -> None:
    return None


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with running_emulator(three_clients()) as emulator:
        yield emulator


@pytest.fixture
def saved(emu: Emulator, config_file: Path) -> Path:
    store = SecretStore()
    for name, client_id, secret in (
        ("admin", ADMIN_ID, ADMIN_SECRET),
        ("readonly", READONLY_ID, READONLY_SECRET),
        ("ci-old", ROTATED_ID, STALE_SECRET),
    ):
        where = {"api_url": emu.api_base, "token_url": emu.token_url}
        remember_profile(Profile(name=name, client_id=client_id, **where), Secret(secret), store)
    return config_file


def check_all(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = cli.build_parser().parse_args(["check", "--all", *argv])
    # A FakeClock that stands still: the token's time left reads exactly its lifetime.
    code = run_check(args, env=env, out=out, err=err, retry_sleep=_no_sleep, clock=FakeClock())
    return code, out.getvalue(), err.getvalue()


def no_leak(text: str, tokens: list[Token]) -> None:
    assert_no_secret(text, *SECRETS, *(t.access_token.reveal() for t in tokens), what="check --all's output")


def test_probe_json_for_three_profiles(saved: Path, tokens: list[Token]) -> None:
    code, out, err = check_all("--probe", "--json")
    assert code == 2, err  # the worst of 0, 0 and 2 (the refused secret)
    documents = json.loads(out)
    assert [d["profile"] for d in documents] == ["admin", "ci-old", "readonly"]
    by_name = {d["profile"]: d for d in documents}
    admin, old, reader = by_name["admin"], by_name["ci-old"], by_name["readonly"]
    assert admin["ok"] is True and admin["exit_code"] == 0 and admin["client_id"] == ADMIN_ID
    assert {area: p["outcome"] for area, p in admin["permissions"].items()} == {
        "projects": "allowed",
        "environments": "allowed",
        "runs": "allowed",
        "agents": "allowed",
        "events": "allowed",
        "credits": "allowed",
        "run_pipelines": "not_tested",
    }
    refused = {area for area, p in reader["permissions"].items() if p["outcome"] == "refused"}
    assert refused == {"events", "credits"}
    assert reader["ok"] is True and reader["permissions"]["events"]["status"] == 403
    assert "View Audit Events" in reader["permissions"]["events"]["reason"]
    assert old["ok"] is False and old["exit_code"] == 2 and old["error"]["kind"] == "credentials_refused"
    assert len(tokens) == 2  # the two good sets each got their own token
    # Each object is what `check --json` prints for that profile alone, plus "profile".
    alone = io.StringIO()
    run_check(cli.build_parser().parse_args(["check", "--profile", "readonly", "--json", "--probe"]), out=alone)
    single = json.loads(alone.getvalue())
    assert set(single) | {"profile"} == set(reader)
    no_leak(out + err + saved.read_text(), tokens)


def test_the_table_names_each_profile_and_each_area(saved: Path, tokens: list[Token]) -> None:
    code, out, err = check_all("--probe")
    assert code == 2
    lines = out.splitlines()
    assert lines[0].split() == [
        "PROFILE", "WHERE", "CLIENT", "ID", "OUTCOME", "TOKEN", "LEFT",
        "PROJECTS", "ENVIRONMENTS", "RUNS", "AGENTS", "EVENTS", "CREDITS",
    ]  # fmt: skip
    reader = next(line for line in lines if line.startswith("readonly"))
    assert READONLY_ID in reader and "✓ valid" in reader and "30m 00s" in reader
    assert reader.split()[-6:] == ["allowed", "allowed", "allowed", "allowed", "refused", "refused"]
    old = next(line for line in lines if line.startswith("ci-old"))
    assert "✖ credentials refused (exit 2)" in old
    assert any(line.startswith("  ci-old: ") and "refused" in line.lower() for line in lines)
    no_leak(out + err, tokens)


def test_all_valid_is_exit_0_and_the_environment_does_not_apply(saved: Path, emu: Emulator) -> None:
    store = SecretStore()
    store.save("ci-old", Secret(STALE_SECRET))
    emu.state.clients[ROTATED_ID] = STALE_SECRET  # the server now accepts what is stored
    try:
        # A secret in the environment describes one credential, never all of them.
        code, out, _ = check_all("--json", env={"MAIA_TUI_CONFIG": str(saved), "MAIA_CLIENT_SECRET": "wrong"})
    finally:
        emu.state.clients[ROTATED_ID] = emu.config.clients[ROTATED_ID]
    assert code == 0
    assert all(d["ok"] for d in json.loads(out))


def test_a_profile_without_a_stored_secret_says_so(saved: Path, emu: Emulator) -> None:
    remember_profile(
        Profile(name="typed", client_id=ADMIN_ID, api_url=emu.api_base, token_url=emu.token_url), None, SecretStore()
    )
    code, out, _ = check_all("--json")
    typed = next(d for d in json.loads(out) if d["profile"] == "typed")
    assert typed["error"]["kind"] == "missing_credentials" and "no stored secret" in typed["error"]["message"]
    assert code == 2  # still the worst: the refused one


def test_no_profiles_is_exit_1(config_file: Path) -> None:
    code, out, err = check_all("--json")
    assert code == 1 and json.loads(out) == [] and "profiles add" in err


def test_one_credential_flags_are_refused_with_all(saved: Path) -> None:
    code, _, err = check_all("--profile", "admin")
    assert code == 1 and "leave out --profile" in err


def test_the_profiles_are_checked_at_the_same_time(saved: Path, emu: Emulator) -> None:
    """With each token request held for a moment, all three are in flight together: the
    checks overlap instead of waiting for each other."""
    import threading

    emu.faults.latency_ms, emu.faults.token_endpoint_faults = 300, True
    most = 0
    done = threading.Event()
    worker = threading.Thread(target=lambda: (check_all("--json"), done.set()))
    try:
        worker.start()
        while not done.wait(0.005):
            most = max(most, emu.stats.open_requests)
        worker.join()
    finally:
        emu.faults.latency_ms, emu.faults.token_endpoint_faults = 0, False
    assert most == 3
