"""The one-line strip under the status bar: the sections and their keys, the current one lit."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from maia_tui.ui.sections import SECTIONS


def tabs_text(current: str) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for section in SECTIONS:
        chosen = section.name == current
        text.append(f" {section.key} ", style="bold reverse" if chosen else "bold")
        text.append(f"{section.title} ", style="bold underline" if chosen else "dim")
        text.append(" ")
    return text


class SectionTabs(Static):
    DEFAULT_CSS = """
    SectionTabs { height: 1; width: 1fr; padding: 0 1; background: $panel; }
    """

    def __init__(self, current: str) -> None:
        super().__init__(tabs_text(current), markup=False, id="section-tabs")
        self.current = current
