"""A one-line key hint bar (k9s style): the shown bindings of the screen, as one Text.

Textual's Footer rebuilds a widget per key on every focus or binding change (tens of
milliseconds a time on a small machine, several times per screen change); this repaints a
single Static instead, coalescing bursts of changes into one rebuild per refresh.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
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
        text = Text(no_wrap=True, overflow="ellipsis", end="")
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
            text.append(f" {self.app.get_key_display(binding)} ", key_style)
            text.append(f"{binding.description} ", text_style)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            text.append(f"  {self.app.get_key_display(palette)} ", key_style)
            text.append("palette", text_style)
        self.update(text)
