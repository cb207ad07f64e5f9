"""`maia-tui profiles add` and `remove` against the emulator over loopback: the secret from
standard input, checked by a token exchange before it is kept (a refused one is not), or not
checked with --no-verify; the keyring holds it, the config file never does."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from maia_tui.commands import main as cli
from maia_tui.commands.profiles import run_profiles
from maia_tui.credentials.config import load_config
from maia_tui.credentials.store import SERVICE
from maia_tui.emulator import Emulator, running_emulator
from tests.support import MemoryKeyring, assert_no_secret
from tests.support.board_clients import ADMIN_ID, ADMIN_SECRET, ROTATED_ID, SECRETS, STALE_SECRET, three_clients


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with running_emulator(three_clients()) as emulator:
        yield emulator


def add(emu: Emulator, name: str, client_id: str, secret: str, *more: str) -> tuple[int, str, str]:
    argv = ["profiles", "add", name, "--client-id", client_id, "--api-url", emu.api_base, "--token-url", emu.token_url]
    out, err = io.StringIO(), io.StringIO()
    code = run_profiles(
        cli.build_parser().parse_args([*argv, *more]), out=out, err=err, stdin=io.StringIO(secret + "\n")
    )
    return code, out.getvalue(), err.getvalue()


def test_a_good_secret_from_stdin_is_checked_then_kept(
    emu: Emulator, config_file: Path, memory_keyring: MemoryKeyring
) -> None:
    before = emu.stats.token_requests
    code, out, err = add(emu, "ci-admin", ADMIN_ID, ADMIN_SECRET, "--allow-writes")
    assert code == 0, err
    assert emu.stats.token_requests == before + 1  # one token exchange checked it
    assert memory_keyring.entries[(SERVICE, "ci-admin")] == ADMIN_SECRET
    profile = load_config().get("ci-admin")
    assert (profile.client_id, profile.api_url, profile.secret_stored, profile.allow_writes) == (
        ADMIN_ID,
        emu.api_base,
        True,
        True,
    )
    assert load_config().last_profile is None  # adding is not signing in: the app's start is unchanged
    assert "Saved profile 'ci-admin'" in out and "checked by a token exchange" in out
    assert_no_secret(out + err + config_file.read_text(), *SECRETS, what="add's output and the config file")


def test_a_refused_secret_is_not_kept_and_exits_2(
    emu: Emulator, config_file: Path, memory_keyring: MemoryKeyring
) -> None:
    code, out, err = add(emu, "ci-old", ROTATED_ID, STALE_SECRET)
    assert code == 2
    assert "not saved" in err and "refused" in err.lower() and out == ""
    assert memory_keyring.entries == {}
    assert not config_file.exists() or "ci-old" not in load_config().profiles
    assert_no_secret(out + err, *SECRETS)


def test_an_unreachable_token_endpoint_exits_3_and_keeps_nothing(
    emu: Emulator, config_file: Path, memory_keyring: MemoryKeyring
) -> None:
    argv = ["profiles", "add", "far", "--client-id", ADMIN_ID, "--api-url", "http://127.0.0.1:9/dpc"]
    argv += ["--token-url", "http://127.0.0.1:9/oauth/dpc/token", "--timeout", "2"]
    err = io.StringIO()
    code = run_profiles(
        cli.build_parser().parse_args(argv), out=io.StringIO(), err=err, stdin=io.StringIO(ADMIN_SECRET)
    )
    assert code == 3, err.getvalue()
    assert memory_keyring.entries == {} and not config_file.exists()


def test_no_verify_keeps_it_without_asking_the_server(
    emu: Emulator, config_file: Path, memory_keyring: MemoryKeyring
) -> None:
    before = emu.stats.token_requests
    code, out, _ = add(emu, "ci-old", ROTATED_ID, STALE_SECRET, "--no-verify")
    assert code == 0
    assert emu.stats.token_requests == before  # not one token request
    assert memory_keyring.entries[(SERVICE, "ci-old")] == STALE_SECRET
    assert "not checked (--no-verify)" in out


def test_an_empty_stdin_saves_nothing(emu: Emulator, config_file: Path, memory_keyring: MemoryKeyring) -> None:
    code, _, err = add(emu, "empty", ADMIN_ID, "")
    assert code == 1 and "No secret was given" in err
    assert memory_keyring.entries == {} and not config_file.exists()


def test_remove_deletes_the_profile_and_its_secret(
    emu: Emulator, config_file: Path, memory_keyring: MemoryKeyring
) -> None:
    assert add(emu, "ci-admin", ADMIN_ID, ADMIN_SECRET)[0] == 0
    assert add(emu, "ci-old", ROTATED_ID, STALE_SECRET, "--no-verify")[0] == 0
    out = io.StringIO()
    assert run_profiles(cli.build_parser().parse_args(["profiles", "remove", "ci-admin"]), out=out) == 0
    assert "Removed profile 'ci-admin'" in out.getvalue() and "its secret" in out.getvalue()
    assert list(load_config().profiles) == ["ci-old"]
    assert (SERVICE, "ci-admin") not in memory_keyring.entries
    listing = io.StringIO()
    assert run_profiles(cli.build_parser().parse_args(["profiles", "--json"]), out=listing) == 0
    assert [p["name"] for p in json.loads(listing.getvalue())["profiles"]] == ["ci-old"]
    assert_no_secret(listing.getvalue(), *SECRETS, what="profiles --json")


def test_remove_of_an_unknown_profile_is_exit_1(config_file: Path) -> None:
    err = io.StringIO()
    assert run_profiles(cli.build_parser().parse_args(["profiles", "remove", "nope"]), err=err) == 1
    assert "No profile named 'nope'" in err.getvalue()
