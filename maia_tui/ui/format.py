"""Small, pure formatting helpers shared by the widgets (easy to test without an app)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

from rich.text import Text

from maia_tui.api.errors import MaiaError, sentence
from maia_tui.api.text import printable


def clock_text(seconds: float) -> str:
    """mm:ss, or h:mm:ss from an hour up. The one rounding of every countdown on screen."""
    # Ceil, not floor: "00:00 left" appears only once nothing is left (0.5 s left shows 00:01,
    # while the token can still be sent), and a fresh 5-minute token reads 05:00 until a whole
    # second has gone (at 299.999 s left floor would already say 04:59).
    whole = max(0, math.ceil(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def ago(then: datetime, now: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 5:
        return "just now"
    if seconds < 60:
        return f"{seconds}s ago"
    if seconds < 3600:
        return f"{seconds // 60}m ago"
    return f"{seconds // 3600}h {seconds % 3600 // 60}m ago"


def short_id(value: str, keep: int = 8) -> str:
    """A client id shortened for a status bar: enough to recognise, not the whole thing."""
    return value if len(value) <= keep + 5 else f"{value[:keep]}…{value[-4:]}"


def server_text(value: object, limit: int | None = 300) -> Text:
    """Server-supplied text as a literal Text: no markup, no terminal escapes."""
    return Text(printable(value, limit))


def error_text(error: BaseException, keys: Callable[[str], str] = str) -> Text:
    """What went wrong (naming the host), the server's own words literally, then what to do
    (`keys` names the keys in it: ui.keys.hint, where the error is shown)."""
    if not isinstance(error, MaiaError):
        return Text.assemble((f"Unexpected error: {type(error).__name__}: ", "bold"), printable(str(error)))
    text = Text()
    message = sentence(printable(error.message))
    text.append(message, style="bold")
    detail = printable(error.detail) if error.detail else ""
    if detail and detail not in message:  # the server's words, literally, once
        text.append("\n")
        text.append(detail)
    if error.hint and error.hint.rstrip(".") not in message:
        text.append("\n")
        text.append(sentence(keys(error.hint)), style="dim")
    return text
