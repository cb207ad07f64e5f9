"""`check` as a separate process, as a shell or CI would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

RUN_CHECK = "import sys\nfrom maia_tui.commands.main import main\nsys.exit(main(['check', *sys.argv[1:]]))\n"


def _run(env_extra: dict[str, str], tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAIA_")}
    env.update(
        HOME=str(tmp_path / "home"),
        MAIA_TUI_CONFIG=str(tmp_path / "config.toml"),
        # The child must never reach the machine's real keyring.
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        **env_extra,
    )
    return subprocess.run([sys.executable, "-c", RUN_CHECK, *argv], env=env, capture_output=True, text=True, timeout=30)


def test_check_as_a_subprocess(emulator, demo_credentials, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {
        "MAIA_API_URL": emulator.api_base,
        "MAIA_TOKEN_URL": emulator.token_url,
        "MAIA_CLIENT_ID": demo_credentials[0],
        "MAIA_CLIENT_SECRET": demo_credentials[1],
    }
    ok = _run(env, tmp_path, "--json")
    assert ok.returncode == 0, ok.stderr
    document = json.loads(ok.stdout)
    assert document["client_id"] == demo_credentials[0]
    assert document["projects"]["total"] > 0
    assert demo_credentials[1] not in ok.stdout + ok.stderr and "eyJ" not in ok.stdout + ok.stderr

    refused = _run({**env, "MAIA_CLIENT_SECRET": "wrong"}, tmp_path)
    assert refused.returncode == 2
    assert "credentials refused" in refused.stderr
    assert not (tmp_path / "config.toml").exists(), "check must not write a config file"
