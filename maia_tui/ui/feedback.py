"""A short flash for a key with nothing to do, saying why ("Already on the last page."), so no
key is ever silently ignored. Shorter-lived than a notification about something that happened."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widget import Widget

FLASH_SECONDS = 2.0


def flash(node: Widget | App[Any], why: str) -> None:
    node.notify(why, timeout=FLASH_SECONDS, markup=False)
