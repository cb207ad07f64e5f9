"""A project's published pipelines: an environment picker (the first environment at first)
above the folder tree. Last runs are fetched only for what the tree shows, one execution per
pipeline (filtered by pipeline and environment, limit 1), and kept per environment."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, Select
from textual.worker import Worker, WorkerState

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import PipelineExecution
from maia_tui.api.text import printable
from maia_tui.ui.resources.pipelines import last_run, published
from maia_tui.ui.widgets.error_panel import ErrorPanel
from maia_tui.ui.widgets.pipeline_tree import PipelineLeaf, PipelineTree

ENVIRONMENTS_LIMIT = 500


class PipelinesPanel(Vertical):
    DEFAULT_CSS = """
    PipelinesPanel {
        height: 1fr;
        #pipelines-bar { height: auto; }
        #pipelines-bar Label { padding: 1 1 0 1; }
        #environment { width: 40; }
        #pipeline-tree { height: 1fr; }
    }
    """

    HELP_TITLE = "Published pipelines"
    BINDINGS = [
        Binding(
            "r",
            "reload",
            "Reload",
            tooltip="Reload the pipelines (also: try again after an error)",
            id="pipelines.reload",
        ),
        Binding("e", "pick_environment", "Environment", tooltip="Pick another environment", id="pipelines.environment"),
        Binding(
            "x", "run", "Run", tooltip="Run the selected pipeline in this environment (asks first)", id="pipelines.run"
        ),
    ]

    environment: reactive[str | None] = reactive(None, init=False)

    @dataclass
    class RunsRequested(Message):
        """Show the runs of this pipeline in this environment."""

        pipeline_name: str
        environment_name: str

    @dataclass
    class RunWanted(Message):
        """`x` on a pipeline: open the run dialog for it in this environment."""

        pipeline_name: str
        environment_name: str

    def __init__(self, client: MaiaClient, project_id: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.client = client
        self.project_id = project_id
        # (environment, pipeline) -> its newest execution, or None when it never ran
        self.last_runs: dict[tuple[str, str], PipelineExecution | None] = {}
        self._asked: set[tuple[str, str]] = set()

    def compose(self) -> ComposeResult:
        with Horizontal(id="pipelines-bar"):
            yield Label("Environment")
            yield Select[str]([], id="environment", allow_blank=True, prompt="loading…")
        yield PipelineTree(id="pipeline-tree")
        panel = ErrorPanel(id="pipelines-error")
        panel.display = False
        yield panel

    @property
    def pipeline_tree(self) -> PipelineTree:
        return self.query_one(PipelineTree)

    def on_mount(self) -> None:
        self.load()

    def on_show(self) -> None:
        """The tab was switched to: the tree takes the keys (once it has something to show)."""
        if self.pipeline_tree.display and self.pipeline_tree.root.children:
            self.pipeline_tree.focus()

    def action_reload(self) -> None:
        self.load()

    def action_pick_environment(self) -> None:
        select = self.query_one(Select)
        select.focus()
        select.expanded = True

    def load(self) -> None:
        """Environments, then the first one's pipelines. Also: try again after an error."""
        self.query_one(ErrorPanel).display = False
        if self.environment is None:
            self._load_environments()
        else:
            self._load_pipelines(self.environment)

    @work(exclusive=True, group="pipelines", exit_on_error=False)
    async def _load_environments(self) -> None:
        self.pipeline_tree.loading = True
        names: list[str] = []
        async for env in self.client.iter_environments(self.project_id):
            names.append(env.name)
            if len(names) >= ENVIRONMENTS_LIMIT:
                break
        select = self.query_one(Select)
        select.prompt = "choose an environment" if names else "no environments"  # not "loading…" any more
        select.set_options((name, name) for name in names)
        if not names:
            self.pipeline_tree.loading = False
            self.show_message("This project has no environments, so no published pipelines.")
            return
        select.value = names[0]  # the watcher below loads its pipelines

    @on(Select.Changed, "#environment")
    def _environment_picked(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.environment = event.value

    def watch_environment(self, environment: str | None) -> None:
        if environment is not None:
            self._load_pipelines(environment)

    @work(exclusive=True, group="pipelines", exit_on_error=False)
    async def _load_pipelines(self, environment: str) -> None:
        self.workers.cancel_group(self, "last-runs")
        self._asked = {key for key in self._asked if key in self.last_runs}
        tree = self.pipeline_tree
        tree.loading = True
        tree.display = True
        self.query_one(ErrorPanel).display = False
        pipelines = await published(self.client, self.project_id, environment)
        if environment != self.environment:
            return
        tree.loading = False
        if not pipelines:
            self.show_message(f"Nothing is published in {environment}.")
            return
        tree.show_pipelines(pipelines)
        for (env, name), run in self.last_runs.items():
            if env == environment:
                tree.set_last_run(name, run)
        if self.region.width:  # shown (a hidden tab has no region): focusing would switch tabs
            tree.focus()

    def show_message(self, text: str) -> None:
        self.pipeline_tree.display = False
        self.query_one(ErrorPanel).show_message("Published pipelines", text)

    def show_error(self, error: BaseException) -> None:
        self.pipeline_tree.loading = False
        self.pipeline_tree.display = False
        self.query_one(ErrorPanel).show_error(error, note="Press {key:pipelines.reload} to try again.")

    @on(PipelineTree.LastRunsWanted)
    def _last_runs_wanted(self, event: PipelineTree.LastRunsWanted) -> None:
        event.stop()
        environment = self.environment
        if environment is None:
            return
        wanted = [name for name in event.names if (environment, name) not in self._asked]
        if wanted:
            self._asked.update((environment, name) for name in wanted)
            self._fetch_last_runs(environment, wanted)

    @work(group="last-runs", exit_on_error=False)
    async def _fetch_last_runs(self, environment: str, names: list[str]) -> None:
        client = self.client
        for name in names:
            run = await last_run(client, self.project_id, environment, name)
            self.last_runs[(environment, name)] = run
            if environment == self.environment:
                self.pipeline_tree.set_last_run(name, run)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        event.stop()
        if event.worker.group == "last-runs":
            # ask again next time those pipelines are shown; the statuses say what is missing
            self._asked = {key for key in self._asked if key in self.last_runs}
            self.app.notify(
                f"Could not fetch the last runs: {printable(str(event.worker.error), 300)}",
                severity="warning",
                markup=False,
            )
        else:
            self.show_error(event.worker.error)

    def action_run(self) -> None:
        node = self.pipeline_tree.cursor_node
        leaf = node.data if node is not None else None
        if self.environment is None or not isinstance(leaf, PipelineLeaf):
            self.app.notify("Move onto a pipeline (not a folder) to run it.", title="Run")
            return
        self.post_message(self.RunWanted(leaf.pipeline.name, self.environment))

    @on(PipelineTree.RunsRequested)
    def _runs_requested(self, event: PipelineTree.RunsRequested) -> None:
        event.stop()
        if self.environment is not None:
            self.post_message(self.RunsRequested(event.pipeline_name, self.environment))
