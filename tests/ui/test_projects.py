"""The projects browser: every paging key, jump, page size, stale fetches, filter, copy, detail,
an empty account and an error with retry."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from maia_tui.emulator import EmulatorConfig
from maia_tui.ui.resources.projects import PROJECTS
from maia_tui.ui.screens.jump import JumpScreen
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.views.resource_table import ResourceTable
from tests.support import (
    SIZE,
    UI_FROZEN_AT,
    HeldRequests,
    header,
    log_in,
    notifications,
    page_of,
    page_shown,
    rendered_text,
    wait_until,
)


def names(screen: ProjectsScreen) -> list[str]:
    return [p.name for p in screen.table.shown]


async def server_names(app, page: int, size: int = 25) -> list[str]:
    return [p.name for p in (await app.session.client.list_projects(page, size)).results]


async def press_and_wait(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await wait_until(pilot, lambda: page_shown(pilot.app), f"the page after {keys}")


async def test_every_paging_key(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        expected = [
            ("n", 2),
            ("right", 3),
            ("pagedown", 4),
            ("p", 3),
            ("left", 2),
            ("pageup", 1),
            ("G", 6),
            ("n", 6),
            ("g", 1),
            ("p", 1),
        ]
        for key, page in expected:
            await press_and_wait(pilot, key)
            assert header(app) == f"Projects · page {page} of 6 · 140 total · 25 per page · live · 30 s", key
        await press_and_wait(pilot, "G")
        assert names(screen) == await server_names(app, 5)
        assert len(names(screen)) == 15  # 140 = 5 * 25 + 15


async def test_jump_to_a_page_by_number(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        await pilot.press("colon")
        assert isinstance(app.screen, JumpScreen)
        await pilot.press("9", "enter")  # out of range: says so and stays open
        assert "Enter a page from 1 to 6" in str(app.screen.query_one("#jump-error").render())
        await pilot.press("backspace", "4", "enter")
        await wait_until(pilot, lambda: page_shown(app), "page 4")
        assert header(app).startswith("Projects · page 4 of 6")
        assert names(screen) == await server_names(app, 3)
        await pilot.press("colon", "escape")
        assert app.screen is screen and header(app).startswith("Projects · page 4 of 6")


async def test_page_size_cycles_and_keeps_the_first_row_in_view(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        await press_and_wait(pilot, "n", "n")  # page 3 at 25: rows 50..74
        for size, heading in [
            (50, "page 2 of 3 · 140 total · 50 per page"),
            (100, "page 1 of 2 · 140 total · 100 per page"),
            (10, "page 1 of 14 · 140 total · 10 per page"),
            (25, "page 1 of 6 · 140 total · 25 per page"),
        ]:
            await press_and_wait(pilot, "s")
            assert header(app) == f"Projects · {heading} · live · 30 s"
            assert screen.table.row_count == min(size, 140)
        await press_and_wait(pilot, "s")
        assert names(screen) == await server_names(app, 0, 50)


async def test_reload_fetches_the_page_again(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        before = emulator.stats.requests_by_path.copy()
        await press_and_wait(pilot, "r")
        assert sum(emulator.stats.requests_by_path.values()) > sum(before.values())
        assert header(app).startswith("Projects · page 1 of 6")


async def test_flipping_to_a_prefetched_page_needs_no_request(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        await wait_until(pilot, lambda: screen.listing.loader.peek((1, 25)) is not None, "the prefetch of page 2")
        requests = emulator.stats.api_requests
        await pilot.press("n")
        assert page_shown(app) and header(app).startswith("Projects · page 2 of 6")  # painted at once
        assert emulator.stats.api_requests in (requests, requests + 1)  # only the next prefetch may start


async def test_a_slow_stale_page_never_replaces_the_page_asked_for(make_app, emulator):
    slow = HeldRequests(page_of("/v1/projects", 1))  # page 2 (page=1 on the wire) answers when let go
    app = make_app(client_options={"transport": slow})
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        await pilot.press("n")  # page 2: slow
        assert screen.listing.loading_key == (1, 25) and screen.table.has_class("-waiting")
        assert header(app).startswith("Projects · loading page 2…")
        await pilot.press("n")  # page 3: fast
        await wait_until(pilot, lambda: page_shown(app), "page 3")
        assert header(app).startswith("Projects · page 3 of 6")
        page3 = await server_names(app, 2)
        slow.release()
        await wait_until(pilot, lambda: screen.listing.loader.peek((1, 25)) is not None, "the slow page 2 to arrive")
        await pilot.pause(0.05)
        assert header(app).startswith("Projects · page 3 of 6") and names(screen) == page3


async def test_filter_rows_of_the_loaded_page_by_name(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        everything = names(screen)
        await pilot.press("slash")
        assert app.focused is screen.query_one("#projects-filter", Input)
        await pilot.press(*"GLOBAL")
        shown = names(screen)
        assert shown and len(shown) < len(everything)
        assert shown == [n for n in everything if "global" in n.lower()]
        assert f"filter on this page 'GLOBAL' ({len(shown)} of 25 shown)" in header(app)
        await pilot.press("enter")
        assert app.focused is screen.table
        await press_and_wait(pilot, "n")  # the filter stays on while paging
        assert all("global" in n.lower() for n in names(screen))
        await pilot.press("escape")
        assert len(names(screen)) == 25 and "filter" not in header(app)


async def test_c_copies_the_selected_projects_id(app):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        first = (await app.session.client.list_projects(0, 25)).results
        await pilot.press("down", "down", "c")
        assert app.clipboard == first[2].id
        assert any(first[2].id in str(n.message) for n in notifications(app))


async def test_enter_opens_the_project_with_its_environments(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        project = screen.table.shown[1]
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ProjectDetailScreen) and app.screen.project == project
        table = app.screen.query_one("#environments", ResourceTable)
        await wait_until(pilot, lambda: table.row_count > 0, "the environments")
        expected = [e.name for e in (await app.session.client.list_environments(project.id, 0, 100)).results]
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == expected
        fields = rendered_text(app.screen.query_one("#project-fields"))
        assert project.id in fields
        await pilot.press("c")
        assert app.clipboard == project.id
        await pilot.press("escape")
        assert app.screen is screen


async def test_the_detail_tabs_load_schedules_and_runs(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        client = app.session.client
        # the first project on the page that has schedules (read from the server, not the UI)
        for row, project in enumerate(screen.table.shown):  # noqa: B007 (row is used after the loop)
            schedules = (await client.list_schedules(project.id, 0, 25)).results
            if schedules:
                break
        runs = (await client.list_executions(project.id, limit=50)).results
        assert schedules and runs
        await pilot.press(*["down"] * row, "enter")
        detail = app.screen
        expected = {"schedules": [s.name or s.schedule_id for s in schedules], "runs": [r.pipeline_name for r in runs]}
        for tab in ("schedules", "runs"):
            detail.query_one("#detail-tabs").active = f"tab-{tab}"
            await wait_until(
                pilot,
                lambda: bool(detail.query(f"#{tab}")) and detail.query_one(f"#{tab}", ResourceTable).row_count > 0,
                tab,
            )
            table = detail.query_one(f"#{tab}", ResourceTable)
            column = 0 if tab == "schedules" else 1
            shown = [str(table.get_row_at(i)[column]) for i in range(table.row_count)]
            assert shown == [
                name[: len(cell) - 1] + "…" if cell.endswith("…") else name
                for name, cell in zip(expected[tab], shown, strict=True)
            ]
            assert not detail.query_one(f"#{tab}-error").display
            assert tab in detail.loaded


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(projects=0, frozen_at=UI_FROZEN_AT)])
async def test_an_empty_account_explains_itself(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        panel = screen.query_one("#projects-error")
        assert panel.display and not screen.table.display
        assert str(panel.render()) == PROJECTS.empty.replace("{key:list.reload}", "r")  # the key named as bound
        assert header(app) == "Projects · no projects · 25 per page · live · 30 s"
        await pilot.press("n", "G", "colon")
        assert app.screen is screen  # nothing to page through


async def test_a_server_error_shows_inline_then_retry_recovers(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        emulator.faults.server_error_share = 1.0
        await pilot.press("r")
        panel = screen.query_one("#projects-error")
        await wait_until(pilot, lambda: panel.display, "the error")
        text = str(panel.render())
        assert (
            "HTTP 503" in text and "The service is temporarily unavailable" in text and "Press r to try again" in text
        )
        assert not screen.table.display
        assert "could not be loaded" in header(app)
        emulator.faults.server_error_share = 0.0
        await press_and_wait(pilot, "r")
        assert screen.table.display and not panel.display and screen.table.row_count == 25


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(hostile_names=True, frozen_at=UI_FROZEN_AT)])
async def test_hostile_project_names_are_shown_literally(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        raw = (await app.session.client.list_projects(0, 25)).results
        from maia_tui.api.text import printable

        assert names(screen) == [p.name for p in raw]
        cells = [str(screen.table.get_row_at(i)[0]) for i in range(screen.table.row_count)]
        for cell, project in zip(cells, raw, strict=True):  # literal, cut to the column with an ellipsis
            assert printable(project.name, None).startswith(cell.removesuffix("…"))
            assert "\x1b" not in cell
        assert any("[" in cell for cell in cells)  # markup-looking names stay literal


async def test_square_brackets_switch_the_project_tabs_from_the_rows(app):
    """With the rows focused, no key switched the tabs (only tab-tab-tab to the tab bar, then ←)."""
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("enter")
        detail = app.screen
        assert isinstance(detail, ProjectDetailScreen)
        tabs = detail.query_one("#detail-tabs")
        table = detail.query_one("#environments", ResourceTable)
        await wait_until(pilot, lambda: app.focused is table, "the rows taking the keys")
        seen = []
        for _ in range(5):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            seen.append(tabs.active)
        assert seen == ["tab-pipelines", "tab-schedules", "tab-runs", "tab-streaming-pipelines", "tab-environments"]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert tabs.active == "tab-streaming-pipelines"
