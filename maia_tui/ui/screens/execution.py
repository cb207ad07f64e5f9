"""`enter` on a run: every field of the execution, a timeline of its steps, its steps as a tree
(child pipelines expand), the failing step highlighted with its whole message, and live while it
runs (the client's `watch_execution`: one shared, adaptive status poll). When it ends: a
notification, the terminal bell and a desktop notification where the terminal shows them. `o`
opens it in Matillion's console, `y` copies that link, `i` shows exact timestamps, `u` switches
every time between local time and UTC."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from datetime import UTC, datetime
from typing import Any, Literal

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode
from textual.worker import Worker

from maia_tui.api.errors import MaiaError
from maia_tui.api.models import PipelineExecution, Step, parse_time
from maia_tui.api.text import printable
from maia_tui.api.watch import is_terminal
from maia_tui.ui import desktop_notify, palette, times
from maia_tui.ui.app_view import maia_app
from maia_tui.ui.child_steps import MAX_STEP_PAGES, ChildSteps, read_steps
from maia_tui.ui.clipboard import copy_text
from maia_tui.ui.keys import hint
from maia_tui.ui.messages import OpenExecution
from maia_tui.ui.resources import cells
from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.timeline_layout import Span
from maia_tui.ui.views.host import host_of
from maia_tui.ui.widgets.error_panel import ErrorPanel
from maia_tui.ui.widgets.step_tree import StepTree
from maia_tui.ui.widgets.timeline import Timeline, TimelineRow

CONSOLE = "https://app.matillion.com"
TIME_FIELDS = {"started_at", "finished_at"}
LABELS = {"pipeline_execution_id": "Execution id", "project_id": "Project", "environment_name": "Environment"}
STEPS_EVERY = 5  # seconds between re-reads of a running execution's steps
SHORT_SCREEN = 30  # rows below which the fields fold (empty ones and the header's name left out)


def console_url(run: PipelineExecution) -> str:
    """Where Matillion's web console shows this execution (§10 of the API notes)."""
    return f"{CONSOLE}/observability-dashboard/pipeline/{run.pipeline_execution_id}"


@dataclasses.dataclass
class StepChild:
    """What a tree node stands for: a step, and for a child pipeline whether it was read."""

    step: Step
    loaded: bool = False
    link: bool = False  # the line that opens the child pipeline's own execution


