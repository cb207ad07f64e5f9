"""Keys with nothing to do: left out of the footer, and saying why when pressed.

A node whose key has nothing to do now (`n` on the last page, `enter` on a row that opens nothing,
`F8` with no saved profile) answers `why_idle(action)` with one short sentence, and its
`check_action` returns None for it (`idle_check`): Textual then neither runs the action nor counts
the binding as enabled, so the key bar leaves it out. The key press goes on to the app unhandled,
and `IdleKeys.on_key` flashes the reason. Keys that never apply where they are (a list without
pages has no `n`) return False instead, and are silent: they are not keys of that screen.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.app import App
from textual.dom import DOMNode

from maia_tui.ui.feedback import flash
from maia_tui.ui.keys import hint


@runtime_checkable
class ExplainsIdleKeys(Protocol):
    def why_idle(self, action: str) -> str | None:
        """Why `action` (a binding's action, parameters and all) has nothing to do now; None: it has."""


def idle_check(node: ExplainsIdleKeys, action: str) -> bool | None:
    """A `check_action` answer: None (disabled, shown nowhere) when `node` says the action is idle."""
    return None if node.why_idle(action) else True


def nothing_to_open(node: DOMNode, noun: str) -> str:
    """`enter` on a row that opens nothing: what shows it instead."""
    return hint(node, f"There is nothing more to open for this {noun}: {{key:list.raw}} shows it as the API sent it.")


class IdleKeys(App[Any]):
    """The app's side: a key that reached the app unhandled, whose binding is disabled, says why."""

    def on_key(self, event: events.Key) -> None:
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.enabled or not isinstance(active.node, ExplainsIdleKeys):
            return
        why = active.node.why_idle(active.binding.action)
        if why:
            flash(self, why)
