"""#22 item 2: every screen at 80x24 — the project's fields fold to one line, a schedule's
labels stay whole, Credits scrolls as one, the probe's table comes into view after `p`, and
PgUp/PgDn/Home/End scroll what scrolls."""

from __future__ import annotations

from textual.widgets import Static, TabbedContent

from maia_tui.ui.screens.credential import CredentialScreen
from maia_tui.ui.screens.credits import CreditsScreen
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.widgets.credits_chart import CreditsChart
from maia_tui.ui.widgets.schedules_panel import SchedulesPanel
from tests.support import log_in, rendered_text, wait_until

from .account_sections import ONE_CLOCK, open_section

pytestmark = ONE_CLOCK
SHORT = (80, 24)
PROJECT_ROW = 7  # a project with several schedules in the sample account


def in_view(widget, container) -> bool:  # type: ignore[no-untyped-def]
    """The widget's first line is inside the container's visible region."""
    return container.region.contains(widget.region.x, widget.region.y)


async def test_the_projects_fields_fold_to_one_line_at_80x24_and_a_schedules_labels_stay_whole(app):
    async with app.run_test(size=SHORT) as pilot:
        await log_in(pilot)
        await pilot.press(*["down"] * PROJECT_ROW, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
        screen = app.screen
        fields = screen.query_one("#project-fields", Static)
        await pilot.pause()
        assert fields.region.height == 1
        assert rendered_text(fields).strip().startswith(f"{screen.project.name}  {screen.project.id}")

        screen.query_one(TabbedContent).active = "tab-schedules"
        await wait_until(pilot, lambda: screen.query(SchedulesPanel), "the schedules tab")
        panel = screen.query_one(SchedulesPanel)
        await wait_until(
            pilot, lambda: panel.selected is not None and panel.query_one("#schedule-details").display, "it"
        )
        await pilot.pause()
        details = rendered_text(panel.query_one("#schedule-details"))
        for label in ("Pipeline", "Environment", "State", "Timezone"):
            assert label in details, details  # not `Pi…`
        assert "Next 5 in" in details  # and the fire times beside them

        await pilot.resize_terminal(120, 40)
        await wait_until(pilot, lambda: fields.region.height > 1, "the fields in their box again")
        assert "Description" in rendered_text(fields)


async def test_credits_scroll_as_one_and_answer_page_keys(app):
    async with app.run_test(size=SHORT) as pilot:
        screen = await open_section(pilot, "5", CreditsScreen)
        chart = screen.query_one(CreditsChart)
        await wait_until(pilot, lambda: chart.days and app.focused is screen.listing.table, "the chart")
        await pilot.pause()
        body = screen.query_one("#credits-body")
        scrolling = [w for w in screen.query("*") if w.max_scroll_y > 0 and w.display]
        assert scrolling == [body]  # the totals and the chart do not scroll inside each other
        assert chart in body.children and screen.listing in body.children

        await pilot.press("pagedown")
        assert body.scroll_y > 0
        await pilot.press("end")
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("pageup")
        assert 0 < body.scroll_y < body.max_scroll_y
        await pilot.press("home")
        assert body.scroll_y == 0 and screen.listing.table.cursor_row == 0


async def test_after_p_the_probes_table_is_in_view_and_the_page_keys_scroll(app):
    async with app.run_test(size=SHORT) as pilot:
        await log_in(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, CredentialScreen), "the credential screen")
        screen = app.screen
        body = screen.query_one("#credential-body")
        title = screen.query_one("#permissions-title")
        await pilot.pause()
        assert not in_view(title, body)  # below the token's fields at first
        await pilot.press("p")
        await wait_until(pilot, lambda: screen.probe_report is not None, "the probe")
        table = screen.query_one("#credential-probe")
        await wait_until(
            pilot,
            # the title and the table's last line too (a scroll once the table is laid out)
            lambda: in_view(title, body) and body.region.contains(table.region.x, table.region.bottom - 1),
            "the permissions in view",
        )

        await pilot.press("home")
        assert body.scroll_y == 0
        await pilot.press("pagedown")
        assert body.scroll_y > 0
        await pilot.press("end")
        assert body.scroll_y == body.max_scroll_y


async def test_a_run_opened_from_a_schedule_says_where_esc_goes(app):
    """#22: it said `Runs ›` while Esc went back to the project."""
    from maia_tui.ui.screens.execution import ExecutionScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await pilot.press(*["down"] * PROJECT_ROW, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
        project = app.screen
        project.query_one(TabbedContent).active = "tab-schedules"
        await wait_until(pilot, lambda: project.query(SchedulesPanel), "the schedules tab")
        panel = project.query_one(SchedulesPanel)
        await wait_until(pilot, lambda: panel.selected and panel.last_runs.get(panel.selected.schedule_id), "a run")
        panel.listing.table.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExecutionScreen), "the run")
        crumb = rendered_text(app.screen.query_one("#execution-header")).strip()
        assert crumb.startswith(f"Projects › {project.project.name} › Schedules › ")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is project, "back to the project")
