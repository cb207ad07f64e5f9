"""Published pipelines as a tree of their folders (`staging/load_orders.orch.yaml` sits in
`staging`), each with its published time and, once fetched, its last run."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from maia_tui.api.models import PipelineExecution, PublishedPipeline, parse_time
from maia_tui.api.text import printable
from maia_tui.ui import times
from maia_tui.ui.resources import cells
from maia_tui.ui.views.host import host_of

NOT_FETCHED = "…"
NAME_WIDTH = 48


@dataclass(frozen=True)
class PipelineLeaf:
    pipeline: PublishedPipeline

    @property
    def base_name(self) -> str:
        return self.pipeline.name.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Folder:
    path: str


Node = PipelineLeaf | Folder


def published_text(value: str | None, now: datetime, utc: bool, local: tzinfo | None) -> str:
    """Always one width (`2026-01-05 22:38 · 9 d ago  `), so the last runs line up after it."""
    moment = parse_time(value)
    if moment is None:
        return printable(value or "—", 40)
    shown = times.shown(moment, utc, local).strftime("%Y-%m-%d %H:%M")
    return f"{shown} · {times.relative(moment, now)}".ljust(30)


def last_run_text(run: PipelineExecution | None, now: datetime) -> Text:
    if run is None:
        return Text("never run", style="dim")
    text = cells.status(run.status)
    when = parse_time(run.started_at)
    if when is not None:
        text.append(f" {times.relative(when, now)}", style="dim")
    return text


class PipelineTree(Tree[Node]):
    """Folders expand to their pipelines. Expanding a folder (or moving onto a pipeline) asks
    for the last runs of the pipelines it shows, so nothing is fetched for what stays folded."""

    HELP_TITLE = "Pipelines"
    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Runs",
            tooltip="Show the runs of this pipeline in this environment",
            id="pipelines.runs",
        ),
        Binding("space", "toggle_node", "Fold", tooltip="Fold or unfold this folder", id="pipelines.toggle"),
        Binding("k", "cursor_up", "Up", show=False, tooltip="Move up (as ↑)", id="pipelines.up"),
        Binding("j", "cursor_down", "Down", show=False, tooltip="Move down (as ↓)", id="pipelines.down"),
    ]

    @dataclass
    class LastRunsWanted(Message):
        """These pipelines are on screen and their last run is not known yet."""

        tree: PipelineTree
        names: list[str]

    @dataclass
    class RunsRequested(Message):
        """`enter` on a pipeline: show its runs."""

        pipeline_name: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__("Pipelines", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 3
        self.name_width = 0
        self.last_runs: dict[str, PipelineExecution | None] = {}
        self._leaves: dict[str, TreeNode[Node]] = {}

    def show_pipelines(self, pipelines: Sequence[PublishedPipeline]) -> None:
        """Replace the tree; folders first, then pipelines, each by name."""
        self.clear()
        self.last_runs = {}
        self._leaves = {}
        # names padded to the longest, so published times and last runs line up
        self.name_width = min(NAME_WIDTH, max((len(PipelineLeaf(p).base_name) for p in pipelines), default=0))
        folders: dict[str, TreeNode[Node]] = {"": self.root}
        ordered = sorted(pipelines, key=lambda p: (p.name.count("/") == 0, p.name.lower()))
        for pipeline in ordered:
            *parts, _ = pipeline.name.split("/")
            parent = self.root
            for depth in range(len(parts)):
                path = "/".join(parts[: depth + 1])
                if path not in folders:
                    folders[path] = parent.add(Text(f"{printable(parts[depth], 60)}/", style="bold"), data=Folder(path))
                parent = folders[path]
            leaf = parent.add_leaf(self._leaf_label(PipelineLeaf(pipeline)), data=PipelineLeaf(pipeline))
            self._leaves[pipeline.name] = leaf
        self.root.expand()
        if self.root.children:
            self.move_cursor(self.root.children[0])

    def _leaf_label(self, leaf: PipelineLeaf) -> Text:
        host = host_of(self)
        now = host.clock.now()
        label = Text(printable(leaf.base_name, NAME_WIDTH).ljust(self.name_width))
        label.append("  published ", style="dim")
        label.append(published_text(leaf.pipeline.published_time, now, host.utc, host.local_zone), style="dim")
        label.append("  last run: ", style="dim")
        name = leaf.pipeline.name
        if name in self.last_runs:
            label.append_text(last_run_text(self.last_runs[name], now))
        else:
            label.append(NOT_FETCHED, style="dim")
        return label

    def set_last_run(self, name: str, run: PipelineExecution | None) -> None:
        self.last_runs[name] = run
        node = self._leaves.get(name)
        if node is not None and isinstance(node.data, PipelineLeaf):
            node.set_label(self._leaf_label(node.data))

    def _unknown(self, nodes: Iterable[TreeNode[Node]]) -> list[str]:
        return [
            node.data.pipeline.name
            for node in nodes
            if isinstance(node.data, PipelineLeaf) and node.data.pipeline.name not in self.last_runs
        ]

    def _ask(self, names: list[str]) -> None:
        if names:
            self.post_message(self.LastRunsWanted(self, names))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        event.stop()
        self._ask(self._unknown(event.node.children))

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        event.stop()
        self._ask(self._unknown([event.node]))

    def on_tree_node_selected(self, event: Tree.NodeSelected[Node]) -> None:
        event.stop()
        if isinstance(event.node.data, PipelineLeaf):
            self.post_message(self.RunsRequested(event.node.data.pipeline.name))
