"""The run key and the run dialog, driven through the app against the emulator: read-only
refusal, the dialog's contents, the preview matching what the emulator received, one run per
confirmation, and the API's refusals as a person reads them."""

from __future__ import annotations

import json

from textual.widgets import Button, Input, Select

from maia_tui.ui.run_actions import open_run_dialog, run_again
from maia_tui.ui.run_plan import RunPlan
from maia_tui.ui.screens.execution import ExecutionScreen
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.screens.run_dialog import RunDialog
from maia_tui.ui.widgets.variable_rows import VariableRows
from tests.support import SIZE, HeldRequests, disabled_pipeline, log_in, rendered_text, wait_until
from tests.support import notifications as sent_notifications

from .test_pipelines_tab import open_pipelines_tab

RUNS_POSTED = "/pipeline-executions"


def notifications(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in sent_notifications(app)]


def posted_runs(emulator) -> int:  # type: ignore[no-untyped-def]
    return sum(
        n for path, n in emulator.stats.requests_by_path.items() if "/projects/" in path and path.endswith(RUNS_POSTED)
    )


async def on_a_pipeline(pilot, emulator):  # type: ignore[no-untyped-def]
    """The published pipelines tab with the cursor on the first pipeline of the first folder."""
    panel, project, envs = await open_pipelines_tab(pilot, emulator)
    panel.pipeline_tree.focus()
    await pilot.press("down", "space", "down")
    node = panel.pipeline_tree.cursor_node
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


# ----- with writes on ---------------------------------------------------------------------


def run_posts(emulator) -> list:  # type: ignore[no-untyped-def]
    return [r for r in emulator.stats.requests if r.method == "POST" and r.path.endswith(RUNS_POSTED)]


def preview_body(dialog) -> dict:  # type: ignore[no-untyped-def]
    """The JSON under the request line of the preview, as shown."""
    text = str(dialog.query_one("#run-preview").render())
    request_line, _, body = text.partition("\n")
    assert request_line.startswith("POST /v1/projects/") and request_line.endswith("/pipeline-executions")
    return json.loads(body)


def status_text(dialog) -> str:  # type: ignore[no-untyped-def]
    return str(dialog.query_one("#run-status").render())


async def type_variable(pilot, dialog, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("f2")
    key_input, value_input = list(dialog.query("VariableRow").last().query(Input))
    key_input.focus()
    await pilot.press(*key)
    value_input.focus()
    await pilot.press(*value)


async def open_dialog(pilot, emulator):  # type: ignore[no-untyped-def]
    panel, project, envs, pipeline = await on_a_pipeline(pilot, emulator)
    await pilot.press("x")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, RunDialog), "the run dialog", 10)
    return pilot.app.screen, project, envs, pipeline


async def test_run_from_a_pipeline_sends_exactly_the_preview_once_and_opens_the_run(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        dialog, project, envs, pipeline = await open_dialog(pilot, emulator)
        assert dialog.query_one("#run-env", Select).value == envs[0]  # the tab's environment, preselected
        assert dialog.query_one("#run-agent", Select).value is Select.NULL  # the environment's default
        tag = dialog.query_one("#run-tag", Input).value
        assert tag.startswith("maia-tui-") and len(tag) > len("maia-tui-")
        await type_variable(pilot, dialog, "LOAD_DATE", "2026-01-15")
        await type_variable(pilot, dialog, "REGION", "emea")
        shown = preview_body(dialog)
        assert shown == {
            "pipelineName": pipeline,
            "environmentName": envs[0],
            "executionTag": tag,
            "scalarVariables": {"LOAD_DATE": "2026-01-15", "REGION": "emea"},
        }

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ExecutionScreen), "the run's execution screen", 10)
        (post,) = run_posts(emulator)
        assert post.body == shown  # what the emulator received is what the preview showed
        assert post.path == f"/dpc/v1/projects/{project['id']}/pipeline-executions"
        (execution_id,) = emulator.store.written
        assert app.screen.run.pipeline_execution_id == execution_id
        assert app.session.started_runs[execution_id] == shown


async def test_a_second_enter_or_click_while_starting_starts_nothing_more(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    held = HeldRequests()
    app = make_app(allow_writes=True, client_options={"transport": held})
    async with app.run_test(size=SIZE) as pilot:
        dialog, *_ = await open_dialog(pilot, emulator)
        held.hold(lambda request: request.method == "POST")  # the answer waits: keys arrive while it is in flight
        await pilot.press("enter")
        assert dialog.phase == "starting" and dialog.query_one("#run-start", Button).disabled
        await pilot.press("enter", "ctrl+s")
        await pilot.click("#run-start")
        assert app.screen is dialog  # still waiting for the one answer
        held.release()
        await wait_until(pilot, lambda: isinstance(app.screen, ExecutionScreen), "the execution screen", 10)
        assert len(run_posts(emulator)) == 1 and len(emulator.store.written) == 1


async def test_the_answer_lost_after_acceptance_still_makes_one_run(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, emulator)
        emulator.drop_after_accepting_runs(1)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ExecutionScreen), "the execution screen", 10)
        assert len(run_posts(emulator)) == 2  # the retry carried the same tag and got 409
        (execution_id,) = emulator.store.written
        assert app.screen.run.pipeline_execution_id == execution_id


