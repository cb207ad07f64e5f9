"""Every key binding of the app, by who holds it: the reference `maia-tui keys` prints and the
documentation's Keys page is generated from. Read from the classes' BINDINGS with the
config's [keymap] applied, so it cannot drift from what the app does."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode

from maia_tui.ui.keys import key_label


@dataclass(frozen=True)
class KeyEntry:
    id: str
    key: str  # as a config [keymap] entry would write it: "ctrl+r", "escape,t"
    screen: str  # where it acts: a screen's title, "Everywhere", "Every list", ...
    description: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)

    @property
    def label(self) -> str:
        """The keys as people write them: `]`, `?`, `ctrl+k`."""
        return " ".join(key_label(key.strip()) for key in self.key.split(","))


def owners(app_class: type[DOMNode]) -> list[tuple[str, type[DOMNode]]]:
    """Who holds bindings, in the order a reference reads best: everywhere, every browsing
    screen, the screens, then lists and widgets."""
    from maia_tui.ui.screens.audit import AuditScreen
    from maia_tui.ui.screens.base import SessionScreen
    from maia_tui.ui.screens.board import BoardScreen
    from maia_tui.ui.screens.confirm import ConfirmScreen
    from maia_tui.ui.screens.credential import CredentialScreen
    from maia_tui.ui.screens.execution import ExecutionScreen
    from maia_tui.ui.screens.export_dialog import ExportDialog
    from maia_tui.ui.screens.help import HelpScreen
    from maia_tui.ui.screens.jump import JumpScreen
    from maia_tui.ui.screens.login import LoginScreen
    from maia_tui.ui.screens.project_detail import ProjectDetailScreen
    from maia_tui.ui.screens.project_search import ProjectSearchScreen
    from maia_tui.ui.screens.projects import ProjectsScreen
    from maia_tui.ui.screens.run_dialog import RunDialog
    from maia_tui.ui.screens.runs_filters import StatusPicker, TextPrompt
    from maia_tui.ui.screens.runs_panel import RunsPanel
    from maia_tui.ui.screens.sort_picker import SortPicker
    from maia_tui.ui.views.json_view import JsonScreen
    from maia_tui.ui.views.resource_list import ResourceList
    from maia_tui.ui.views.resource_table import ResourceTable
    from maia_tui.ui.views.row_table import RowTable
    from maia_tui.ui.widgets.pipeline_tree import PipelineTree
    from maia_tui.ui.widgets.pipelines_panel import PipelinesPanel
    from maia_tui.ui.widgets.region_picker import RegionPicker
    from maia_tui.ui.widgets.remember_box import RememberBox
    from maia_tui.ui.widgets.step_tree import StepTree

    return [
        ("Everywhere", app_class),
        ("Every browsing screen", SessionScreen),
        ("Sign in", LoginScreen),
        ("Region", RegionPicker),
        ("Remember", RememberBox),
        ("Projects", ProjectsScreen),
        ("Go to page", JumpScreen),
        ("Search all projects", ProjectSearchScreen),
        ("Project", ProjectDetailScreen),
        ("Published pipelines", PipelinesPanel),
        ("Pipelines", PipelineTree),
        ("Runs", RunsPanel),
        ("Statuses", StatusPicker),
        ("Prompt", TextPrompt),
        ("Execution", ExecutionScreen),
        ("Execution steps", StepTree),
        ("Run a pipeline", RunDialog),
        ("Audit log", AuditScreen),
        ("Credential", CredentialScreen),
        ("Credentials", BoardScreen),
        ("Every list", ResourceList),
        ("Sort by", SortPicker),
        ("Rows", ResourceTable),
        ("Grid", RowTable),
        ("Raw JSON", JsonScreen),
        ("Export", ExportDialog),
        ("Confirm", ConfirmScreen),
        ("Help", HelpScreen),
    ]


def own_bindings(cls: type[DOMNode]) -> Iterator[Binding]:
    """The bindings a class declares itself (not those it inherits from a class listed apart)."""
    for item in cls.__dict__.get("BINDINGS", []):
        if isinstance(item, Binding):
            yield item
        else:  # a tuple (key, action, description), Textual's short form
            yield Binding(*item)


def describe(binding: Binding) -> str:
    return binding.tooltip or binding.description or binding.action.replace("_", " ").capitalize()


def key_entries(app_class: type[DOMNode], keymap: Mapping[str, str] | None = None) -> list[KeyEntry]:
    """Every binding with an id, with `keymap` (binding id -> keys) applied over the defaults."""
    keymap = keymap or {}
    entries: list[KeyEntry] = []
    seen: set[str] = set()
    for screen, cls in owners(app_class):
        for binding in own_bindings(cls):
            if binding.id is None or binding.id in seen:
                continue
            seen.add(binding.id)
            entries.append(KeyEntry(binding.id, keymap.get(binding.id, binding.key), screen, describe(binding)))
    return entries


def keys_json(entries: list[KeyEntry]) -> list[dict[str, Any]]:
    return [entry.to_json() for entry in entries]
