"""Keys as people read them: the help screen's content, generated from the live bindings, and
the keys named in hints ("press r to try again"), read from the binding ids and the keymap, so
neither can drift from what the keys really do."""

from __future__ import annotations

import re
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
    "space": "space",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "minus": "-",
    "plus": "+",
    "full_stop": ".",
    "comma": ",",
}


# Keys a browser keeps for itself: a page never sees them (Chromium's and Firefox's reserved
# shortcuts: new tab or window, close, reopen, switch tabs, quit).
BROWSER_KEYS = frozenset(
    {
        "ctrl+t",
        "ctrl+n",
        "ctrl+w",
        "ctrl+tab",
        "ctrl+pageup",
        "ctrl+pagedown",
        "ctrl+shift+t",
        "ctrl+shift+n",
        "ctrl+shift+w",
        "ctrl+shift+q",
        "ctrl+shift+tab",
    }
)
# Under `maia-tui serve`, each binding that uses one of them keeps only its other keys (a
# Textual keymap, so the key bar and help show those); the help says which key the browser took.
IN_A_BROWSER: dict[str, tuple[str, str]] = {
    # binding id: (its keys in a browser, the key the browser takes)
    "login.toggle_secret": ("f2", "ctrl+t"),
}


def browser_keymap() -> dict[str, str]:
    return {binding_id: keys for binding_id, (keys, _taken) in IN_A_BROWSER.items()}


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


# What Textual's own widgets bind that people press here, in this app's words. Everything
# else they bind (text editing, focus plumbing, tab internals) is theirs, not ours to list.
WIDGET_KEYS = {
    "cursor_up": "Move up",
    "cursor_down": "Move down",
    "page_up": "Up one screen of rows",
    "page_down": "Down one screen of rows",
    "scroll_top": "First row",
    "scroll_bottom": "Last row",
    "scroll_home": "First row",
    "scroll_end": "Last row",
    "select_cursor": "Open the selected row",
    "toggle_node": "Open or close a folder",
    "previous_tab": "Previous tab",
    "next_tab": "Next tab",
}
TAB_ACTIONS = {"previous_tab", "next_tab"}


def _section(node: DOMNode, action: str) -> KeySection:
    if isinstance(node, App):
        return KeySection("Everywhere", 3)
    if isinstance(node, Screen):
        return KeySection(getattr(node, "HELP_TITLE", "This screen"), 1)
    if action in TAB_ACTIONS:
        return KeySection("Tabs", 2)
    return KeySection(getattr(node, "HELP_TITLE", "Lists and trees"), 0)


def _describe(binding: Binding) -> str | None:
    """Our bindings (they all have an id) in their own longer wording; a built-in widget's
    binding only when people press it, in our words; None for the rest."""
    if binding.id:
        return binding.tooltip or binding.description or binding.action.replace("_", " ").capitalize()
    return WIDGET_KEYS.get(binding.action)


def key_sections(screen: Screen, browser: bool = False) -> list[KeySection]:
    """Every key that does something on `screen` now, grouped by who handles it: the focused
    widget first, then the screen, then the app. Keys for one action share a row. In a browser,
    a row whose usual key the browser takes says so."""
    sections: dict[str, KeySection] = {}
    rows: dict[tuple[str, str], KeyRow] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = _describe(binding)
        if description is None:
            continue
        if browser and binding.id in IN_A_BROWSER:
            description += f" ({IN_A_BROWSER[binding.id][1]} in a terminal: a browser keeps it)"
        fresh = _section(active.node, binding.action)
        section = sections.setdefault(fresh.title, fresh)
        row = rows.get((section.title, description))
        if row is None:
            row = rows[(section.title, description)] = KeyRow([], description, binding.id)
            section.rows.append(row)
        label = binding.key_display or key_label(key)
        if label not in row.keys:
            row.keys.append(label)
    return sorted((s for s in sections.values() if s.rows), key=lambda s: s.rank)


HINT_KEY = re.compile(r"\{key:([a-z_]+(?:\.[a-z_]+)+)\}")


def key_for(node: DOMNode, binding_id: str) -> str:
    """The key (or keys) bound to `binding_id` where `node` is: declared by the node, a node
    around it or the app, with the [keymap] of config.toml applied. "?" when nothing binds it."""
    from maia_tui.ui.app_view import maia_app

    keymap = maia_app(node).keymap
    for holder in node.ancestors_with_self:
        for cls in type(holder).__mro__:
            for binding in cls.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id == binding_id:
                    keys = keymap.get(binding_id, binding.key)
                    return "/".join(key_label(key.strip()) for key in keys.split(","))
    return "?"


def hint(node: DOMNode, text: str) -> str:
    """`text` with each `{key:<binding id>}` replaced by the keys bound to it at `node`."""
    return HINT_KEY.sub(lambda match: key_for(node, match.group(1)), text)
