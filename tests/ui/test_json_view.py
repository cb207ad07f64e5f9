"""The raw JSON screen on its own: literal, escaped, searchable, copied."""

from __future__ import annotations

import json

from textual.app import App
from textual.widgets import Static

from maia_tui.ui.screens.json_view import JsonScreen, match_spans, pretty_json

HOSTILE = {
    "id": "p-1",
    "name": "\x1b[31mRED\x1b[0m [bold]x[/] \u202eevil\u202c",
    "description": "second fraud line\nthird FRAUD line",
    "nested": {"count": 3, "ok": True, "none": None},
}


def test_pretty_json_is_valid_json_with_every_control_escaped() -> None:
    text = pretty_json(HOSTILE)
    assert json.loads(text) == HOSTILE
    assert "\x1b" not in text and "\u202e" not in text and "\u202c" not in text
    assert "\\u001b[31mRED" in text and "\\u202eevil\\u202c" in text
    assert "[bold]x[/]" in text  # markup stays literal text


def test_match_spans_are_case_insensitive_and_literal() -> None:
    assert match_spans("a Fraud fraud", "FRAUD") == [(2, 7), (8, 13)]
    assert match_spans("a.b", ".") == [(1, 2)]
    assert match_spans("abc", "") == []


class Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(JsonScreen("Project p-1", HOSTILE))


async def test_search_moves_between_matches_and_y_copies_the_json() -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, JsonScreen)
        shown = str(screen.query_one("#json-text", Static).content)
        assert '"name": "\\u001b[31mRED' in shown
        await pilot.press("slash", *"fraud", "enter")
        assert screen.needle == "fraud" and len(screen.matches) == 2 and screen.current == 0
        await pilot.press("n")
        assert screen.current == 1
        await pilot.press("n")
        assert screen.current == 0
        await pilot.press("N")
        assert screen.current == 1
        assert screen.query_one("#json-body").border_subtitle.startswith("2 matches")
        await pilot.press("y")
        assert json.loads(app.clipboard) == HOSTILE
        await pilot.press("escape")
        assert not isinstance(app.screen, JsonScreen)
