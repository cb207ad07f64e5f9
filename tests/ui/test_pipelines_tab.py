"""The published pipelines tab: an environment picker defaulting to the first environment,
the pipelines as a folder tree, and each pipeline's last run fetched only once its folder is
open, then kept. Expected values come from the emulator's raw JSON."""

from __future__ import annotations

from urllib.parse import parse_qs

from textual.widgets import OptionList, Select, TabbedContent

from maia_tui.ui.run_filters import RunFilters
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.screens.runs_panel import RunsPanel
from maia_tui.ui.widgets.pipeline_tree import Folder, PipelineLeaf, PipelineTree
from maia_tui.ui.widgets.pipelines_panel import PipelinesPanel
from tests.support import SIZE, log_in, raw_get, raw_pages, wait_until

EXECUTIONS_PATH = "/dpc/v1/pipeline-executions"


def pick_project(emulator) -> tuple[int, dict, list[str]]:
    """The first project on page 1 with several environments and a small tree."""
    for row, project in enumerate(raw_get(emulator, "/v1/projects", {"page": 0, "size": 25})["results"]):
        envs = [e["name"] for e in raw_pages(emulator, f"/v1/projects/{project['id']}/environments")]
        if len(envs) >= 2:
            return row, project, envs
    raise AssertionError("no project with two environments on the first page")


def published(emulator, project_id: str, environment: str) -> list[str]:
    items = raw_pages(emulator, f"/v1/projects/{project_id}/published-pipelines", {"environmentName": environment})
    return [item["name"] for item in items]


def tree_shape(tree: PipelineTree) -> dict[str, list[str]]:
    shape: dict[str, list[str]] = {}
    for folder in tree.root.children:
        assert isinstance(folder.data, Folder)
        shape[folder.data.path] = [
            leaf.data.pipeline.name for leaf in folder.children if isinstance(leaf.data, PipelineLeaf)
        ]
    return shape


def expected_shape(names: list[str]) -> dict[str, list[str]]:
    shape: dict[str, list[str]] = {}
    for name in sorted(names, key=str.lower):
        shape.setdefault(name.split("/")[0], []).append(name)
    return dict(sorted(shape.items(), key=lambda kv: kv[0].lower()))