async def refused(pilot, dialog, emulator) -> str:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: dialog.phase == "failed", "the refusal", 10)
    assert pilot.app.screen is dialog  # the dialog stays, to fix and try again
    return status_text(dialog)


async def test_403_says_the_credential_lacks_a_role_that_may_run_pipelines(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        dialog, *_ = await open_dialog(pilot, emulator)
        emulator.deny = {"run"}
        text = await refused(pilot, dialog, emulator)
        assert "lacks a role that may run pipelines" in text and "(403)" in text
        assert not emulator.store.written


async def test_409_says_already_running_with_this_tag_and_ctrl_o_opens_that_run(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        dialog, project, envs, pipeline = await open_dialog(pilot, emulator)
        first = await app.session.client.run_pipeline(project["id"], pipeline, envs[0], execution_tag="nightly-409")
        dialog.query_one("#run-tag", Input).value = "nightly-409"
        text = await refused(pilot, dialog, emulator)
        assert "Already running with this tag (409)" in text and "ctrl+o" in text
        await wait_until(pilot, lambda: dialog.conflict_run is not None, "the running run found", 10)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ExecutionScreen), "that run's screen", 10)
        assert app.screen.run.pipeline_execution_id == first.pipeline_execution_id
        assert len(emulator.store.written) == 1


async def test_410_says_the_pipeline_is_disabled(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    project_id, environment, pipeline = disabled_pipeline(emulator)
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        app.call_later(open_run_dialog, app, RunPlan(project_id, pipeline, environment))
        await wait_until(pilot, lambda: isinstance(app.screen, RunDialog), "the run dialog", 10)
        text = await refused(pilot, app.screen, emulator)
        assert "Pipeline disabled (410)" in text and pipeline in text
        assert not emulator.store.written


async def test_404_says_it_is_not_published_there(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        dialog, project, envs, _ = await open_dialog(pilot, emulator)
        await app.workers.wait_for_complete()
        dialog.plan = RunPlan(project["id"], "ingest/never_published.orch.yaml", envs[0])
        text = await refused(pilot, dialog, emulator)
        assert "Not found (404)" in text and "is not published to" in text
        assert not emulator.store.written


async def test_run_again_prefills_the_variables_and_environment_with_a_new_tag(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        dialog, project, envs, pipeline = await open_dialog(pilot, emulator)
        await type_variable(pilot, dialog, "LOAD_DATE", "2026-01-15")
        first_tag = dialog.query_one("#run-tag", Input).value
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ExecutionScreen), "the execution screen", 10)
        run = app.screen.run

        app.call_later(run_again, app, run)  # as a key handler would: on the app's loop
        await wait_until(pilot, lambda: isinstance(app.screen, RunDialog), "the run-again dialog", 10)
        again = app.screen
        assert again.query_one(VariableRows).variables() == {"LOAD_DATE": "2026-01-15"}
        assert again.query_one("#run-env", Select).value == envs[0]
        body = preview_body(again)
        assert body["pipelineName"] == pipeline and body["scalarVariables"] == {"LOAD_DATE": "2026-01-15"}
        assert body["executionTag"] != first_tag  # a new run gets a new tag


async def test_f3_removes_a_variable_and_an_emptied_tag_sends_none_as_the_preview_shows(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        dialog, project, envs, pipeline = await open_dialog(pilot, emulator)
        await type_variable(pilot, dialog, "FIRST", "1")
        await type_variable(pilot, dialog, "SECOND", "2")
        list(dialog.query("VariableRow").first().query(Input))[0].focus()
        await pilot.press("f3")
        await pilot.pause()
        assert dialog.query_one(VariableRows).variables() == {"SECOND": "2"}
        dialog.query_one("#run-tag", Input).value = ""
        await pilot.pause()
        shown = preview_body(dialog)
        assert shown == {"pipelineName": pipeline, "environmentName": envs[0], "scalarVariables": {"SECOND": "2"}}
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ExecutionScreen), "the execution screen", 10)
        (post,) = run_posts(emulator)
        assert post.body == shown


async def test_server_text_in_the_dialog_is_shown_literally(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        plan = RunPlan("p-1", "[bold red]dir/x.orch.yaml", "[b]prod\x1b[31m", project_name="[i]Sales")
        app.call_later(open_run_dialog, app, plan)
        await wait_until(pilot, lambda: isinstance(app.screen, RunDialog), "the run dialog", 10)
        dialog = app.screen
        assert "[bold red]dir/x.orch.yaml" in str(dialog.query_one("#run-what").render())
        assert "[i]Sales" in str(dialog.query_one("#run-what").render())
        assert "[b]prod\\x1b[31m" in rendered_text(dialog.query_one("#run-env #label"))


async def test_the_dialog_fits_an_80_column_terminal(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    """At 80x24 the card once stayed 96 wide: its right edge and scrollbar were off the screen."""
    app = make_app(allow_writes=True)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog, *_ = await open_dialog(pilot, emulator)
        card = dialog.query_one("#run-card")
        assert card.region.x >= 0 and card.region.right <= 80
