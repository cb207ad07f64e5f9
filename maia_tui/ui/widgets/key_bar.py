"""A one-line key hint bar (k9s style): the shown bindings of the screen, as one Text.

Textual's Footer rebuilds a widget per key on every focus or binding change (tens of
milliseconds a time on a small machine, several times per screen change); this repaints a
single Static instead, coalescing bursts of changes into one rebuild per refresh.

When the keys do not all fit, whole keys are left out (never one cut mid-word): help and the
palette stay (they lead to every other key), then the rest in the screen's order while they fit.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.color import Color, ColorParseError
from textual.screen import Screen
from textual.widgets import Static


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-description-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self) -> None:
        super().__init__(markup=False)
        self._pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._schedule())
        # Not now: a screen's check_action may look at widgets that are still mounting.
        self._schedule()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.theme_changed_signal.unsubscribe(self)

    def on_resize(self, event: events.Resize) -> None:
        self._schedule()

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self._schedule()

    def _schedule(self) -> None:
        if not self._pending and self.is_attached:
            self._pending = True
            self.call_after_refresh(self.rebuild)

    def _colour(self, variable: str) -> str | None:
        """A theme colour as Rich understands it (None: inherit the bar's own colour)."""
        try:
            return Color.parse(self.app.theme_variables[variable]).rich_color.name
        except (KeyError, ColorParseError):
            return None

    def rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        key_style = Style(color=self._colour("footer-key-foreground"), bold=True)
        text_style = Style(color=self._colour("footer-description-foreground"))
        pieces: list[tuple[str, str, bool]] = []  # (key, description, always kept)
        seen: set[str] = set()
        palette = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == self.app.COMMAND_PALETTE_BINDING:
                palette = binding
                continue
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            always = binding.action in ("help", "app.help")
            pieces.append((f" {self.app.get_key_display(binding)} ", f"{binding.description} ", always))
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            pieces.append((f"  {self.app.get_key_display(palette)} ", "palette", True))
        room = self.size.width or self.app.size.width
        room -= sum(cell_len(key + words) for key, words, always in pieces if always)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for key, words, always in pieces:
            if not always:
                if cell_len(key + words) > room:
                    continue
                room -= cell_len(key + words)
            text.append(key, key_style)
            text.append(words, text_style)
        # Most rebuilds (a focus moved, a binding re-checked) end with the same keys: an update
        # would lay the whole screen out again for nothing.
        if text != self.content:
            self.update(text)