async def open_pipelines_tab(pilot, emulator) -> tuple[PipelinesPanel, dict, list[str]]:
    row, project, envs = pick_project(emulator)
    await log_in(pilot)
    await pilot.press(*["down"] * row, "enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProjectDetailScreen), "the project")
    pilot.app.screen.query_one(TabbedContent).active = "tab-pipelines"
    await wait_until(pilot, lambda: pilot.app.screen.query(PipelinesPanel), "the tab")
    panel = pilot.app.screen.query_one(PipelinesPanel)
    await wait_until(
        pilot, lambda: panel.pipeline_tree.root.children and not panel.pipeline_tree.loading, "the pipeline tree"
    )
    return panel, project, envs


async def test_environment_picker_defaults_to_the_first_and_switches(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        panel, project, envs = await open_pipelines_tab(pilot, emulator)
        select = panel.query_one(Select)
        assert select.value == envs[0]
        assert tree_shape(panel.pipeline_tree) == expected_shape(published(emulator, project["id"], envs[0]))

        await wait_until(pilot, lambda: pilot.app.focused is panel.pipeline_tree, "the tree taking the keys")
        await pilot.press("e")  # the picker opens on the current environment
        await wait_until(pilot, lambda: select.expanded, "the environment picker")
        await pilot.press(*["down"] * (len(envs) - 1), "enter")  # the last environment
        second = expected_shape(published(emulator, project["id"], envs[-1]))
        assert second != expected_shape(published(emulator, project["id"], envs[0]))  # a real switch
        await wait_until(pilot, lambda: tree_shape(panel.pipeline_tree) == second, "the other environment's tree")
        assert panel.environment == envs[-1]


async def test_folder_tree_from_path_names(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        panel, project, envs = await open_pipelines_tab(pilot, emulator)
        names = published(emulator, project["id"], envs[0])
        assert all("/" in name for name in names)
        shape = tree_shape(panel.pipeline_tree)
        assert sorted(n for leaves in shape.values() for n in leaves) == sorted(names)
        for folder, leaves in shape.items():
            assert all(name.startswith(f"{folder}/") for name in leaves)
        first = panel.pipeline_tree.root.children[0]
        assert not first.is_expanded  # folders start folded
        assert str(first.label) == f"{first.data.path}/"


async def test_last_runs_are_fetched_lazily_for_an_opened_folder_and_kept(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        panel, project, envs = await open_pipelines_tab(pilot, emulator)
        tree = panel.pipeline_tree
        await pilot.pause()
        assert emulator.stats.requests_by_path[EXECUTIONS_PATH] == 0  # nothing open, nothing asked

        folder = tree.root.children[0]
        leaves = [leaf.data.pipeline.name for leaf in folder.children]
        await pilot.press("space")  # unfold the first folder (the cursor is on it)
        await wait_until(pilot, lambda: all(name in tree.last_runs for name in leaves), "the folder's last runs")
        assert emulator.stats.requests_by_path[EXECUTIONS_PATH] == len(leaves)
        asked = [parse_qs(q) for q in emulator.stats.queries(EXECUTIONS_PATH)]
        assert sorted(q["pipelineName"][0] for q in asked) == sorted(leaves)
        for query in asked:
            assert query["environmentName"] == [envs[0]] and query["limit"] == ["1"]
            assert query["projectId"] == [project["id"]]

        for name in leaves:
            raw = raw_get(
                emulator,
                "/v1/pipeline-executions",
                {"projectId": project["id"], "pipelineName": name, "environmentName": envs[0], "limit": 100},
            )["results"]
            newest = next((r for r in raw if r["pipelineName"] == name), None)
            shown = tree.last_runs[name]
            assert (shown and shown.pipeline_execution_id) == (newest and newest["pipelineExecutionId"]), name
        label = str(folder.children[0].label)
        first_run = tree.last_runs[leaves[0]]
        last = label.split("last run: ")[1]
        assert last == "never run" if first_run is None else last.split()[1] == first_run.status  # after its icon

        before = emulator.stats.requests_by_path[EXECUTIONS_PATH]  # the test's own reads included
        await pilot.press("space", "space")  # fold and unfold: the cache answers
        await pilot.pause()
        assert emulator.stats.requests_by_path[EXECUTIONS_PATH] == before


async def test_enter_on_a_pipeline_shows_its_runs_in_that_environment(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        panel, project, envs = await open_pipelines_tab(pilot, emulator)
        panel.query_one(Select).value = envs[-1]
        await wait_until(
            pilot, lambda: panel.environment == envs[-1] and panel.pipeline_tree.root.children, "the other tree"
        )
        await wait_until(
            pilot, lambda: not panel.pipeline_tree.loading and pilot.app.focused is panel.pipeline_tree, "the tree"
        )
        await pilot.press("space", "down")  # into the first folder, onto its first pipeline
        leaf = panel.pipeline_tree.cursor_node
        assert isinstance(leaf.data, PipelineLeaf)
        name = leaf.data.pipeline.name
        await pilot.press("enter")
        screen = pilot.app.screen
        await wait_until(pilot, lambda: screen.query_one(TabbedContent).active == "tab-runs", "the runs tab")
        runs = screen.query_one(RunsPanel)
        await wait_until(pilot, lambda: runs.filters == RunFilters(environment=envs[-1], pipeline=name), "the filters")
        await wait_until(
            pilot,
            lambda: any(
                parse_qs(q).get("pipelineName") == [name]
                and parse_qs(q).get("environmentName") == [envs[-1]]
                and parse_qs(q).get("projectId") == [project["id"]]
                for q in emulator.stats.queries(EXECUTIONS_PATH)
                if "limit=1&" not in q and not q.endswith("limit=1")
            ),
            "the filtered runs asked for",
        )


async def test_the_picker_no_longer_offers_loading_once_loaded(app, emulator):
    """The picker's blank entry said "loading…" long after the environments had come."""
    async with app.run_test(size=SIZE) as pilot:
        panel, project, envs = await open_pipelines_tab(pilot, emulator)
        select = panel.query_one(Select)
        shown = [str(option.prompt) for option in select.query_one(OptionList).options]
        assert "loading…" not in shown
        assert shown == ["choose an environment", *envs]
