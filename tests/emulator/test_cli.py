"""`maia-tui emulator` on its own: banner, loopback guard, fault flags, clean Ctrl+C."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys

import httpx
import pytest

from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, running_emulator
from maia_tui.emulator.cli import add_arguments, banner, config_from, run


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_defaults():
    args = parse()
    assert (args.host, args.port, args.projects, args.seed, args.token_lifetime) == ("127.0.0.1", 8765, 140, 7, 1800.0)
    assert config_from(args).faults.latency_ms == 0


def test_fault_flags_reach_the_config():
    config = config_from(
        parse(
            "--projects",
            "9",
            "--seed",
            "4",
            "--token-lifetime",
            "60",
            "--latency-ms",
            "120",
            "--rate-limit-share",
            "0.5",
            "--server-error-share",
            "0.25",
            "--drop-share",
            "0.1",
            "--malformed",
            "html",
            "--forbidden",
            "ip",
            "--wrong-region",
            "--token-endpoint-faults",
        )
    )
    assert (config.projects, config.seed, config.token_lifetime) == (9, 4, 60.0)
    f = config.faults
    assert (f.latency_ms, f.rate_limit_share, f.server_error_share, f.drop_share) == (120, 0.5, 0.25, 0.1)
    assert (f.malformed, f.forbidden, f.wrong_region, f.token_endpoint_faults) == ("html", "ip", True, True)


def test_a_share_outside_0_to_1_is_a_usage_error(capsys):
    with pytest.raises(SystemExit):
        parse("--drop-share", "2")
    assert "between 0 and 1" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com"])
def test_a_non_loopback_host_is_refused_without_allow_remote(capsys, host):
    assert run(parse("--host", host)) == 2
    assert "--allow-remote" in capsys.readouterr().err


def test_a_busy_port_is_a_clear_error(capsys):
    with running_emulator() as emu:
        assert run(parse("--port", str(emu.port))) == 1
    assert "Try another --port" in capsys.readouterr().err


def test_banner_lists_urls_and_demo_credentials():
    with running_emulator() as emu:
        text = banner(emu)
    for needle in (emu.api_base, emu.token_url, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, "curl", "Ctrl+C"):
        assert needle in text


# As a shell starts `cmd &`: SIGINT ignored, which the exec'd emulator inherits.
IGNORING_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); os.execv(sys.executable, sys.argv[1:])"
)


def start_cli(*argv: str, sigint_ignored: bool = False) -> tuple[subprocess.Popen[str], list[str]]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "maia_tui.emulator", "--port", "0", *argv]
    if sigint_ignored:
        command = [sys.executable, "-c", IGNORING_SIGINT, *command]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if "Ctrl+C" in line:
            break
    return process, lines


def stop_cli(process: subprocess.Popen[str]) -> tuple[str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    return out, err


def test_standalone_serves_until_ctrl_c_and_exits_cleanly():
    process, lines = start_cli("--projects", "7")
    try:
        text = "\n".join(lines)
        token_url = re.search(r"Token URL:\s+(\S+)", text).group(1)
        api_base = re.search(r"API base URL:\s+(\S+)", text).group(1)
        with httpx.Client(trust_env=False) as client:
            token = client.post(
                token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": DEMO_CLIENT_ID,
                    "client_secret": DEMO_CLIENT_SECRET,
                },
            ).json()["access_token"]
            body = client.get(api_base + "/v1/projects", headers={"Authorization": f"Bearer {token}"}).json()
        assert body["total"] == 7
    finally:
        out, err = stop_cli(process)
    assert process.returncode == 0
    assert "Traceback" not in err and "Emulator stopped." in out


def test_ctrl_c_stops_it_even_when_started_in_the_background():
    process, lines = start_cli("--projects", "2", sigint_ignored=True)
    out, err = stop_cli(process)
    assert process.returncode == 0
    assert "Traceback" not in err and "Emulator stopped." in out


@pytest.mark.skipif(shutil.which("curl") is None or shutil.which("sh") is None, reason="needs curl and sh")
def test_the_banner_commands_paste_and_run():
    process, lines = start_cli("--projects", "3")
    try:
        commands = [line.strip() for line in lines if line.strip().startswith(("TOKEN=", "curl "))]
        assert len(commands) == 2
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")  # python3 for the one-liner
        done = subprocess.run(["sh", "-c", "\n".join(commands)], capture_output=True, text=True, timeout=10, env=env)
        assert '"total":3' in done.stdout, done.stderr
    finally:
        stop_cli(process)


def test_the_banners_maia_variables_point_the_commands_at_it(tmp_path):
    process, lines = start_cli("--projects", "3")
    try:
        exports = [line.strip() for line in lines if line.strip().startswith("export MAIA_")]
        assert [line.split("=", 1)[0] for line in exports] == [
            "export MAIA_API_URL",
            "export MAIA_TOKEN_URL",
            "export MAIA_CLIENT_ID",
            "export MAIA_CLIENT_SECRET",
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("MAIA_") and "proxy" not in k.lower()}
        env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")  # maia-tui, as installed
        env["MAIA_TUI_CONFIG"] = str(tmp_path / "config.toml")
        script = "\n".join([*exports, "maia-tui check --json"])
        done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=30, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert '"total": 3' in done.stdout
    finally:
        stop_cli(process)
