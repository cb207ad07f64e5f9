"""Server text made safe to show: no terminal escapes, no control characters, bounded length."""

from __future__ import annotations

import re

# C0 and C1 control characters (ESC starts terminal escape sequences) except tab.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def printable(text: object, limit: int | None = 300) -> str:
    """Render server-supplied text literally: control characters become visible escapes.

    Rich markup is not touched here: it is harmless as long as the UI renders the text
    without markup, which it always does for server text.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    shown = _CONTROL.sub(lambda m: repr(m.group())[1:-1] if m.group() != "\n" else " ", text)
    if limit is not None and len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return shown
