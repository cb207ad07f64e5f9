"""`maia-tui completion`: each script is read by its own shell, and a real bash (and fish, where
installed) completes subcommands, flags and the saved profiles' names with it. zsh and fish are
installed by .ci/run; elsewhere their checks skip, and with MAIA_REQUIRE_SHELLS=1 (set there) a
missing shell fails instead."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from maia_tui.commands.completion import completion_script
from maia_tui.commands.main import main

REQUIRE = "MAIA_REQUIRE_SHELLS"
CONFIG = """\
[profiles.alpha]
region = "eu1"
client_id = "alpha-client"

[profiles.beta-prod]
region = "us1"
client_id = "beta-client"
"""


def shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (apt-get install {name})"
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{message} ({REQUIRE}=1)")
        pytest.skip(message)
    return found


@pytest.fixture
def scripts(tmp_path: Path) -> Path:
    for name in ("bash", "zsh", "fish"):
        (tmp_path / f"maia-tui.{name}").write_text(completion_script(name))
    return tmp_path


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    """maia-tui on PATH (as installed) and a config file with two profiles."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {"PATH": path, "MAIA_TUI_CONFIG": str(config), "HOME": str(tmp_path)}


def bash_complete(scripts: Path, environ: dict[str, str], *words: str) -> list[str]:
    """What bash offers for the last of `words`, as a person pressing Tab there would see."""
    line = " ".join(words)
    program = f"""
source {scripts / "maia-tui.bash"}
COMP_WORDS=({" ".join(f"'{w}'" for w in words)})
COMP_CWORD={len(words) - 1}
COMP_LINE='{line}'
COMP_POINT={len(line)}
_shtab_maia_tui maia-tui '{words[-1]}' '{words[-2]}'
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run([shell("bash"), "-c", program], env=environ, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_bash_reads_the_script(scripts: Path) -> None:
    done = subprocess.run([shell("bash"), "-n", scripts / "maia-tui.bash"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_bash_completes_ex_to_export(scripts: Path, environ: dict[str, str]) -> None:
    assert bash_complete(scripts, environ, "maia-tui", "ex") == ["export"]
    assert bash_complete(scripts, environ, "maia-tui", "c") == ["check", "completion"]


def test_bash_completes_flags_of_a_subcommand(scripts: Path, environ: dict[str, str]) -> None:
    assert bash_complete(scripts, environ, "maia-tui", "export", "--li") == ["--limit"]
    assert bash_complete(scripts, environ, "maia-tui", "watch", "--la") == ["--latest"]
    assert bash_complete(scripts, environ, "maia-tui", "api", "--pag") == ["--paginate"]


def test_bash_completes_profile_names_from_the_config_file(scripts: Path, environ: dict[str, str]) -> None:
    assert bash_complete(scripts, environ, "maia-tui", "check", "--profile", "") == ["alpha", "beta-prod"]
    assert bash_complete(scripts, environ, "maia-tui", "--profile", "be") == ["beta-prod"]


def test_zsh_reads_the_script(scripts: Path) -> None:
    done = subprocess.run([shell("zsh"), "-n", scripts / "maia-tui.zsh"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_fish_reads_the_script_and_completes_with_it(scripts: Path, environ: dict[str, str]) -> None:
    fish = shell("fish")
    done = subprocess.run([fish, "-n", scripts / "maia-tui.fish"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    program = f"source {scripts / 'maia-tui.fish'}; complete -C 'maia-tui ex'; complete -C 'maia-tui check --profile '"
    done = subprocess.run([fish, "-c", program], env=environ, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    offered = [line.split("\t")[0] for line in done.stdout.splitlines()]
    assert offered == ["export", "alpha", "beta-prod"]


def test_profile_names_for_a_tab_press(environ: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    done = subprocess.run(["maia-tui", "completion", "--profile-names"], env=environ, capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "alpha\nbeta-prod\n", "")
    broken = Path(environ["MAIA_TUI_CONFIG"])
    broken.write_text("[profiles.alpha\n")
    done = subprocess.run(["maia-tui", "completion", "--profile-names"], env=environ, capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", ""), "a Tab press prints no error"


def test_completion_needs_a_shell(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion"]) == 2
    assert "name a shell: bash, zsh, fish" in capsys.readouterr().err
    assert main(["completion", "fish"]) == 0
    assert "complete -c maia-tui" in capsys.readouterr().out
