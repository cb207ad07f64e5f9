"""`e`: export the whole list on screen (every page, not only the rows shown) to CSV or JSON.

The list's items are fetched to the end with progress; `esc` cancels, and a cancelled or failed
export leaves nothing under the chosen name (exporting.atomic_text_file). In a browser (maia-tui
serve) the finished file is a download there instead, and nothing is written on the server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from datetime import datetime
from io import StringIO
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static
from textual.worker import Worker, WorkerState

from maia_tui.api.errors import MaiaError
from maia_tui.api.text import printable
from maia_tui.services.exporting import Column, RowWriter, atomic_text_file, default_export_dir
from maia_tui.ui.take_away import download_name, in_browser, send_to_browser

RawItems = Callable[[], AsyncIterator[Mapping[str, Any]]]
MIME_TYPES = {"csv": "text/csv", "json": "application/json"}


def default_path(resource: str, fmt: str, now: datetime, folder: Path | None = None) -> Path:
    return (folder or default_export_dir()) / f"maia-{resource}-{now:%Y%m%d-%H%M%S}.{fmt}"


class ExportDialog(ModalScreen[Path | None]):
    """Dismissed with the path written, or None when cancelled or failed."""

    HELP_TITLE = "Export"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Cancel the export; nothing is written", id="export.cancel")
    ]
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog #export-box {
        width: 76; height: auto; border: round $primary; background: $surface; padding: 0 1;
    }
    ExportDialog RadioSet { layout: horizontal; height: auto; border: none; }
    ExportDialog #export-path { margin: 1 0 0 0; }
    ExportDialog #export-progress { height: 1; margin: 1 0 0 0; color: $text-muted; }
    ExportDialog #export-buttons { height: auto; align-horizontal: right; }
    """

    AUTO_FOCUS = "#export-path"
    exported: reactive[int] = reactive(0)

    def __init__(
        self, resource: str, columns: Sequence[Column], items: RawItems, *, now: datetime, folder: Path | None = None
    ) -> None:
        super().__init__()
        self.resource = resource
        self.columns = columns
        self.items = items
        self.now = now
        self.folder = folder
        self.fmt = "csv"
        self.running: Worker[Path | None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = f"Export {self.resource}"
            box.border_subtitle = "every page, not only the rows shown"
            yield Label("Format")
            with RadioSet(id="export-format"):
                yield RadioButton("CSV (header row)", value=True, id="format-csv")
                yield RadioButton("JSON (as the API sent it)", id="format-json")
            path = default_path(self.resource, "csv", self.now, self.folder)
            if in_browser(self.app):
                yield Label("Download as (your browser chooses the folder)", id="export-path-label")
                yield Input(path.name, id="export-path")
            else:
                yield Label("Write to", id="export-path-label")
                yield Input(str(path), id="export-path")
            yield Static("", id="export-progress")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-go")

    @on(RadioSet.Changed, "#export-format")
    def format_changed(self, event: RadioSet.Changed) -> None:
        new = "json" if event.pressed.id == "format-json" else "csv"
        box = self.query_one("#export-path", Input)
        if box.value.endswith(f".{self.fmt}"):
            box.value = box.value[: -len(self.fmt)] + new
        self.fmt = new

    def watch_exported(self, count: int) -> None:
        if self.running is not None:
            self.query_one("#export-progress", Static).update(f"fetched {count:,} {self.resource} · esc cancels")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def start(self) -> None:
        if self.running is not None:
            return  # one export per dialog, however often enter is pressed
        typed = self.query_one("#export-path", Input).value
        self.query_one("#export-go", Button).disabled = True
        if in_browser(self.app):
            self.running = self.download(download_name(typed))
        else:
            self.running = self.write(Path(typed).expanduser())

    @work(exclusive=True, group="export", exit_on_error=False)
    async def write(self, path: Path) -> Path:
        with atomic_text_file(path) as handle:
            writer = RowWriter(handle, self.fmt, self.columns)
            async for item in self.items():
                writer.write(item)
                self.exported = writer.count
            writer.close()
        self.notify(f"Exported {writer.count:,} {self.resource} to {path}", timeout=6, markup=False)
        return path

    @work(exclusive=True, group="export", exit_on_error=False)
    async def download(self, filename: str) -> Path:
        """The whole list in memory, then to the browser: a cancelled or failed export sends nothing."""
        buffer = StringIO(newline="")  # the csv module's \r\n kept as written, as in a file
        writer = RowWriter(buffer, self.fmt, self.columns)
        async for item in self.items():
            writer.write(item)
            self.exported = writer.count
        writer.close()
        send_to_browser(self.app, buffer.getvalue(), filename, MIME_TYPES[self.fmt])
        self.notify(f"Exported {writer.count:,} {self.resource} as {filename}", timeout=6, markup=False)
        return Path(filename)

    @on(Worker.StateChanged)
    def finished(self, event: Worker.StateChanged) -> None:
        if event.worker is not self.running:
            return
        if event.state is WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            reason = str(error) if isinstance(error, (MaiaError, OSError)) else repr(error)
            self.running = None
            self.query_one("#export-go", Button).disabled = False
            failure = Text(f"Export failed, nothing was written: {printable(reason)}", style="bold red")
            self.query_one("#export-progress", Static).update(failure)

    def action_cancel(self) -> None:
        if self.running is not None:
            self.running.cancel()
            self.notify("Export cancelled; nothing was written.", timeout=4)
        self.dismiss(None)
