"""The Keys page cannot drift: a binding's description renamed in a copy of the package shows,
renamed, on the Keys page of a site built from that copy; and a page naming a key by an id no
binding has fails the build."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.docs.site import ROOT, Page, build_site, maia_tui

RENAMED = "Carry every row of this list off to a file (renamed by a test)"


def copy_project(to: Path) -> Path:
    """What a site build reads: the package, mkdocs.yml, docs/ (the screenshots are linked)."""
    shutil.copytree(ROOT / "maia_tui", to / "maia_tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", to / "docs")
    shutil.copy(ROOT / "mkdocs.yml", to / "mkdocs.yml")
    (to / "screenshots").symlink_to(ROOT / "screenshots")
    return to


def rename_description(package: Path, binding_id: str, old: str, new: str) -> Path:
    """Change the text of the binding with this id where its class declares it."""
    holders = [path for path in package.rglob("*.py") if f'id="{binding_id}"' in path.read_text(encoding="utf-8")]
    assert len(holders) == 1, holders
    source = holders[0].read_text(encoding="utf-8")
    assert source.count(f'"{old}"') == 1, f"{old!r} is not written once in {holders[0]}"
    holders[0].write_text(source.replace(f'"{old}"', f'"{new}"'), encoding="utf-8")
    return holders[0]


def test_a_renamed_binding_description_is_renamed_on_the_keys_page(tmp_path):
    entries = {entry["id"]: entry for entry in json.loads(maia_tui("keys", "--json", tmp_path=tmp_path))}
    old = entries["list.export"]["description"]
    project = copy_project(tmp_path / "copy")
    rename_description(project / "maia_tui", "list.export", old, RENAMED)

    # The copy's package is the one the build imports (a build from the installed one fails this test).
    build_site(project, tmp_path / "site", python_path=project)

    page = Page.read(tmp_path / "site" / "keys" / "index.html")
    rows = {row_id: cells for _, row_id, cells in page.rows if row_id}
    assert rows["key-list.export"][1] == RENAMED
    assert old not in page.visible
    # Only that binding changed: another one reads as before.
    assert rows["key-app.help"][1] == entries["app.help"]["description"]


def load_hook():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("docs_reference_hook", ROOT / "docs" / "hooks" / "reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_page_naming_a_key_by_its_id_shows_the_bound_keys_and_an_unknown_id_fails_the_build():
    from mkdocs.exceptions import PluginError

    hook = load_hook()
    page = SimpleNamespace(file=SimpleNamespace(src_uri="guide.md"))
    shown = hook.on_page_markdown('Press {{ key("runs.cancel") }} to cancel.', page=page, config=None, files=None)
    assert shown == "Press <kbd>ctrl+k</kbd> to cancel."
    with pytest.raises(PluginError, match="guide.md: no key binding has the id 'runs.kill'"):
        hook.on_page_markdown('Press {{ key("runs.kill") }}.', page=page, config=None, files=None)
