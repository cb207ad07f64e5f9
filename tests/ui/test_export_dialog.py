"""The export dialog on its own: CSV or JSON of every item, progress, and nothing left behind
when cancelled or failed."""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Input, Static

from maia_tui.api.errors import NetworkError
from maia_tui.resources import kind
from maia_tui.services.exporting import columns
from maia_tui.ui.screens.export_dialog import ExportDialog

NOW = datetime(2026, 6, 1, 9, 30, 5)
ITEMS = [{"id": f"p{i}", "name": f'Name, "quoted" {i}\nline two', "description": None} for i in range(250)]


class Host(App[None]):
    def __init__(self, dialog: ExportDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.result: Path | None | str = "not dismissed"

    def on_mount(self) -> None:
        self.push_screen(self.dialog, callback=self.done)

    def done(self, result: Path | None) -> None:
        self.result = result


async def items(fail_after: int | None = None, gate: asyncio.Event | None = None) -> AsyncIterator[Mapping[str, Any]]:
    for index, item in enumerate(ITEMS):
        if fail_after is not None and index == fail_after:
            raise NetworkError("Could not connect to 127.0.0.1:9 (connection refused).")
        if gate is not None and index == 100:
            await gate.wait()
        yield item


async def until(pilot: Any, predicate: Any) -> None:
    for _ in range(500):
        if predicate():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never held")


async def test_csv_then_json_of_every_item(tmp_path: Path) -> None:
    dialog = ExportDialog("projects", columns(*kind("projects").export_columns), items, now=NOW, folder=tmp_path)
    app = Host(dialog)
    async with app.run_test() as pilot:
        box = dialog.query_one("#export-path", Input)
        assert box.value == str(tmp_path / "maia-projects-20260601-093005.csv")
        await pilot.click("#format-json")
        assert box.value.endswith(".json")
        await pilot.click("#format-csv")
        await pilot.click("#export-go")
        await until(pilot, lambda: app.result != "not dismissed")
    written = tmp_path / "maia-projects-20260601-093005.csv"
    assert app.result == written
    with written.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["id"], r["name"], r["description"]) for r in rows] == [(i["id"], i["name"], "") for i in ITEMS]

    dialog = ExportDialog("projects", columns(*kind("projects").export_columns), items, now=NOW, folder=tmp_path)
    app = Host(dialog)
    async with app.run_test() as pilot:
        await pilot.click("#format-json")
        await pilot.click("#export-go")
        await until(pilot, lambda: app.result != "not dismissed")
    assert json.loads((tmp_path / "maia-projects-20260601-093005.json").read_text()) == ITEMS


async def test_a_failed_export_says_why_and_writes_nothing(tmp_path: Path) -> None:
    dialog = ExportDialog(
        "projects", columns(*kind("projects").export_columns), lambda: items(fail_after=120), now=NOW, folder=tmp_path
    )
    app = Host(dialog)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        progress = dialog.query_one("#export-progress", Static)
        await until(pilot, lambda: "failed" in str(progress.content))
        assert "127.0.0.1:9" in str(progress.content)
    assert list(tmp_path.iterdir()) == []


async def test_cancel_while_fetching_writes_nothing(tmp_path: Path) -> None:
    gate = asyncio.Event()  # never set: the export waits after 100 items until cancelled
    dialog = ExportDialog(
        "projects", columns(*kind("projects").export_columns), lambda: items(gate=gate), now=NOW, folder=tmp_path
    )
    app = Host(dialog)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: dialog.exported == 100)
        assert "fetched 100 projects" in str(dialog.query_one("#export-progress", Static).content)
        await pilot.press("escape")
        await until(pilot, lambda: app.result is None)
        await pilot.pause(0.05)
    assert list(tmp_path.iterdir()) == []
