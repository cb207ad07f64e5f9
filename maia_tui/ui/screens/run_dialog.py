"""The run dialog: what will run, where, with which variables and tag, and a preview of exactly
the request body that will be sent (built by the client's own `run_request_body`, so the
preview and the POST cannot differ). Confirming starts the run once; a second enter or click
while it is being started does nothing. Dismissed with the `RunStarted`, or None."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from maia_tui.api.errors import Forbidden, MaiaError, NotFound, PipelineDisabled, RunConflict
from maia_tui.api.text import printable
from maia_tui.ui.keys import hint
from maia_tui.ui.messages import OpenExecution
from maia_tui.ui.run_plan import RunPlan
from maia_tui.ui.widgets.variable_rows import VariableRows

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient
    from maia_tui.api.models import RunStarted  # noqa: F401 (the dismiss type, as a string)

AGENTS_SHOWN = 100


def new_execution_tag() -> str:
    """A tag unique to this dialog: it makes a retry after a lost answer safe (the server refuses
    a second run with the same tag while the first runs)."""
    return f"maia-tui-{uuid.uuid4().hex[:12]}"


# Messages for the answers of §9, as a person needs them.
def problem_text(error: BaseException, plan: RunPlan, environment: str) -> str:
    pipeline = printable(plan.pipeline_name, 80)
    if isinstance(error, Forbidden):
        return (
            "The API refused (403): this credential lacks a role that may run pipelines in "
            f"{printable(environment)}. Ask an admin for a project or environment role that allows running."
        )
    if isinstance(error, RunConflict):
        return (
            f"Already running with this tag (409): a run of {pipeline} with the same execution tag is "
            "still going in this environment. Open it ({key:run.open_conflict}), or change the tag to start another."
        )
    if isinstance(error, PipelineDisabled):
        return f"Pipeline disabled (410): {pipeline} is disabled in {printable(environment)}; enable it, then run."
    if isinstance(error, NotFound):
        return (
            f"Not found (404): {pipeline} is not published to {printable(environment)} "
            "(or the project is gone). Publish it there, or choose another environment."
        )
    if isinstance(error, MaiaError):
        return str(error)
    return f"{type(error).__name__}: {printable(str(error))}"


class RunDialog(ModalScreen["RunStarted | None"]):
    HELP_TITLE = "Run a pipeline"
    DEFAULT_CSS = """
    RunDialog { align: center middle; }
    RunDialog > #run-card {
        width: 96; max-width: 100%; height: auto; max-height: 95%; padding: 0 2;
        border: thick $warning 70%; background: $surface;
        border-title-style: bold;
    }
    RunDialog .run-row { height: 1; margin-top: 1; }
    RunDialog .run-label { width: 16; color: $text-muted; }
    RunDialog .run-row Select, RunDialog .run-row Input { width: 1fr; }
    RunDialog #run-what { text-style: bold; margin-top: 1; }
    RunDialog #run-vars-title { color: $text-muted; margin-top: 1; }
    RunDialog #run-preview-box { height: auto; border: round $panel-lighten-2; margin-top: 1; }
    RunDialog #run-preview { color: $text-muted; }
    RunDialog #run-status { height: auto; margin-top: 1; }
    RunDialog #run-status.-error { color: $text-error; }
    RunDialog #run-status.-busy { color: $text-warning; }
    RunDialog #run-buttons { height: auto; align-horizontal: right; margin: 1 0; }
    RunDialog #run-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("ctrl+s", "start", "Start run", tooltip="Start the run shown in the preview (once)", id="run.start"),
        Binding("escape", "close", "Close", tooltip="Close without running anything", id="run.close"),
        Binding("f2", "add_variable", "Add variable", tooltip="Add a scalar variable row", id="run.add_variable"),
        Binding(
            "f3", "remove_variable", "Remove var", tooltip="Remove the focused variable row", id="run.remove_variable"
        ),
        Binding(
            "ctrl+o",
            "open_conflict",
            "Open that run",
            tooltip="Open the run already going with this tag",
            id="run.open_conflict",
        ),
    ]

    # editing -> starting -> started (dismissed) | failed -> starting ...
    phase: reactive[str] = reactive("editing")

    def __init__(self, client: MaiaClient, plan: RunPlan, *, tag: str | None = None) -> None:
        super().__init__()
        self.client = client
        self.plan = plan
        self.tag = tag or new_execution_tag()
        self.conflict_run: str | None = None  # the run already going with this tag (409)
        self.last_error: BaseException | None = None

    # ----- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        plan = self.plan
        with VerticalScroll(id="run-card") as card:
            card.border_title = "Run again" if plan.again_of else "Run pipeline"
            what = Text(printable(plan.pipeline_name, 80))
            if plan.project_name:
                what.append(f"  in project {printable(plan.project_name, 40)}", style="not bold")
            yield Static(what, id="run-what")
            with Horizontal(classes="run-row"):
                yield Label("Environment", classes="run-label")
                yield Select(
                    [(Text(printable(plan.environment_name, 60)), plan.environment_name)],
                    value=plan.environment_name,
                    allow_blank=False,
                    id="run-env",
                    compact=True,
                )
            with Horizontal(classes="run-row"):
                yield Label("Agent", classes="run-label")
                agents = [(Text(printable(plan.agent_id)), plan.agent_id)] if plan.agent_id else []
                yield Select(
                    agents,
                    value=plan.agent_id if plan.agent_id else Select.NULL,
                    prompt="the environment's default agent",
                    id="run-agent",
                    compact=True,
                )
            with Horizontal(classes="run-row"):
                yield Label("Execution tag", classes="run-label")
                yield Input(self.tag, id="run-tag", compact=True)
            yield Label("Scalar variables (f2 add, f3 remove)", id="run-vars-title")
            yield VariableRows(plan.variables.items(), id="run-vars")
            with Vertical(id="run-preview-box") as box:
                box.border_title = "Will send"
                yield Static(id="run-preview", markup=False)
            yield Static(id="run-status", markup=False)
            with Horizontal(id="run-buttons"):
                yield Button("Close (esc)", id="run-close", compact=True)
                yield Button(hint(self, "Start run ({key:run.start})"), variant="warning", id="run-start", compact=True)

    def on_mount(self) -> None:
        self.refresh_preview()
        self.query_one("#run-tag", Input).focus()
        self._load_choices()

    @work(group="run-choices", exclusive=True, exit_on_error=False)
    async def _load_choices(self) -> None:
        """The project's environments and the account's agents, to choose from; if either
        cannot be read (no role, offline), the preselected values stay and can still be run."""
        # Server text goes in as Text, so a name like "[b]x" shows as typed, not as markup.
        try:
            envs = [e.name async for e in self.client.iter_environments(self.plan.project_id)]
        except MaiaError:
            envs = []  # the preselected environment stays
        select = self.query_one("#run-env", Select)
        current = select.value
        if envs:
            if current not in envs:
                envs.insert(0, str(current))
            select.set_options([(Text(printable(name, 60)), name) for name in envs])
            select.value = current
        try:
            page = await self.client.list_agents(page=0, size=AGENTS_SHOWN)
        except MaiaError:
            return  # an agent id given by the plan stays; the default needs no list
        agent = self.query_one("#run-agent", Select)
        chosen = agent.value
        options = [(Text(f"{printable(a.name, 40)}  ({a.agent_id})"), a.agent_id) for a in page.results]
        if isinstance(chosen, str) and chosen not in {a.agent_id for a in page.results}:
            options.insert(0, (Text(printable(chosen)), chosen))
        agent.set_options(options)
        agent.value = chosen

    # ----- what will be sent ---------------------------------------------------------------

    @property
    def environment(self) -> str:
        value = self.query_one("#run-env", Select).value
        return value if isinstance(value, str) else self.plan.environment_name

    @property
    def agent_id(self) -> str | None:
        value = self.query_one("#run-agent", Select).value
        return value if isinstance(value, str) else None

    def run_arguments(self) -> dict[str, Any]:
        """The keyword arguments of `run_pipeline` as the dialog now stands."""
        return dict(
            pipeline_name=self.plan.pipeline_name,
            environment_name=self.environment,
            agent_id=self.agent_id,
            # Never None here: None would make the client generate a tag unlike the preview's.
            # An emptied field sends no tag at all, as the preview then shows.
            execution_tag=self.query_one("#run-tag", Input).value.strip(),
            scalar_variables=self.query_one(VariableRows).variables() or None,
        )

    def request_body(self) -> dict[str, Any]:
        return self.client.run_request_body(**self.run_arguments())

    def refresh_preview(self) -> None:
        path = f"POST /v1/projects/{self.plan.project_id}/pipeline-executions"
        body = json.dumps(self.request_body(), indent=2, ensure_ascii=False)
        self.query_one("#run-preview", Static).update(f"{path}\n{body}")

    @on(Input.Changed)
    @on(Select.Changed)
    @on(VariableRows.Changed)
    def _edited(self) -> None:
        # Edits still queued when the dialog closes find its widgets gone: nothing to preview.
        if self.is_mounted and self.phase != "started":
            self.refresh_preview()

    # ----- starting ------------------------------------------------------------------------

    def watch_phase(self, phase: str) -> None:
        starting = phase == "starting"
        self.query_one("#run-start", Button).disabled = starting
        for widget in self.query("#run-card Input, #run-card Select").results():
            widget.disabled = starting
        status = self.query_one("#run-status", Static)
        status.set_classes({"starting": "-busy", "failed": "-error"}.get(phase, ""))
        if starting:
            status.update("Starting the run…")
        elif phase == "failed" and self.last_error is not None:
            status.update(hint(self, problem_text(self.last_error, self.plan, self.environment)))
        else:
            status.update("")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self.phase != "starting"
        if action == "open_conflict":
            return self.conflict_run is not None
        return True

    def action_start(self) -> None:
        if self.phase == "starting":  # one confirmation, one run: a second press is ignored
            return
        self.phase = "starting"
        self.conflict_run = None
        self._start(self.run_arguments())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    @on(Button.Pressed, "#run-start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#run-close")
    def _close_pressed(self) -> None:
        self.action_close()

    @work(group="run-start", exit_on_error=False)
    async def _start(self, arguments: dict[str, Any]) -> None:
        try:
            started = await self.client.run_pipeline(self.plan.project_id, **arguments)
        except RunConflict as error:
            self._failed(error)
            self._find_conflict(arguments["environment_name"], arguments["execution_tag"])
            return
        except MaiaError as error:
            self._failed(error)
            return
        except Exception as error:  # shown in the dialog; the dialog stays usable
            self._failed(error)
            return
        self.phase = "started"
        self.dismiss(started)

    @work(group="run-conflict", exclusive=True, exit_on_error=False)
    async def _find_conflict(self, environment: str, tag: str) -> None:
        """The run already going with this tag, so ctrl+o can open it (when it can be told apart)."""
        from maia_tui.api.runs import ours

        page = await self.client.list_executions(
            self.plan.project_id,
            limit=100,
            pipeline_name=self.plan.pipeline_name,
            environment_name=environment,
            status="RUNNING",
        )
        run = ours(page.results, self.plan.pipeline_name, environment, tag)
        if run is not None and self.phase == "failed":
            self.conflict_run = run.pipeline_execution_id
            self.refresh_bindings()

    def _failed(self, error: BaseException) -> None:
        self.last_error = error
        self.phase = "failed"
        self.mutate_reactive(RunDialog.phase)

    def action_close(self) -> None:
        if self.phase == "starting":
            self.notify(
                "The run is being started; wait for the answer (it is sent once).", title="Run", severity="warning"
            )
            return
        self.dismiss(None)

    async def action_add_variable(self) -> None:
        await self.query_one(VariableRows).add_row()

    async def action_remove_variable(self) -> None:
        await self.query_one(VariableRows).remove_focused_row()

    def action_open_conflict(self) -> None:
        if self.conflict_run is not None:
            self.app.post_message(OpenExecution(self.plan.project_id, self.conflict_run))
            self.dismiss(None)