class ExecutionScreen(SessionScreen):
    HELP_TITLE = "Execution"
    SECTION = "runs"
    DEFAULT_CSS = """
    ExecutionScreen #execution-body { height: 1fr; }
    ExecutionScreen #execution-fields { height: auto; padding: 0 2; margin: 0 1; border: round $panel-lighten-2; }
    ExecutionScreen #failure { height: auto; margin: 0 1; padding: 0 1; border: round $error; display: none; }
    ExecutionScreen #steps { height: auto; min-height: 5; margin: 0 1; border: round $panel-lighten-2; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the runs", id="execution.back"),
        Binding("o", "open_console", "Console", tooltip="Open this run in Matillion's console", id="execution.open"),
        Binding("y", "copy_link", "Copy link", tooltip="Copy the console link of this run", id="execution.copy"),
        # i, not t: t opens the credential screen from every browsing screen, this one included.
        Binding("i", "toggle_exact", "ISO times", tooltip="Exact ISO timestamps / readable times", id="execution.iso"),
        Binding("u", "app.toggle_utc", "UTC", tooltip="Times in UTC / local time", id="execution.utc"),
        Binding("r", "reload", "Reload", tooltip="Read the run and its steps again", id="execution.reload"),
        Binding(
            "x", "run_again", "Run again", tooltip="Run this pipeline again (asks first)", id="execution.run_again"
        ),
        Binding("ctrl+k", "cancel_run", "Cancel run", tooltip="Cancel this run (asks first)", id="execution.cancel"),
        Binding("v", "view_raw", "JSON", tooltip="This execution exactly as the API sent it", id="execution.raw"),
    ]

    run: reactive[PipelineExecution] = reactive(
        PipelineExecution(pipeline_execution_id=""), init=False, always_update=True
    )
    exact: reactive[bool] = reactive(False, init=False)
    steps: reactive[tuple[Step, ...]] = reactive((), init=False, always_update=True)
    watching: reactive[bool] = reactive(False, init=False)  # the header says "live" while true

    def __init__(self, run: PipelineExecution, came_from: str = "Runs") -> None:
        super().__init__()
        self.came_from = came_from  # the breadcrumb: where Esc goes back to
        self.set_reactive(ExecutionScreen.run, run)
        self.seen_live = (run.status or "") in cells.LIVE_STATUSES
        self.steps_cut = False
        self.ticks = 0
        self.failure_shown = False  # a failed run opens with its failed step in view, once
        self.child_steps = ChildSteps()

    # ----- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield Static(id="execution-header", classes="screen-header")
        with VerticalScroll(id="execution-body"):
            yield Static(id="execution-fields")
            yield Timeline(id="timeline")
            yield Static(id="failure")
            tree: Tree[StepChild | None] = StepTree("Steps", id="steps")
            tree.show_root = False
            tree.guide_depth = 3
            yield tree
            error = ErrorPanel(id="steps-error")
            error.display = False
            yield error

    def on_mount(self) -> None:
        self.paint()
        self.load()
        self.maia.signals.second.subscribe(self, lambda _: self.tick())
        self.query_one(Tree).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.is_mounted and not self.watching and self.seen_live:
            self.load()  # hidden while it ran: read it again (and watch on)

    def on_screen_suspend(self) -> None:
        super().on_screen_suspend()
        self.workers.cancel_group(self, "watch")  # hidden: leave the shared poll
        self.watching = False

    @property
    def client(self) -> Any:
        return self.maia.require_session().client

    # ----- loading and watching ----------------------------------------------------------

    def load(self) -> None:
        self._load()

    @work(exclusive=True, group="load", exit_on_error=False)
    async def _load(self) -> None:
        run = self.run
        assert run.project_id is not None
        self.run = await self.client.get_execution(run.project_id, run.pipeline_execution_id)
        self.steps = await self.read_steps(run.project_id, run.pipeline_execution_id)
        self.query_one("#steps-error", ErrorPanel).display = False
        live = (self.run.status or "") in cells.LIVE_STATUSES
        if live:
            self.seen_live = True
            if not self.watching:
                self._watch()
        elif self.seen_live:
            self.finished()

    async def read_steps(self, project_id: str, execution_id: str) -> tuple[Step, ...]:
        """The run's steps, and those of the child pipelines they ran (for the timeline)."""
        steps, self.steps_cut = await read_steps(self.client, project_id, execution_id)
        await self.child_steps.refresh(self.client, project_id, steps)
        return steps

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def _watch(self) -> None:
        run = self.run
        assert run.project_id is not None
        self.watching = True
        try:
            watch = self.client.watch_execution(run.project_id, run.pipeline_execution_id)
            async with contextlib.aclosing(watch) as statuses:
                async for status in statuses:
                    if status != self.run.status or is_terminal(status):
                        self.run = await self.client.get_execution(run.project_id, run.pipeline_execution_id)
                        self.steps = await self.read_steps(run.project_id, run.pipeline_execution_id)
                    if is_terminal(status):
                        self.finished()
                        return
        finally:
            self.watching = False

    def finished(self) -> None:
        """The run we watched has ended: say so once, with the bell and a desktop notification."""
        if not self.seen_live:
            return
        self.seen_live = False
        run = self.run
        status = run.status or "finished"
        severity: Literal["error", "information"] = "error" if status in cells.FAILED_STATUSES else "information"
        said = f"{printable(run.pipeline_name or run.pipeline_execution_id, 80)} ended: {status}"
        self.app.bell()
        self.notify(said, title="Run finished", severity=severity, timeout=10, markup=False)
        self.notify_desktop("Run finished", said)

    def notify_desktop(self, title: str, text: str) -> None:
        """The same news as a desktop notification, where the terminal shows them (ui/desktop_notify.py)."""
        if self.app.is_web:
            return  # a browser tab is no terminal
        sequence = desktop_notify.sequence(title, text, os.environ)
        if sequence is not None:
            maia_app(self).terminal_output.write(sequence)

    def worker_failed(self, worker: Worker[Any], error: BaseException) -> None:
        if worker.group == "load":
            panel = self.query_one("#steps-error", ErrorPanel)
            panel.show_error(error, note="Press {key:execution.reload} to try again.")
            return
        if worker.group in ("watch", "steps", "child") and isinstance(error, MaiaError):
            return  # the app shows the outage; connection_restored watches again
        super().worker_failed(worker, error)

    def connection_restored(self) -> None:
        if not self.watching and (self.seen_live or self.query_one("#steps-error").display):
            self.load()

    # ----- painting ------------------------------------------------------------------------

    def watch_run(self) -> None:
        self.paint()

    def on_resize(self) -> None:
        self.paint()  # the fields fold on a short terminal and unfold on a tall one

    def watch_watching(self) -> None:
        self.paint()

    def watch_exact(self) -> None:
        self.paint()
        self.paint_steps()

    def watch_steps(self) -> None:
        self.paint_steps()
        self.paint_timeline()

    def times_changed(self) -> None:
        self.paint()
        self.paint_steps()
        self.paint_timeline()

    def tick(self) -> None:
        """A running duration moves every second (repaint only; the time is the clock's); the
        steps of a running execution are read again every few seconds."""
        if (self.run.status or "") not in cells.LIVE_STATUSES or not self.screen.is_current:
            return
        self.paint()
        self.paint_timeline()
        self.ticks += 1
        if self.ticks % STEPS_EVERY == 0:
            self._refresh_steps()

    @work(exclusive=True, group="steps", exit_on_error=False)
    async def _refresh_steps(self) -> None:
        run = self.run
        if run.project_id is not None:
            self.steps = await self.read_steps(run.project_id, run.pipeline_execution_id)

    def when(self, value: str | None) -> str:
        host = host_of(self)
        if self.exact:
            return times.exact(value, host.utc, host.local_zone)
        return times.started(value, host.clock.now(), host.utc, host.local_zone)

    def paint(self) -> None:
        if not self.is_mounted:
            return
        run = self.run
        header = Text(self.came_from, style="bold")
        header.append(" › ")
        header.append(printable(run.pipeline_name or run.pipeline_execution_id, 80))
        header.append("  ")
        header.append_text(cells.status(run.status))
        if self.watching:
            header.append(" · live", style=palette.style("good"))
        self.query_one("#execution-header", Static).update(header)

        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", justify="right")
        grid.add_column()
        now = host_of(self).clock.now()
        names = host_of(self).row_context(self.client).project_names
        # A short terminal (80x24) folds the fields: no empty ones, no name the header shows.
        short = self.size.height < SHORT_SCREEN
        for field in dataclasses.fields(run):
            if field.name == "raw":
                continue
            value = getattr(run, field.name)
            if short and (value in (None, "") or field.name == "pipeline_name"):
                continue
            label = LABELS.get(field.name) or field.name.replace("_", " ").capitalize()
            if field.name == "status":
                shown: Text = cells.status(value)
            elif field.name in TIME_FIELDS:
                shown = Text(self.when(value) if value else "—")
            elif field.name == "project_id" and value in names:
                shown = Text.assemble(printable(names[value], 80), ("" if short else f"  {value}", "dim"))
            else:
                shown = Text(printable(value, 2000) if value is not None else "—")
            grid.add_row(label, shown)
        seconds = times.span(run.started_at, run.finished_at, now)
        running = (run.status or "") in cells.LIVE_STATUSES
        if seconds is not None and (run.finished_at or running):
            grid.add_row("Duration", Text(times.duration(seconds) + (" so far" if running else "")))
        extra = {k: v for k, v in run.raw.items() if k not in {_wire(f.name) for f in dataclasses.fields(run)}}
        for key, value in sorted(extra.items()):
            grid.add_row(printable(key, 40), Text(printable(value, 500)))
        grid.add_row("Console", Text(console_url(run), style="underline"))
        self.query_one("#execution-fields", Static).update(grid)

    def paint_steps(self) -> None:
        if not self.is_mounted:
            return
        tree: Tree[StepChild | None] = self.query_one(Tree)
        cursor = tree.cursor_line
        expanded = {node.data.step.id for node in _walk(tree.root) if node.data is not None and node.is_expanded}
        tree.clear()
        failing: Step | None = None
        for step in self.steps:
            self.add_step(tree.root, step, expanded)
            status = step.result.status if step.result else None
            if status in cells.FAILED_STATUSES and failing is None:
                failing = step
        if not self.steps:
            tree.root.add_leaf(Text("No steps reported yet.", style="dim"))
        if self.steps_cut:
            tree.root.add_leaf(Text(f"… only the first {MAX_STEP_PAGES * 100} steps are shown", style="dim"))
        tree.root.expand()
        tree.border_title = f"Steps ({len(self.steps)})"
        if cursor >= 0:
            tree.cursor_line = min(cursor, max(0, tree.last_line))
        panel = self.query_one("#failure", Static)
        if failing is not None:
            message = failing.result.message if failing.result else None
            panel.border_title = f"Failed step: {printable(failing.name or failing.id, 60)}"
            panel.update(Group(Text(printable(message or "(the API gave no message)", 20_000))))
            panel.display = True
            if not self.failure_shown:
                self.call_after_refresh(self.show_failure, failing.id)
        else:
            panel.display = False

    def show_failure(self, step_id: str) -> None:
        """Bring the failed step into view, once: its message and its line in the tree, both
        when they fit."""
        if self.failure_shown or not self.is_mounted:
            return
        body = self.query_one("#execution-body", VerticalScroll)
        tree = self.query_one(StepTree)
        node = next((n for n in tree.root.children if n.data is not None and n.data.step.id == step_id), None)
        # Asking for the last line makes the tree lay out its new lines now: a frame may come
        # before it has drawn them (seen on a loaded machine), and the run then opened with no
        # step chosen, for good.
        if node is None or tree.last_line < 0 or node.line < 0:
            return  # not shown yet: the next paint of the steps tries again
        self.failure_shown = True
        tree.move_cursor(node)
        step = tree.line_region(node.line)
        panel = self.query_one("#failure").virtual_region_with_margin
        both = panel.union(step)
        fits = both.height <= body.scrollable_content_region.height
        body.scroll_to_region(both if fits else step, animate=False, immediate=True)

    def paint_timeline(self) -> None:
        """The steps as bars against the whole run; the running one reaches now."""
        if not self.is_mounted:
            return
        run, host = self.run, host_of(self)
        now = host.clock.now().timestamp()
        rows = []
        for step in self.steps:
            rows.append(TimelineRow(_span(step), step.name or step.id, _status(step)))
            for child in self.child_steps.get(step.id) or ():
                rows.append(TimelineRow(_span(child, step.id), child.name or child.id, _status(child)))
        starts = [row.span.start for row in rows if row.span.start is not None]
        begin = _seconds(run.started_at) or min(starts, default=None)
        timeline = self.query_one(Timeline)
        timeline.display = begin is not None and bool(rows)
        if begin is None:
            return
        end = _seconds(run.finished_at) or max(now, begin)
        if (run.status or "") not in cells.LIVE_STATUSES and not run.finished_at:
            end = max([begin] + [row.span.end or row.span.start or begin for row in rows])

        def clock_label(moment: float) -> str:
            shown = times.shown(datetime.fromtimestamp(moment, UTC), host.utc, host.local_zone)
            return shown.strftime("%H:%M:%S")

        timeline.show(rows, begin, max(end, begin + 1), clock_label)

    def add_step(self, parent: TreeNode[StepChild | None], step: Step, expanded: set[str]) -> None:
        result = step.result
        status = result.status if result else None
        failed = status in cells.FAILED_STATUSES
        label = Text(no_wrap=True)
        label.append_text(cells.status(status))
        label.append("  ")
        label.append(printable(step.name or step.id, 60), style=palette.style("bold bad") if failed else "bold")
        started = result.started_at if result else None
        finished = result.finished_at if result else None
        if started:
            label.append(f"  {self.when(started)}", style="dim")
        seconds = times.span(started, finished, host_of(self).clock.now())
        if seconds is not None and (finished or status in cells.LIVE_STATUSES):
            label.append(f"  {times.duration(seconds)}")
        if result and result.message:
            label.append("  ")
            label.append(
                printable(result.message.strip().splitlines()[0], 100),
                style=palette.style("bad") if failed else "italic",
            )
        if failed:
            label.stylize(palette.style("on bad-back"))
        if step.child_pipeline is not None and parent.data is None:
            node = parent.add(label, data=StepChild(step), expand=False, allow_expand=True)
            if step.id in expanded:
                node.expand()
        else:  # a child pipeline's own steps run no further pipelines here
            parent.add_leaf(label, data=StepChild(step))

    @on(Tree.NodeExpanded)
    def _child_expanded(self, event: Tree.NodeExpanded[StepChild | None]) -> None:
        data = event.node.data
        if data is None or data.loaded or data.step.child_pipeline is None:
            return
        data.loaded = True
        self._load_child(event.node)

    @work(group="child", exit_on_error=False)
    async def _load_child(self, node: TreeNode[StepChild | None]) -> None:
        """A child pipeline's own steps under its step (read now unless the run's read has them)."""
        assert node.data is not None
        step = node.data.step
        child = step.child_pipeline
        assert child is not None
        if not self.child_steps.known(step.id):
            await self.child_steps.refresh(self.client, self.run.project_id or "", [step])
        note = self.child_steps.note(step.id)
        steps = self.child_steps.get(step.id)
        link = Text(f"child pipeline {printable(child.name, 80)}", style="dim")
        if steps is not None:
            link.append("  ")
            link.append(
                hint(self.query_one(StepTree), "{key:execution.open_child} opens its execution"), style="dim italic"
            )
        node.add_leaf(link, data=StepChild(step, loaded=True, link=steps is not None))
        for own in steps or ():
            self.add_step(node, own, set())
        if note is not None:
            node.add_leaf(Text(note, style="dim"))
        elif not steps:
            node.add_leaf(Text("No steps reported for it yet.", style="dim"))

    @on(Tree.NodeSelected)
    def _open_child(self, event: Tree.NodeSelected[StepChild | None]) -> None:
        """Enter on a child pipeline's line opens its own execution screen."""
        data = event.node.data
        child = data.step.child_pipeline if data is not None and data.link else None
        if child is not None and child.id and self.run.project_id:
            self.app.post_message(OpenExecution(self.run.project_id, child.id))

    # ----- actions ---------------------------------------------------------------------

    def action_open_console(self) -> None:
        url = console_url(self.run)
        self.app.open_url(url)
        self.notify(f"Opening {url}", title="Console")

    def action_copy_link(self) -> None:
        url = console_url(self.run)
        copy_text(self.app, url, "The console link")

    def action_toggle_exact(self) -> None:
        self.exact = not self.exact

    def action_reload(self) -> None:
        self.load()

    def action_view_raw(self) -> None:
        from maia_tui.ui.take_away import file_name
        from maia_tui.ui.views.json_view import JsonScreen

        run_id = self.run.pipeline_execution_id
        filename = file_name("maia-execution", run_id, suffix=".json")
        self.app.push_screen(JsonScreen(f"Execution · {run_id}", self.run.raw, filename))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_run_again(self) -> None:
        from maia_tui.ui.run_actions import run_again

        run_again(self, self.run)

    def action_cancel_run(self) -> None:
        from maia_tui.ui.screens.cancel_run import cancel_run

        run = self.run
        name = run.pipeline_name or run.pipeline_execution_id
        cancel_run(self, run.project_id or "", run.pipeline_execution_id, name, run.status)


def _seconds(value: str | None) -> float | None:
    moment = parse_time(value)
    return moment.timestamp() if moment is not None else None


def _status(step: Step) -> str | None:
    return step.result.status if step.result else None


def _span(step: Step, parent: str | None = None) -> Span:
    result = step.result
    start = _seconds(result.started_at) if result else None
    end = _seconds(result.finished_at) if result else None
    return Span(step.id, start, end, parent)


def _wire(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _walk(node: TreeNode[Any]) -> list[TreeNode[Any]]:
    found = []
    for child in node.children:
        found.append(child)
        found.extend(_walk(child))
    return found
