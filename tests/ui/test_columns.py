"""#22: the Runs list at 80x24 — pipeline names whole, the selected row's left-out cells under
the list — and `W`, wide mode: every column whole, ←/→ to scroll sideways, `W` again to fit."""

from __future__ import annotations

from maia_tui.ui.views.resource_table import MEASURED_ROWS
from tests.support import log_in, rendered_text, wait_until

from .test_runs import open_runs as open_runs_screen


async def open_runs(pilot):  # type: ignore[no-untyped-def]
    """The Runs list, ready, its project names resolved and its polling paused."""
    app = pilot.app
    listing = (await open_runs_screen(pilot)).panel.listing
    names = app.session.caches.project_names
    await wait_until(pilot, lambda: names.complete, "the project names")
    listing.pause()  # no poll while the test reads the rows
    return listing


def cut_cells(table) -> list[str]:  # type: ignore[no-untyped-def]
    """Lines of the table in view with a cell cut short."""
    return [line for line in rendered_text(table).splitlines() if "…" in line]


async def test_at_80x24_every_pipeline_name_is_whole_and_the_rest_shows_under_the_list(app):
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_runs(pilot)
        table = listing.table
        shown = rendered_text(table)
        for run in table.shown[:18]:  # the rows in view
            assert run.pipeline_name in shown
        assert table.widths["project"] == table.widths["user"] == 0  # no room at 80 columns
        await pilot.press("down", "down")
        selected = table.shown[2]
        detail = rendered_text(listing.query_one("#runs-detail")).strip()
        project = app.session.caches.project_names.names[selected.project_id]
        assert detail.startswith(f"Project {project}")
        assert f"User {selected.user}" in detail or not selected.user


async def test_w_shows_every_column_whole_and_scrolls_sideways_then_fits_again(app):
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_runs(pilot)
        table = listing.table
        fitted = dict(table.widths)
        await pilot.press("W")
        assert table.wide
        wide = table.widths
        assert all(wide[key] > 0 for key in fitted)  # nothing left out
        users = [run.user for run in table.shown[:MEASURED_ROWS] if run.user]
        assert wide["user"] >= max(len(user) for user in users)  # every user whole
        detail = rendered_text(listing.query_one("#runs-detail")).strip()
        assert detail.startswith("Wide: every column whole")

        await pilot.press("right")  # past the status column, to the pipeline's start
        assert table.scroll_x == wide["status"] + 2
        await pilot.press("right", "right", "right")
        assert table.scroll_x > 80 - 20  # far enough to show the columns that did not fit
        header = rendered_text(table).splitlines()[0]
        assert header.split() == ["Trigger", "User", "Started", "Duration", "Message"]  # status to env: left of view

        await pilot.press("W")
        assert not table.wide and table.widths == fitted and table.scroll_x == 0


async def test_the_line_under_the_list_follows_a_change_to_the_selected_row(app):
    import dataclasses

    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_runs(pilot)
        table = listing.table
        await pilot.press("down")
        selected = table.shown[1]
        changed = dataclasses.replace(selected, message="Agent lost contact at step 7 of 9")
        listing.merge([changed], add_new=False)  # as a live poll does when the server's row changed
        await pilot.pause()
        line = listing.query_one("#runs-detail")
        assert "Message Agent lost contact at step 7 of 9" in line.describe().plain
        shown = rendered_text(line).strip()
        assert "Message Agent lost" in shown and shown.endswith("…")  # cut to the line, and says so


async def test_in_wide_mode_arrows_scroll_a_paged_list_sideways_and_n_still_pages(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await log_in(pilot)
        table = screen.table
        assert table.widths["description"] == 0  # no room at 80 columns
        await pilot.press("W")
        assert table.widths["description"] > 0
        await pilot.press("right")
        assert table.scroll_x == table.widths["name"] + 2 and screen.listing.page_number == 0
        await pilot.press("left")
        assert table.scroll_x == 0
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.listing.page_number == 1, "page 2")
