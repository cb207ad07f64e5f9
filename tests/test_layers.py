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


def test_no_import_cycle_anywhere_in_the_package():
    """Counted the way import-linter sees the package (grimp), over every import: module
    level, inside functions and under TYPE_CHECKING. Screens reach the app through the small
    MaiaAppView protocol (ui/app_view.py), never by importing ui/app.py."""
    import grimp

    graph = grimp.build_graph("maia_tui", exclude_type_checking_imports=False)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                cycles.append(f"{module} -> {imported} -> ... -> {module}")
    assert cycles == []


def test_only_the_launch_imports_the_app():
    import grimp

    graph = grimp.build_graph("maia_tui", exclude_type_checking_imports=False)
    assert graph.find_modules_that_directly_import("maia_tui.ui.app") == {
        "maia_tui.ui.launch",  # builds it for `maia-tui` and --demo
        "maia_tui.commands.keys",  # lists its bindings
        "maia_tui.ui.screenshots",  # builds it for the README's pictures
    }
