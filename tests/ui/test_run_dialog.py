"""The run key and the run dialog, driven through the app against the emulator: read-only
refusal, the dialog's contents, the preview matching what the emulator received, one run per
confirmation, and the API's refusals as a person reads them."""

from __future__ import annotations

from maia_tui.ui.screens.project_detail import ProjectDetailScreen

from .conftest import SIZE
from .test_pipelines_tab import open_pipelines_tab

RUNS_POSTED = "/pipeline-executions"


def notifications(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


def posted_runs(emulator) -> int:  # type: ignore[no-untyped-def]
    return sum(
        n for path, n in emulator.stats.requests_by_path.items() if "/projects/" in path and path.endswith(RUNS_POSTED)
    )


async def on_a_pipeline(pilot, emulator):  # type: ignore[no-untyped-def]
    """The published pipelines tab with the cursor on the first pipeline of the first folder."""
    panel, project, envs = await open_pipelines_tab(pilot, emulator)
    panel.tree.focus()
    await pilot.press("down", "space", "down")
    node = panel.tree.cursor_node
    assert node is not None and hasattr(node.data, "pipeline"), "the cursor is on a pipeline"
    return panel, project, envs, node.data.pipeline.name


async def test_x_in_read_only_mode_explains_how_to_enable_writes_and_sends_nothing(app, emulator) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=SIZE) as pilot:
        await on_a_pipeline(pilot, emulator)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)  # no dialog
        said = "\n".join(notifications(app))
        assert "Running a pipeline is a write" in said
        for way in ("--allow-writes", "MAIA_ALLOW_WRITES=1", "allow_writes = true"):
            assert way in said
        assert posted_runs(emulator) == 0
