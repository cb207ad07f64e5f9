"""`v`: one object exactly as the API sent it, pretty-printed and highlighted, searchable with
`/` (`n`/`N` move between matches), copied with `y`.

Only API objects reach this screen (each model's `raw`); the token is not one of them. Control
and bidirectional characters are shown as JSON escapes, so the text reads as it is stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from rich.highlighter import JSONHighlighter
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input, Static

# What json.dumps leaves as is but a terminal would act on: C1 controls and bidi overrides.
_UNSAFE = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pretty_json(document: Mapping[str, Any]) -> str:
    """Indented JSON that is still valid JSON, with every unsafe character escaped."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def match_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Case-insensitive, non-overlapping (start, end) of `needle` in `text`."""
    if not needle:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]


class JsonScreen(ModalScreen[None]):
    HELP_TITLE = "Raw JSON"
    BINDINGS = [
        Binding("escape,v,q", "close", "Close", tooltip="Back to the list", id="json.close"),
        Binding("slash", "search", "Search", tooltip="Search the JSON text", id="json.search"),
        Binding("n", "next_match", "Next match", tooltip="Go to the next match", id="json.next"),
        Binding("N", "previous_match", "Previous match", tooltip="Go to the previous match", id="json.previous"),
        Binding("y", "copy", "Copy", tooltip="Copy the JSON to the clipboard (OSC 52)", id="json.copy"),
    ]
    DEFAULT_CSS = """
    JsonScreen { align: center middle; }
    JsonScreen #json-body {
        width: 90%; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    JsonScreen #json-search { dock: bottom; display: none; }
    JsonScreen #json-search.shown { display: block; }
    """

    needle: reactive[str] = reactive("")
    current: reactive[int] = reactive(0)

    def __init__(self, title: str, document: Mapping[str, Any]) -> None:
        super().__init__()
        self.title_text = title
        self.text = pretty_json(document)
        self.line_starts = [0] + [i + 1 for i, char in enumerate(self.text) if char == "\n"]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="json-body") as body:
            body.border_title = self.title_text
            body.border_subtitle = "/ search · y copy · esc close"
            yield Static(self.rendered(), id="json-text")
        yield Input(placeholder="search the JSON", id="json-search")

    @property
    def matches(self) -> list[tuple[int, int]]:
        return match_spans(self.text, self.needle)

    def rendered(self) -> Text:
        text = Text(self.text)  # literal: nothing the server sent is read as markup
        JSONHighlighter().highlight(text)
        for index, (start, end) in enumerate(self.matches):
            text.stylize("reverse bold" if index == self.current else "reverse", start, end)
        return text

    def watch_needle(self) -> None:
        self.current = 0
        self.repaint()

    def watch_current(self) -> None:
        self.repaint()

    def repaint(self) -> None:
        if not self.is_mounted:
            return
        self.query_one("#json-text", Static).update(self.rendered())
        matches = self.matches
        body = self.query_one("#json-body", VerticalScroll)
        if self.needle:
            body.border_subtitle = f"{len(matches)} match{'es' if len(matches) != 1 else ''} · n next · N previous"
        if matches:
            line = sum(1 for start in self.line_starts if start <= matches[self.current][0]) - 1
            body.scroll_to(y=max(0, line - 3), animate=False)

    def action_search(self) -> None:
        box = self.query_one("#json-search", Input)
        box.add_class("shown")
        box.focus()

    @on(Input.Changed, "#json-search")
    def search_changed(self, event: Input.Changed) -> None:
        self.needle = event.value

    @on(Input.Submitted, "#json-search")
    def search_done(self) -> None:
        self.query_one("#json-body").focus()

    def _step(self, by: int) -> None:
        count = len(self.matches)
        if not count:
            self.notify("No matches: press / to search." if not self.needle else "No matches.", timeout=2)
            return
        self.current = (self.current + by) % count

    def action_next_match(self) -> None:
        self._step(1)

    def action_previous_match(self) -> None:
        self._step(-1)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(f"Sent {len(self.text):,} characters of JSON to the clipboard (OSC 52).", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)
