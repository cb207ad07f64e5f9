"""The help screen's content, generated from the live bindings so it cannot drift from them."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

NAMED_KEYS = {
    "question_mark": "?",
    "colon": ":",
    "slash": "/",
    "escape": "esc",
    "enter": "enter",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "right": "→",
    "left": "←",
    "up": "↑",
    "down": "↓",
    "home": "Home",
    "end": "End",
    "tab": "tab",
}


def key_label(key: str) -> str:
    """`ctrl+r` stays readable (a footer's `^r` is cryptic in a reference list)."""
    *modifiers, name = key.split("+")
    name = NAMED_KEYS.get(name, name.upper() if len(name) > 1 and name.startswith("f") else name)
    return "+".join([*modifiers, name])


@dataclass
class KeyRow:
    keys: list[str]
    description: str
    binding_id: str | None


@dataclass
class KeySection:
    title: str
    rank: int  # the focused widget's keys first, then the screen's, the app's last
    rows: list[KeyRow] = field(default_factory=list)


def _section(node: DOMNode) -> KeySection:
    if isinstance(node, App):
        return KeySection("Everywhere", 2)
    if isinstance(node, Screen):
        return KeySection(getattr(node, "HELP_TITLE", "This screen"), 1)
    return KeySection(getattr(node, "HELP_TITLE", type(node).__name__), 0)


def _describe(binding: Binding) -> str:
    # The tooltip is the longer wording; the description is what fits in the footer.
    return binding.tooltip or binding.description or binding.action.split(".")[-1].replace("_", " ").capitalize()


def key_sections(screen: Screen) -> list[KeySection]:
    """Every key that does something on `screen` now, grouped by who handles it: the focused
    widget first, then the screen, then the app. Keys for one action share a row."""
    sections: dict[int, KeySection] = {}
    rows: dict[tuple[int, str], KeyRow] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system and not binding.description:
            continue
        node_key = id(active.node)
        section = sections.get(node_key) or sections.setdefault(node_key, _section(active.node))
        row = rows.get((node_key, binding.action))
        if row is None:
            row = rows[(node_key, binding.action)] = KeyRow([], _describe(binding), binding.id)
            section.rows.append(row)
        label = binding.key_display or key_label(key)
        if label not in row.keys:
            row.keys.append(label)
    return sorted((s for s in sections.values() if s.rows), key=lambda s: s.rank)
