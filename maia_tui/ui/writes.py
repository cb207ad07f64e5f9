"""The one gate every write key passes: in read-only mode it says how to turn writes on
(never silently nothing); with writes on it lets the key through."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maia_tui.credentials.writes import HOW_TO_ENABLE

if TYPE_CHECKING:
    from textual.dom import DOMNode

READ_ONLY_TITLE = "Read-only"


def writes_allowed(node: DOMNode, what: str) -> bool:
    """True when this session may write; otherwise a notification saying what was refused and
    how to enable writes. `what` is the action as a person says it ("Running a pipeline")."""
    from maia_tui.ui.app_view import maia_app

    session = maia_app(node).session
    if session is not None and session.writes.allowed:
        return True
    node.app.notify(f"{what} is a write. {HOW_TO_ENABLE}.", title=READ_ONLY_TITLE, severity="warning", timeout=10)
    return False
