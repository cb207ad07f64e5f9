"""Scalar variables as editable `key = value` rows (the screen binds keys to add_row and
remove_row). Posts `VariableRows.Changed` whenever the set of variables may have changed."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label


class VariableRow(Horizontal):
    DEFAULT_CSS = """
    VariableRow { height: 1; }
    VariableRow Input { border: none; height: 1; padding: 0 1; }
    VariableRow .var-key { width: 2fr; }
    VariableRow .var-eq { width: 3; content-align: center middle; }
    VariableRow .var-value { width: 3fr; }
    """

    def __init__(self, key: str = "", value: str = "") -> None:
        super().__init__(classes="var-row")
        self.initial = (key, value)

    def compose(self) -> ComposeResult:
        yield Input(self.initial[0], placeholder="name", classes="var-key", compact=True)
        yield Label("=", classes="var-eq")
        yield Input(self.initial[1], placeholder="value", classes="var-value", compact=True)

    @property
    def pair(self) -> tuple[str, str]:
        key, value = self.query(Input).results()
        return key.value.strip(), value.value


class VariableRows(Vertical):
    DEFAULT_CSS = """
    VariableRows { height: auto; max-height: 8; }
    VariableRows #var-empty { color: $text-muted; }
    """

    class Changed(Message):
        """A variable row was added, removed or edited."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.initial = list(pairs)

    def compose(self) -> ComposeResult:
        yield Label("No variables: the pipeline's defaults are used (f2 adds one).", id="var-empty")
        for key, value in self.initial:
            yield VariableRow(key, value)

    def on_mount(self) -> None:
        self._show_empty()

    def _show_empty(self) -> None:
        self.query_one("#var-empty").display = not self.query(VariableRow)

    def variables(self) -> dict[str, str]:
        """The named rows, in order; a row without a name is left out (it is being typed)."""
        return {key: value for key, value in (row.pair for row in self.query(VariableRow)) if key}

    async def add_row(self) -> None:
        row = VariableRow()
        await self.mount(row)
        self._show_empty()
        row.query_one(Input).focus()
        self.post_message(self.Changed())

    async def remove_focused_row(self) -> None:
        focused = self.screen.focused
        row = next((r for r in self.query(VariableRow) if focused is not None and r in focused.ancestors), None)
        if row is None:
            return
        await row.remove()
        self._show_empty()
        self.post_message(self.Changed())

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())
