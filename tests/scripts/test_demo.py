"""`maia-tui --demo COMMAND`: each command runs against an emulator started for the call, with
the demo client, whatever profile or MAIA_* variables the user has; writes still need
--allow-writes. Expected values come from an emulator of the same (default) account."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from maia_tui.commands.demo import demo_environment
from maia_tui.commands.main import main
from maia_tui.emulator import EmulatorConfig, running_emulator
from tests.support import a_pipeline, call, call_while_time_passes, raw_pages

# Someone else's settings in the environment, which --demo must not use.
FOREIGN = {
    "MAIA_API_URL": "https://eu1.api.matillion.com/dpc",
    "MAIA_CLIENT_ID": "someone-else",
    "MAIA_CLIENT_SECRET": "Zq4W-not-for-the-demo",
    "MAIA_PROFILE": "prod",
}


def test_demo_check_probe_from_the_shell_ignores_the_users_settings(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[profiles.prod]\nregion = "us1"\nclient_id = "prod-client"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAIA_")}
    env.update(FOREIGN, MAIA_TUI_CONFIG=str(config))
    done = subprocess.run(
        [sys.executable, "-m", "maia_tui", "--demo", "check", "--probe"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "✓ Credentials are valid" in done.stdout
    assert "client id demo-client" in done.stdout and "projects:     140" in done.stdout
    assert "runs" in done.stdout and "allowed" in done.stdout  # the probe's table
    assert "Demo: the built-in emulator at http://127.0.0.1:" in done.stderr
    assert "someone-else" not in done.stdout + done.stderr and "prod-client" not in done.stdout


def test_demo_export_projects_writes_the_demo_accounts_140(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", "export", "projects", "--format", "json"]) == 0
    written = json.loads(capsys.readouterr().out)
    with running_emulator(EmulatorConfig()) as same_account:
        assert written == raw_pages(same_account, "/v1/projects")
    assert len(written) == 140


def test_demo_after_the_subcommand_and_a_connection_flag_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--demo", "agents", "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) > 0
    assert main(["--demo", "check", "--profile", "prod"]) == 2
    assert "--demo talks to the built-in emulator; drop --profile" in capsys.readouterr().err


def test_demo_run_is_read_only_without_allow_writes(emulator, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    _, project_name, environment, pipeline = a_pipeline(emulator)  # the same seed as the demo's account
    assert main(["--demo", "run", project_name, pipeline, "--env", environment]) == 1
    assert "writes are off" in capsys.readouterr().err


async def test_demo_run_wait_with_writes_enabled_follows_the_run_to_its_end(emulator, clock) -> None:  # type: ignore[no-untyped-def]
    _, project_name, environment, pipeline = a_pipeline(emulator)
    argv = ["run", project_name, pipeline, "--env", environment, "--allow-writes", "--wait", "--json"]
    with demo_environment(EmulatorConfig(clock=clock, run_seconds=20), environ=FOREIGN) as env:
        assert env["MAIA_CLIENT_ID"] == "demo-client" and "MAIA_PROFILE" not in env
        result, waited = await call_while_time_passes(argv, env, clock, step=1.0)
    assert result.code == 0, result.err
    assert result.json["status"] == "SUCCESS" and result.json["pipeline_name"] == pipeline
    assert 20 <= waited <= 60
    gone = await call(["api", "/v1/projects"], env, clock)
    assert gone.code == 3, "the emulator stops with the call"
