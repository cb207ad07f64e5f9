"""Copying: OSC 52 through Textual's clipboard, and an honest notice about it.

A terminal never answers an OSC 52 request, so "copied" cannot be known. The notice says the
value was sent, and shows it so it can be selected by hand where the terminal ignores OSC 52
(tmux without `set-clipboard on`, many SSH setups). With no terminal at all (headless), nothing
was sent, and it says so.
"""

from __future__ import annotations

from textual.app import App

SHOWN_LIMIT = 200  # a long value (raw JSON) is not repeated whole in a toast


def copy_text(app: App[object], value: str, what: str) -> bool:
    """Send `value` to the clipboard; True when it reached a terminal to ask."""
    app.copy_to_clipboard(value)
    shown = value if len(value) <= SHOWN_LIMIT else f"{value[: SHOWN_LIMIT - 1]}…"
    if app.is_headless:
        app.notify(f"No terminal to copy to; select it here: {shown}", title=f"{what} not copied", markup=False)
        return False
    app.notify(shown, title=f"{what} sent to the clipboard (OSC 52)", markup=False, timeout=6)
    return True
