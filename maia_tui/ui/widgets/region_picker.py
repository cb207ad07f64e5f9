"""The login form's region choice: every option on one line, the chosen one marked.

One widget that draws itself, instead of a `Select` (a current-value widget, three statics and
an OptionList overlay, with their stylesheets): the login form paints sooner. All choices are
in sight, so no list needs opening: ←/→ (or ↑/↓) choose, space moves on, a click chooses.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from maia_tui.ui.feedback import flash


class RegionPicker(Widget, can_focus=True):
    """A row of radio-style options; `value` is the chosen one, `Changed` says when it changes."""

    HELP_TITLE = "Region"
    ALLOW_SELECT = False
    DEFAULT_CSS = """
    RegionPicker {
        width: 1fr;
        height: 3;
        padding: 0 1;
        border: tall $border-blurred;
        background: $surface;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        pointer: pointer;
    }
    RegionPicker:focus {
        border: tall $border;
        background-tint: $foreground 5%;
    }
    """
    BINDINGS = [
        Binding(
            "left,up",
            "move(-1)",
            "Previous region",
            show=False,
            tooltip="Choose the previous region",
            id="region.previous",
        ),
        Binding(
            "right,down,space", "move(1)", "Next region", show=False, tooltip="Choose the next region", id="region.next"
        ),
    ]

    class Changed(Message):
        def __init__(self, picker: RegionPicker, value: str) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> RegionPicker:
            return self.picker

    def __init__(
        self, options: list[tuple[str, str]], value: str, *, id: str | None = None, fixed_note: str | None = None
    ) -> None:
        """`options` are (label, value) pairs; `value` must be one of them. `fixed_note` is
        flashed when a key tries to move off a single option."""
        super().__init__(id=id)
        self.fixed_note = fixed_note
        self._options = list(options)
        self._values = [option_value for _, option_value in self._options]
        self._value = value if value in self._values else self._values[0]
        self._spans: list[tuple[int, int, str]] = []  # where each option is drawn: start, end, value

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, value: str) -> None:
        if value not in self._values:
            raise ValueError(f"{value!r} is not one of {self._values}")
        if value != self._value:
            self._value = value
            self.refresh()
            self.post_message(self.Changed(self, value))

    @property
    def options(self) -> list[tuple[str, str]]:
        return list(self._options)

    def render(self) -> Content:
        parts: list[tuple[str, str] | str] = []
        self._spans = []
        position = 0
        chosen_style = "bold $text-accent" if self.has_focus else "bold"
        for index, (label, value) in enumerate(self._options):
            if index:
                parts.append("   ")
                position += 3
            chosen = value == self._value
            text = f"{'●' if chosen else '○'} {label}"
            parts.append((text, chosen_style) if chosen else (text, "$foreground-muted"))
            self._spans.append((position, position + len(text), value))
            position += len(text)
        return Content.assemble(*parts)

    def action_move(self, step: int) -> None:
        if len(self._values) == 1:
            flash(self, self.fixed_note or f"{self._options[0][0]} is the only choice here.")
            return
        index = self._values.index(self._value)
        self.value = self._values[(index + step) % len(self._values)]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, value in self._spans:
            if start <= offset.x < end:
                self.value = value
                return
