"""Sort any list by any column: `o` opens a one-key column picker (the same column again flips the
direction, `0` the server's order) and the selected row stays selected and in view; a header click
cycles column and direction; an arrow marks the column, sorting is stable and by value (text without case, times, durations),
and on a server-paged list it orders the rows loaded and the header says so."""

from __future__ import annotations

from textual.geometry import Offset

from maia_tui.api.models import parse_time
from tests.support import SIZE, header, log_in, rendered_text, wait_until

from .test_runs import LIVING_ACCOUNT, open_runs

pytestmark = LIVING_ACCOUNT


def header_line(table) -> str:  # type: ignore[no-untyped-def]
    return rendered_text(table).splitlines()[0]


async def test_o_picks_name_then_again_descending_then_description(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        table = screen.table
        served = [p.name for p in table.shown]
        await pilot.press("o", "1")  # Name, the first column
        assert [p.name for p in table.shown] == sorted(served, key=str.casefold)
        assert "Name ▲" in header_line(table) and "sorted by Name ▲ (the rows loaded)" in header(app)
        await pilot.press("o", "1")  # the same column again: the other way
        assert [p.name for p in table.shown] == sorted(served, key=str.casefold, reverse=True)
        assert "Name ▼" in header_line(table)
        await pilot.press("o", "2")  # description, rows without one last, in server order
        with_text = [p for p in screen.listing.items if p.description]
        without = [p for p in screen.listing.items if not p.description]
        expected = sorted(with_text, key=lambda p: p.description.casefold()) + without
        assert [p.id for p in table.shown] == [p.id for p in expected]
        await pilot.press("n")  # another server page: sorted the same way
        await wait_until(pilot, lambda: screen.listing.current.page == 1, "page 2")
        descriptions = [p.description.casefold() for p in table.shown if p.description]
        assert descriptions == sorted(descriptions) and "sorted by Description ▲" in header(app)


async def test_runs_sort_by_time_and_by_duration_as_values_and_stably(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        listing = screen.panel.listing
        table = listing.table
        listing.sort_by = ("started", False)  # oldest first
        await pilot.pause()
        starts = [parse_time(r.started_at) for r in table.shown]
        assert starts == sorted(starts) and "Started ▲" in header_line(table)
        listing.sort_by = ("duration", True)
        await pilot.pause()
        now = app.clock.now()
        seconds = [
            ((parse_time(r.finished_at) if r.finished_at else now) - parse_time(r.started_at)).total_seconds()
            for r in table.shown
        ]
        assert seconds == sorted(seconds, reverse=True)  # "1 m 05 s" before "52 s": by value, not text
        listing.sort_by = ("environment", False)
        await pilot.pause()
        served = list(listing.items)
        for env in {r.environment_name for r in served}:  # equal keys keep the server's order
            assert [r for r in table.shown if r.environment_name == env] == [
                r for r in served if r.environment_name == env
            ]


async def test_a_click_on_a_header_sorts_by_that_column(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        table = screen.table
        x = 34 + 2 + 3  # inside the second column's header (Name is 34 wide, plus its padding)
        await pilot.click(table, offset=Offset(x, 0))
        assert screen.listing.sort_by == ("description", False) and "Description ▲" in header_line(table)
        await pilot.click(table, offset=Offset(x, 0))
        assert screen.listing.sort_by == ("description", True)
        await pilot.click(table, offset=Offset(x, 0))
        assert screen.listing.sort_by is None and "▲" not in header_line(table) and "▼" not in header_line(table)


def cursor_in_view(table) -> bool:  # type: ignore[no-untyped-def]
    top = int(table.scroll_offset.y)
    return top <= table.cursor_row < top + table.size.height - 1  # less the header line


async def test_the_sort_picker_keeps_the_selected_row_selected_and_in_view(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await log_in(pilot)
        table = screen.table
        served = [p.name.casefold() for p in table.shown]
        last = served.index(max(served))  # sorted by name: the last row, then the first
        await pilot.press(*["j"] * last)
        chosen = table.selected
        assert chosen is not None and cursor_in_view(table)
        steps = (
            (("o", "1"), ("name", False), len(served) - 1),
            (("o", "1"), ("name", True), 0),
            (("o", "0"), None, last),
        )
        for keys, sort_by, row in steps:
            await pilot.press(*keys)
            await pilot.pause()
            assert screen.listing.sort_by == sort_by
            assert table.selected == chosen and table.cursor_row == row, keys
            assert cursor_in_view(table), (keys, table.cursor_row, table.scroll_offset.y)
        await pilot.press("o", "escape")  # esc: the order stays as it is
        assert screen.listing.sort_by is None and table.selected == chosen
