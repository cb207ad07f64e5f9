"""The execution's steps as a tree, inside the screen's one scroll container.

The tree grows to its full height (the screen scrolls, not the tree), so the page keys act on
that container: `End` goes to the last step, `Home` back to the top, `PgDn`/`PgUp` a screenful,
and the cursor moves with them. Wherever the cursor goes, the container follows it."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.widgets import Tree


class StepTree(Tree[Any]):
    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            show=False,
            tooltip="Expand a step that ran a child pipeline; on its first line, open the child's execution",
            id="execution.open_child",
        ),
        Binding("end", "last_step", "Last step", show=False, tooltip="The last step", id="execution.end"),
        Binding("home", "first_step", "Top", show=False, tooltip="Back to the top", id="execution.home"),
        Binding("pagedown", "page_down", "Page down", show=False, tooltip="A screenful down", id="execution.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="A screenful up", id="execution.page_up"),
    ]

    paging = False  # while a page key scrolls, the container does not follow the cursor

    @property
    def scroller(self) -> ScrollableContainer | None:
        for node in self.ancestors:
            if isinstance(node, ScrollableContainer):
                return node
        return None

    def line_region(self, line: int) -> Region:
        """Where `line` of the tree sits in the scroll container's content."""
        top = self.virtual_region.y + self.styles.gutter.top
        return Region(0, top + line - self.scroll_offset.y, self.virtual_region.width, 1)

    def follow(self, line: int | None = None) -> None:
        """Scroll the container just enough to show the cursor's line (or `line`)."""
        scroller = self.scroller
        if scroller is not None:
            target = self.cursor_line if line is None else line
            scroller.scroll_to_region(self.line_region(max(0, target)), animate=False, immediate=True)

    def watch_cursor_line(self, previous_line: int, line: int) -> None:
        super().watch_cursor_line(previous_line, line)
        if self.has_focus and not self.paging:
            self.follow(line)

    def action_last_step(self) -> None:
        scroller = self.scroller
        if scroller is not None:
            scroller.scroll_end(animate=False, immediate=True)
        self.cursor_line = self.last_line

    def action_first_step(self) -> None:
        self.cursor_line = 0
        scroller = self.scroller
        if scroller is not None:
            scroller.scroll_home(animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.page(+1)

    def action_page_up(self) -> None:
        self.page(-1)

    def page(self, direction: int) -> None:
        """Scroll the container a screenful; the cursor stays if still in view, else it moves to
        the nearest step line in view."""
        scroller = self.scroller
        if scroller is None:
            return
        height = scroller.scrollable_content_region.height
        y = min(scroller.max_scroll_y, max(0, round(scroller.scroll_y) + direction * max(1, height - 1)))
        scroller.scroll_to(y=y, animate=False, immediate=True)
        top = self.virtual_region.y + self.styles.gutter.top
        first, last = max(0, y - top), min(self.last_line, y + height - 1 - top)
        if first > last:
            return  # no step line in view: the cursor waits where it was
        self.paging = True
        try:
            self.cursor_line = min(last, max(first, self.cursor_line))
        finally:
            self.paging = False
