"""The login form's "Remember as profile" checkbox (mounted after the form's first paint)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Checkbox


class RememberBox(Checkbox, inherit_bindings=False):
    """Space ticks it; enter signs in, as from every other field of the form."""

    BINDINGS = [
        Binding(
            "space", "toggle_button", "Remember", show=False, tooltip="Tick or untick remember", id="login.remember"
        )
    ]
