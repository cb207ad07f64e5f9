"""A project's streaming pipelines (§8) as a tab of the project screen, from the kind's one
declaration in maia_tui/resources/streaming_pipelines.py."""

from __future__ import annotations

from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.views.resource_table import ResourceTable
from tests.support import SIZE, log_in, wait_until


async def test_the_project_screen_has_a_streaming_pipelines_tab(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        client = app.session.client
        for row, project in enumerate(screen.table.shown):  # noqa: B007 (row is used after the loop)
            expected = (await client.list_streaming_pipelines(project.id, 0, 100)).results
            if len(expected) >= 2:
                break
        assert len(expected) >= 2
        await pilot.press(*["down"] * row, "enter")
        detail = app.screen
        assert isinstance(detail, ProjectDetailScreen)
        tabs = detail.query_one("#detail-tabs")
        assert "Streaming pipelines" in [str(tab.label) for tab in tabs.query("ContentTab")]
        tabs.active = "tab-streaming-pipelines"
        await wait_until(
            pilot,
            lambda: (
                bool(detail.query("#streaming-pipelines"))
                and detail.query_one("#streaming-pipelines", ResourceTable).row_count == len(expected)
            ),
            "the streaming pipelines",
        )
        table = detail.query_one("#streaming-pipelines", ResourceTable)
        ids = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert ids == [p.streaming_pipeline_id for p in expected]
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert names == [p.name for p in expected]
