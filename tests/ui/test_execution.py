"""The execution screen (enter on a run): every field, the step tree with a child pipeline and the
failed step, live while RUNNING through watch_execution, the finish notification with the bell,
o/y for the console link, i for exact timestamps, u for UTC."""

from __future__ import annotations

import webbrowser
from datetime import timedelta, timezone

import pytest
from textual.widgets import Tree

from maia_tui.ui.screens.execution import ExecutionScreen
from tests.support import SIZE, advance_until, notifications, rendered_text, screen_text, wait_until

from .test_runs import LIVING_ACCOUNT, open_runs, start_run

ZONE = timezone(timedelta(hours=2), "EET")


pytestmark = LIVING_ACCOUNT


@pytest.fixture
def app(make_app):  # type: ignore[no-untyped-def]
    made = make_app()
    made.local_zone = ZONE
    return made


def tree_lines(screen: ExecutionScreen) -> list[str]:
    tree = screen.query_one(Tree)
    lines = []

    def walk(node, depth: int) -> None:  # type: ignore[no-untyped-def]
        for child in node.children:
            lines.append("  " * depth + child.label.plain)
            if child.is_expanded:
                walk(child, depth + 1)

    walk(tree.root, 0)
    return lines


async def open_run(pilot, run_id: str) -> ExecutionScreen:  # type: ignore[no-untyped-def]
    """Select the run in the Runs list by keys and press enter."""
    app = pilot.app
    listing = app.screen.panel.listing
    await wait_until(pilot, lambda: listing.table.index_of(run_id) is not None, "the run in the list")
    await pilot.press("ctrl+home", *["down"] * listing.table.index_of(run_id), "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ExecutionScreen), "the execution screen")
    screen = app.screen
    await wait_until(pilot, lambda: screen.steps != (), "the steps")
    return screen


async def failed_run_with_a_child(client):  # type: ignore[no-untyped-def]
    """From the server: a FAILED run one of whose steps ran a child pipeline."""
    page = await client.list_executions(limit=50, status="FAILED")
    for run in page.results:
        steps = (await client.list_steps(run.project_id, run.pipeline_execution_id, 0, 100)).results
        if any(s.child_pipeline for s in steps) and any(s.result and s.result.status == "FAILED" for s in steps):
            return run, steps
    raise AssertionError("no failed run with a child pipeline among the newest 50")


async def test_the_step_tree_shows_a_child_pipeline_and_the_failed_step_with_its_whole_message(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_runs(pilot)
        run, steps = await failed_run_with_a_child(app.session.client)
        await pilot.press("f")
        screen = await open_run(pilot, run.pipeline_execution_id)

        lines = tree_lines(screen)
        assert len(lines) == len(steps)
        for line, step in zip(lines, steps, strict=True):
            assert step.name in line and step.result.status in line
        child = next(s for s in steps if s.child_pipeline)
        failed = next(s for s in steps if s.result and s.result.status == "FAILED")
        failed_line = lines[steps.index(failed)]
        assert failed_line.startswith(f"✖ FAILED  {failed.name}")
        panel = rendered_text(screen.query_one("#failure"))
        assert f"Failed step: {failed.name}" in panel
        words = failed.result.message.split()
        assert all(word in panel for word in words)  # the whole message, wrapped, not cut

        tree = screen.query_one(Tree)
        node = next(n for n in tree.root.children if n.data and n.data.step.id == child.id)
        assert node.allow_expand and not node.is_expanded
        node.expand()
        # The child's id is its own execution (contract §7 as the emulator decides): its steps, nested.
        own = (await app.session.client.list_steps(run.project_id, child.child_pipeline.id, 0, 100)).results
        await wait_until(pilot, lambda: len(node.children) == 1 + len(own), "the child's own steps")
        expanded = [c.label.plain for c in node.children]
        assert expanded[0].startswith(f"child pipeline {child.child_pipeline.name}  enter opens its execution")
        for line, step in zip(expanded[1:], own, strict=True):
            assert step.name in line and step.result.status in line

        fields = rendered_text(screen.query_one("#execution-fields"))
        for value in (run.pipeline_execution_id, run.pipeline_name, run.environment_name, run.trigger, "FAILED"):
            assert value in fields
        assert run.message.splitlines()[0][:40] in fields


async def test_a_watched_run_ending_notifies_and_rings_the_bell(app, emulator, clock, monkeypatch):
    rang: list[bool] = []
    monkeypatch.setattr(app, "bell", lambda: rang.append(True))
    # The terminal: WezTerm (OSC 9); what the app writes to it is kept (a headless test has no driver).
    monkeypatch.setenv("TERM_PROGRAM", "WezTerm")
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.delenv("STY", raising=False)
    written: list[str] = []
    app.terminal_output.attach(written.append)
    async with app.run_test(size=SIZE) as pilot:
        await open_runs(pilot)
        started = await start_run(app, emulator, "FAILED")
        run_id = started.pipeline_execution_id
        listing = app.screen.panel.listing
        await advance_until(pilot, clock, lambda: listing.table.index_of(run_id) is not None, "the run", step=1.0)
        screen = await open_run(pilot, run_id)
        assert screen.run.status == "RUNNING"
        await wait_until(pilot, lambda: screen.watching, "the watch")
        assert "live" in str(screen.query_one("#execution-header").render())
        assert not rang
        await advance_until(pilot, clock, lambda: bool(rang), "the end of the run", step=1.0, timeout=8.0)
        assert rang == [True] and screen.run.status == "FAILED"
        notes = [n for n in notifications(app) if n.title == "Run finished"]
        assert len(notes) == 1 and notes[0].message.endswith("ended: FAILED") and notes[0].severity == "error"
        assert written == [f"\x1b]9;Run finished: {screen.run.pipeline_name} ended: FAILED\x07"]
        assert "✖ FAILED" in str(screen.query_one("#execution-header").render())
        for _ in range(30):  # the watch ended with the run: no more status polls, no second bell
            clock.advance(1.0)
            await pilot.pause(0.01)
        assert rang == [True] and len(written) == 1


async def test_o_opens_the_console_and_y_copies_its_link(app, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *args, **kwargs: opened.append(url) or True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        run = screen.panel.listing.table.shown[3]
        execution = await open_run(pilot, run.pipeline_execution_id)
        url = f"https://app.matillion.com/observability-dashboard/pipeline/{run.pipeline_execution_id}"
        await pilot.press("y")
        assert app.clipboard == url
        await pilot.press("o")
        await wait_until(pilot, lambda: opened == [url], "the browser")
        assert execution is app.screen


async def test_times_are_local_by_default_exact_on_t_and_utc_on_u(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        run = screen.panel.listing.table.shown[5]
        execution = await open_run(pilot, run.pipeline_execution_id)
        start = run.started_at  # e.g. 2026-01-15T09:12:03.250Z; shown at UTC+2 by default
        hours, minutes = int(start[11:13]), start[14:16]
        fields = rendered_text(execution.query_one("#execution-fields"))
        assert f"{(hours + 2) % 24:02d}:{minutes} · " in fields
        await pilot.press("i")
        fields = rendered_text(execution.query_one("#execution-fields"))
        assert f"T{(hours + 2) % 24:02d}:{minutes}:{start[17:23]}+02:00" in fields
        await pilot.press("u")
        fields = rendered_text(execution.query_one("#execution-fields"))
        assert f"T{hours:02d}:{minutes}:{start[17:23]}+00:00" in fields
        await pilot.press("i")
        fields = rendered_text(execution.query_one("#execution-fields"))
        assert f"{hours:02d}:{minutes} UTC · " in fields
        await pilot.press("t")  # t is the credential screen here as everywhere
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "CredentialScreen", "the credential")


async def test_enter_on_a_child_pipeline_opens_its_own_execution_and_the_timeline_nests_its_steps(app):
    async with app.run_test(size=(160, 45)) as pilot:
        await open_runs(pilot)
        run, steps = await failed_run_with_a_child(app.session.client)
        await pilot.press("f")
        screen = await open_run(pilot, run.pipeline_execution_id)
        child = next(s for s in steps if s.child_pipeline)
        own = (await app.session.client.list_steps(run.project_id, child.child_pipeline.id, 0, 100)).results
        timeline = rendered_text(screen.query_one("#timeline")).splitlines()
        parent_line = next(i for i, line in enumerate(timeline) if f" {child.name} " in line)
        for offset, step in enumerate(own, start=1):  # right under the step that ran them, indented
            assert f"  ↳ {step.name}" in timeline[parent_line + offset]

        tree = screen.query_one(Tree)
        node = next(n for n in tree.root.children if n.data and n.data.step.id == child.id)
        tree.move_cursor(node)
        await pilot.press("enter")  # expands it
        await wait_until(pilot, lambda: len(node.children) == 1 + len(own), "the child's steps")
        await pilot.press("down", "enter")  # its first line opens the child's execution
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ExecutionScreen) and app.screen is not screen,
            "the child's execution screen",
        )
        opened = app.screen
        assert opened.run.pipeline_execution_id == child.child_pipeline.id
        await wait_until(pilot, lambda: opened.run.pipeline_name == child.child_pipeline.name, "the child read")
        await wait_until(pilot, lambda: len(opened.steps) == len(own), "its steps")


@pytest.mark.emulator_config(projects=30, seed=11, run_seconds=20, moves_with="clock", hostile_names=True)
async def test_a_child_pipeline_whose_id_lists_no_steps_says_so_in_a_sentence(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_runs(pilot)
        run, steps = await failed_run_with_a_child(app.session.client)
        await pilot.press("f")
        screen = await open_run(pilot, run.pipeline_execution_id)
        child = next(s for s in steps if s.child_pipeline)
        tree = screen.query_one(Tree)
        node = next(n for n in tree.root.children if n.data and n.data.step.id == child.id)
        node.expand()
        await wait_until(pilot, lambda: len(node.children) == 2, "why the child has no steps")
        expanded = [c.label.plain for c in node.children]
        assert expanded == [
            f"child pipeline {child.child_pipeline.name}",
            "The API lists no steps for this child pipeline's id, so it cannot be opened here.",
        ]
        shown = screen_text(app)
        assert "found nothing" not in shown and "GET " not in shown and "127.0.0.1" not in shown
