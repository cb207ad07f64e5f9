"""`v`: the selected object exactly as the API sent it (the model's `raw`), pretty-printed and
highlighted; `/` finds text in it, `y` copies it, `s` saves it (a download in a browser). Only objects the API returned can be shown here:
the token and the secret are never objects of a list, so they can never appear."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from typing import Any

from rich.syntax import Syntax
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from maia_tui.api.text import printable
from maia_tui.ui.clipboard import copy_text
from maia_tui.ui.take_away import take_away
from maia_tui.ui.words import counted


def _escape(char: str) -> str:
    return char if unicodedata.category(char) not in ("Cc", "Cf", "Cs") else f"\\u{ord(char):04x}"


def raw_json(raw: Mapping[str, Any]) -> str:
    """Pretty JSON of what was sent, keys in the server's order. Non-ASCII text stays readable;
    C0 controls are escaped by json itself, and C1 controls and invisible format characters
    (bidi overrides) are escaped here, so nothing in it can drive the terminal; so is half a
    surrogate pair, which JSON can carry and a UTF-8 file cannot."""
    text = json.dumps(raw, indent=2, ensure_ascii=False, default=str)
    return "".join(_escape(c) if ord(c) >= 0x7F else c for c in text)


class JsonScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,v", "close", "Close", tooltip="Close the raw JSON", id="json.close"),
        Binding("y", "copy", "Copy", tooltip="Copy the JSON", id="json.copy"),
        Binding("s", "save", "Save", tooltip="Save the JSON to a file (in a browser: download it)", id="json.save"),
        Binding("slash", "find", "Find", tooltip="Find text in the JSON", id="json.find"),
    ]
    DEFAULT_CSS = """
    JsonScreen { align: center middle; }
    JsonScreen #json-box { width: 90%; height: 90%; border: round $accent; background: $surface; }
    JsonScreen #json-find { dock: bottom; display: none; }
    JsonScreen #json-status { dock: top; height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self, title: str, raw: Mapping[str, Any], filename: str = "maia-object.json") -> None:
        super().__init__()
        self.title_text = title
        self.filename = filename
        self.text = raw_json(raw)
        self.needle = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="json-box") as box:
            box.border_title = printable(self.title_text, 80)
            box.border_subtitle = "y copy · s save · / find · esc close"
            yield Static(id="json-status", markup=False)
            yield Static(self.highlighted(), id="json-body")
        yield Input(placeholder="find in the JSON — enter keeps it, esc closes", id="json-find")

    def on_mount(self) -> None:
        self.paint_status()

    def highlighted(self) -> Syntax | Text:
        syntax = Syntax(self.text, "json", theme="ansi_dark", word_wrap=True, background_color="default")
        if not self.needle:
            return syntax
        text = syntax.highlight(self.text)
        text.highlight_words([self.needle], style="black on yellow", case_sensitive=False)
        return text

    def matches(self) -> int:
        return self.text.casefold().count(self.needle.casefold()) if self.needle else 0

    def paint_status(self) -> None:
        lines = self.text.count("\n") + 1
        status = f"{counted(lines, 'line')} as the API sent them"
        if self.needle:
            status += f" · {counted(self.matches(), 'match', 'matches')} for {self.needle!r}"
        self.query_one("#json-status", Static).update(status)

    def action_find(self) -> None:
        field = self.query_one("#json-find", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#json-find")
    def _find(self, event: Input.Changed) -> None:
        self.needle = event.value
        self.query_one("#json-body", Static).update(self.highlighted())
        self.paint_status()
        if self.needle:
            line = next(
                (i for i, row in enumerate(self.text.splitlines()) if self.needle.casefold() in row.casefold()), 0
            )
            self.query_one("#json-box", VerticalScroll).scroll_to(y=max(0, line - 2), animate=False)

    @on(Input.Submitted, "#json-find")
    def _kept(self) -> None:
        self.query_one("#json-box").focus()

    def action_copy(self) -> None:
        copy_text(self.app, self.text, f"{len(self.text):,} characters of JSON")

    def action_save(self) -> None:
        take_away(self.app, self.text + "\n", self.filename, "application/json", "JSON")

    def action_close(self) -> None:
        field = self.query_one("#json-find", Input)
        if field.has_focus:
            field.display = False
            self.query_one("#json-box").focus()
            return
        self.dismiss(None)
