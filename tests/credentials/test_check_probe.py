# ruff: noqa: F811  (pytest fixtures imported from test_check are parameters here, not redefinitions)
"""`maia-tui check --probe [--json]` against the emulator: the permission table and the
`permissions` object, exit codes unchanged, and no slice of the secret or token in the output."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from maia_tui.emulator import running_emulator
from maia_tui.emulator.cli import add_arguments, config_from
from tests.credentials.test_check import check, issued_tokens  # noqa: F401  (fixtures)
from tests.support import assert_no_secret

CLIENT_ID = "probe-reader-41"
SECRET = "Hv3qT8zLw2Xk9Pm4Rj7N"
AREAS = ["projects", "environments", "runs", "agents", "events", "credits", "run_pipelines"]


@pytest.fixture
def probe_env(emulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A client of its own, whose secret shares no 6 characters with any word the output uses."""
    emulator.state.clients[CLIENT_ID] = SECRET
    monkeypatch.setenv("MAIA_API_URL", emulator.api_base)
    monkeypatch.setenv("MAIA_TOKEN_URL", emulator.token_url)
    monkeypatch.setenv("MAIA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("MAIA_CLIENT_SECRET", SECRET)
    yield emulator
    emulator.state.clients.pop(CLIENT_ID, None)


def no_leak(run, tokens) -> None:  # type: ignore[no-untyped-def]
    for token in tokens:
        assert_no_secret(run.out + run.err, token.access_token.reveal(), what="check's output")
    assert_no_secret(run.out + run.err, SECRET, what="check's output")


def test_probe_json_reports_every_area(check, probe_env, issued_tokens) -> None:  # type: ignore[no-untyped-def]
    run = check("--probe", "--json")
    assert run.code == 0, run.out
    permissions = run.json["permissions"]
    assert list(permissions) == AREAS
    for area in AREAS[:-1]:
        assert permissions[area]["outcome"] == "allowed", permissions[area]
        assert permissions[area]["status"] == 200
    assert permissions["runs"]["request"] == "GET /v1/pipeline-executions?limit=1"
    assert permissions["run_pipelines"]["outcome"] == "not_tested"
    assert "cannot be known without running one" in permissions["run_pipelines"]["reason"]
    assert run.json["projects"]["total"] == 140  # the check's own facts are still there
    no_leak(run, issued_tokens)


def test_probe_text_adds_the_table(check, probe_env, issued_tokens) -> None:  # type: ignore[no-untyped-def]
    run = check("--probe")
    assert run.code == 0, run.err
    assert "  permissions:  one read per area, nothing written" in run.out
    assert "    Projects                      ✓ allowed" in run.out
    assert "    Audit events (last 24 h)      ✓ allowed" in run.out
    assert "    Run pipelines                 · not tested" in run.out
    no_leak(run, issued_tokens)


def test_without_probe_there_is_no_permissions_object(check, probe_env) -> None:  # type: ignore[no-untyped-def]
    run = check("--json")
    assert run.code == 0 and "permissions" not in run.json


@pytest.mark.parametrize("as_json", [True, False])
def test_a_refused_projects_list_still_fails_with_exit_4(check, probe_env, issued_tokens, as_json) -> None:  # type: ignore[no-untyped-def]
    probe_env.faults.forbidden = "role"
    run = check("--probe", *(["--json"] if as_json else []))
    assert run.code == 4
    if as_json:
        assert run.json["error"]["kind"] == "forbidden"
        permissions = run.json["permissions"]
        assert permissions["projects"]["outcome"] == "refused" and permissions["projects"]["status"] == 403
        assert "lacks a role" in permissions["projects"]["reason"]
        assert permissions["environments"]["outcome"] == "skipped"
        assert permissions["events"]["outcome"] == "refused"
    else:
        assert "    Projects                      ✖ refused (403)" in run.err
    no_leak(run, issued_tokens)


def test_probe_offline_api_exit_3_and_areas_not_tried(
    refusing_port, check, probe_env, monkeypatch, issued_tokens
) -> None:  # type: ignore[no-untyped-def]
    # Tokens come, but the API host does not answer.
    port = refusing_port
    monkeypatch.setenv("MAIA_API_URL", f"http://127.0.0.1:{port}/dpc")
    run = check("--probe", "--json")
    assert run.code == 3
    assert run.json["error"]["kind"] == "network"
    permissions = run.json["permissions"]
    assert permissions["projects"]["outcome"] == "failed"
    assert f"Could not connect to 127.0.0.1:{port}" in permissions["projects"]["reason"]  # the port named
    for area in ("environments", "runs", "agents", "events", "credits"):
        assert permissions[area]["outcome"] == "skipped"
        assert permissions[area]["reason"] == f"not tried: Could not connect to 127.0.0.1:{port}"
    no_leak(run, issued_tokens)


@pytest.mark.parametrize("as_json", [True, False])
def test_denied_areas_alone_do_not_fail_the_check(check, probe_env, issued_tokens, as_json) -> None:  # type: ignore[no-untyped-def]
    probe_env.deny = {"events", "consumption"}
    try:
        run = check("--probe", *(["--json"] if as_json else []))
    finally:
        probe_env.deny = set()
    assert run.code == 0
    if as_json:
        outcomes = {area: value["outcome"] for area, value in run.json["permissions"].items()}
        assert outcomes == {
            "projects": "allowed",
            "environments": "allowed",
            "runs": "allowed",
            "agents": "allowed",
            "events": "refused",
            "credits": "refused",
            "run_pipelines": "not_tested",
        }
        assert run.json["permissions"]["events"]["status"] == 403
    else:
        assert "    Audit events (last 24 h)      ✖ refused (403)" in run.out
        assert "    Credits (last day)            ✖ refused (403)" in run.out
    no_leak(run, issued_tokens)


RUN_CHECK = "import sys\nfrom maia_tui.commands.main import main\nsys.exit(main(['check', *sys.argv[1:]]))\n"


def test_emulator_deny_flag_then_check_probe_json_in_a_shell(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`maia-tui emulator --deny events,consumption`, then `maia-tui check --probe --json` as a
    separate process: exit 0, exactly those two areas refused."""
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    config = config_from(parser.parse_args(["--port", "0", "--deny", "events,consumption"]))
    config.clients = {CLIENT_ID: SECRET}
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAIA_")}
    with running_emulator(config) as emulator:
        env.update(
            HOME=str(tmp_path),
            MAIA_TUI_CONFIG=str(tmp_path / "config.toml"),
            PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
            MAIA_API_URL=emulator.api_base,
            MAIA_TOKEN_URL=emulator.token_url,
            MAIA_CLIENT_ID=CLIENT_ID,
            MAIA_CLIENT_SECRET=SECRET,
        )
        done = subprocess.run(
            [sys.executable, "-c", RUN_CHECK, "--probe", "--json"], env=env, capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 0, done.stdout + done.stderr
    permissions = json.loads(done.stdout)["permissions"]
    refused = sorted(area for area, value in permissions.items() if value["outcome"] == "refused")
    assert refused == ["credits", "events"]
    assert "View Audit Events" in permissions["events"]["reason"]
    assert_no_secret(done.stdout + done.stderr, SECRET, what="check's output")
