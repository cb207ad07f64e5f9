"""The command line: no secret is ever accepted, and the app's start-up loads only what it needs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from maia_tui.commands.main import build_parser, main


@pytest.mark.parametrize(
    "argv",
    [["--client-secret", "hunter2"], ["--secret=hunter2"], ["--token", "hunter2"], ["check", "--password", "hunter2"]],
)
def test_no_secret_is_accepted_on_the_command_line_nor_echoed(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "never taken on the command line" in err and "MAIA_CLIENT_SECRET" in err
    assert "hunter2" not in err


def test_main_options_survive_a_subcommand():
    args = build_parser().parse_args(["--profile", "team", "check"])
    assert (args.profile, args.command) == ("team", "check")
    args = build_parser().parse_args(["check", "--profile", "other", "--json"])
    assert (args.profile, args.json) == ("other", True)


def test_starting_the_app_does_not_load_the_emulator_or_the_keyring():
    code = (
        "import sys, maia_tui.commands.main as c; c.build_parser(with_subcommands=False).parse_args(['--region', 'us1']);"
        "print(' '.join(m for m in ('starlette', 'uvicorn', 'keyring') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    assert loaded == ""


def test_keys_json_lists_every_binding_of_the_app_with_its_id():
    """Every Binding with an id anywhere in maia_tui.ui, found by importing every module, is in
    `maia-tui keys --json` once, with its key and its description."""
    import importlib
    import inspect
    import json
    from pathlib import Path

    from textual.binding import Binding

    import maia_tui.ui

    declared: dict[str, Binding] = {}
    root = Path(maia_tui.ui.__file__).parent
    for path in sorted(root.rglob("*.py")):  # views/ and others are namespace packages
        name = ".".join(("maia_tui", "ui", *path.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        for _, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    declared[binding.id] = binding
    listed = subprocess.run(
        [sys.executable, "-m", "maia_tui", "keys", "--json"], check=True, capture_output=True, text=True
    ).stdout
    entries = json.loads(listed)
    assert sorted(entry["id"] for entry in entries) == sorted(declared)
    for entry in entries:
        binding = declared[entry["id"]]
        assert entry["key"] == binding.key
        assert entry["description"] == (binding.tooltip or binding.description)
        assert entry["screen"]
