"""A short flash for a key with nothing to do, saying why ("Already on the last page."), so no
key is ever silently ignored. Shorter-lived than a notification about something that happened."""

from __future__ import annotations

from textual.dom import DOMNode

FLASH_SECONDS = 2.0


def flash(node: DOMNode, why: str) -> None:
    node.app.notify(why, timeout=FLASH_SECONDS, markup=False)
