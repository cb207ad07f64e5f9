"""The house rules: api/ and credentials/ never import Textual; the emulator never imports the UI."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module, forbidden",
    [
        ("maia_tui.api.client", ("textual", "maia_tui.ui", "maia_tui.emulator")),
        ("maia_tui.credentials", ("textual", "maia_tui.ui")),
        ("maia_tui.emulator", ("textual", "maia_tui.ui")),
    ],
)
def test_layer_imports_in_a_fresh_interpreter(module, forbidden):
    code = f"import importlib, sys; importlib.import_module({module!r}); print('\\n'.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    )
    for name in forbidden:
        assert not any(m == name or m.startswith(name + ".") for m in loaded), f"{module} imports {name}"
