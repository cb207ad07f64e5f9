"""Server text made safe to show: no terminal escapes, no control characters, bounded length."""

from __future__ import annotations

import re

# C0 and C1 control characters (ESC starts terminal escape sequences) except tab, and the
# bidirectional controls that make text read differently from how it is stored.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object, limit: int | None = 300) -> str:
    """Render server-supplied text literally: control characters become visible escapes.

    Rich markup is not touched here: it is harmless as long as the UI renders the text
    without markup, which it always does for server text.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    shown = _CONTROL.sub(_visible, text)
    if limit is not None and len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return shown


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return " "
    return repr(char)[1:-1] if ord(char) < 0x100 else f"\\u{ord(char):04x}"
