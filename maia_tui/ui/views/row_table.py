"""A lean row grid for long, live lists: each line is drawn once and kept (keyed by its row's
version), so changing one cell redraws that one line, and scrolling draws only the lines that
come into view.

Textual's DataTable draws every row in view again after any change to any cell (its caches are
keyed by a table-wide update count), which costs tens of milliseconds a second on a live list
whose running durations tick; this grid does the same work in well under a millisecond.
It keeps the part of DataTable's API the resource lists use (add_column, add_row, clear,
update_cell, get_cell, get_row_at, get_column, get_row_index, move_cursor, cursor_row,
row_count) and posts the same kind of messages (RowHighlighted, RowSelected).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

CellType = Text | str
MAX_CACHED_LINES = 4_000
PAD = Segment(" ")


class RowDoesNotExist(KeyError):
    pass


@dataclass
class _Column:
    key: str
    title: str
    width: int


@dataclass
class _Row:
    key: str
    cells: dict[str, CellType] = field(default_factory=dict)
    version: int = 0


class RowTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    RowTable { background: $surface; color: $foreground; height: 1fr; }
    RowTable > .row-table--header { text-style: bold; background: $panel; color: $foreground; }
    RowTable > .row-table--cursor { background: $block-cursor-blurred-background; }
    RowTable:focus > .row-table--cursor { background: $block-cursor-background; text-style: bold; }
    RowTable > .row-table--even { background: $surface-darken-1 50%; }
    """
    COMPONENT_CLASSES = {"row-table--header", "row-table--cursor", "row-table--even"}
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="Move up", id="rows.up"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="Move down", id="rows.down"),
        Binding("home,ctrl+home", "first_row", "First row", show=False, id="rows.first"),
        Binding("end,ctrl+end", "last_row", "Last row", show=False, id="rows.last"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="Up a screen", id="rows.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, tooltip="Down a screen", id="rows.page_down"),
        Binding("enter", "select_cursor", "Open", show=False, tooltip="Open the selected row", id="rows.select"),
    ]

    cursor_row: reactive[int] = reactive(0, init=False)

    @dataclass
    class RowHighlighted(Message):
        table: RowTable
        cursor_row: int
        row_key: str | None

        @property
        def control(self) -> RowTable:
            return self.table

    @dataclass
    class HeaderClicked(Message):
        table: RowTable
        column_key: str

        @property
        def control(self) -> RowTable:
            return self.table

    @dataclass
    class RowSelected(Message):
        table: RowTable
        cursor_row: int
        row_key: str | None

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(self, *, zebra_stripes: bool = True, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.zebra_stripes = zebra_stripes
        self.columns: list[_Column] = []
        self.rows: list[_Row] = []
        self.index: dict[str, int] = {}
        self.lines: dict[tuple[object, ...], Strip] = {}
        self.sort_marker: tuple[str, bool] | None = None  # (column key, descending): an arrow in the header

    # ----- columns and rows -----------------------------------------------------------

    def add_column(self, title: str, *, width: int, key: str) -> None:
        self.columns.append(_Column(key, title, width))
        self.lines.clear()
        self._resize()

    def set_column_widths(self, widths: dict[str, int]) -> None:
        """New widths for some columns (by key): every line is drawn again at them."""
        for column in self.columns:
            column.width = widths.get(column.key, column.width)
        self.lines.clear()
        self._resize()
        self.refresh()

    def add_row(self, *cells: CellType, key: str) -> None:
        self.index[key] = len(self.rows)
        self.rows.append(_Row(key, dict(zip((c.key for c in self.columns), cells, strict=False))))
        self._resize()
        self.refresh()

    def add_rows(self, rows: Iterable[tuple[str, Sequence[CellType]]]) -> None:
        keys = [c.key for c in self.columns]
        for key, cells in rows:
            self.index[key] = len(self.rows)
            self.rows.append(_Row(key, dict(zip(keys, cells, strict=False))))
        self._resize()
        self.refresh()

    def clear(self) -> None:
        self.rows.clear()
        self.index.clear()
        self.lines.clear()
        self._resize()
        self.set_reactive(RowTable.cursor_row, 0)
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def get_row_index(self, key: str) -> int:
        try:
            return self.index[key]
        except KeyError:
            raise RowDoesNotExist(key) from None

    def get_row_at(self, index: int) -> list[CellType]:
        row = self.rows[index]
        return [row.cells.get(c.key, "") for c in self.columns]

    def get_cell(self, row_key: str, column_key: str) -> CellType:
        return self.rows[self.get_row_index(row_key)].cells.get(column_key, "")

    def get_column(self, column_key: str) -> Iterator[CellType]:
        return (row.cells.get(column_key, "") for row in self.rows)

    def update_cell(self, row_key: str, column_key: str, value: CellType) -> None:
        """Change one cell: only its line is drawn again (if it is in view)."""
        index = self.get_row_index(row_key)
        row = self.rows[index]
        row.cells[column_key] = value
        row.version += 1
        self.refresh_row(index)

    def refresh_row(self, index: int) -> None:
        """Draw one row's line again if it is in view (line 0 is the header)."""
        y = index - int(self.scroll_offset.y) + 1
        if 1 <= y < self.size.height:
            self.refresh_line(index + 1)  # content coordinates: refresh_line subtracts the scroll

    def mark_sorted(self, marker: tuple[str, bool] | None) -> None:
        self.sort_marker = marker
        self.lines = {k: v for k, v in self.lines.items() if k[0] != "header"}
        self.refresh_line(int(self.scroll_offset.y))  # the header: viewport line 0

    def _resize(self) -> None:
        width = sum(c.width + 2 for c in self.columns if c.width > 0)
        self.virtual_size = Size(width, len(self.rows) + 1)

    # ----- cursor ---------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh_row(old)
        self.refresh_row(new)
        self.keep_cursor_in_view()
        key = self.rows[new].key if 0 <= new < len(self.rows) else None
        self.post_message(self.RowHighlighted(self, new, key))

    def move_cursor(self, *, row: int, animate: bool = False, scroll: bool = True) -> None:
        self.cursor_row = row
        if scroll:
            self.keep_cursor_in_view()

    def keep_cursor_in_view(self) -> None:
        visible = max(1, self.size.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_first_row(self) -> None:
        self.cursor_row = 0

    def action_last_row(self) -> None:
        self.cursor_row = len(self.rows) - 1

    def action_page_up(self) -> None:
        self.cursor_row -= max(1, self.size.height - 2)

    def action_page_down(self) -> None:
        self.cursor_row += max(1, self.size.height - 2)

    def action_select_cursor(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self, self.cursor_row, self.rows[self.cursor_row].key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = offset.x + int(self.scroll_offset.x)
            for column in (c for c in self.columns if c.width > 0):  # left-out columns take no room
                if x < column.width + 2:
                    self.post_message(self.HeaderClicked(self, column.key))
                    return
                x -= column.width + 2
            return
        row = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= row < len(self.rows):
            self.cursor_row = row
            if event.chain > 1:
                self.action_select_cursor()

    def on_focus(self) -> None:
        self.refresh_row(self.cursor_row)

    def on_blur(self) -> None:
        self.refresh_row(self.cursor_row)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.lines.clear()

    # ----- drawing ----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._line(None, width)
        index = int(self.scroll_offset.y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        return self._line(index, width)

    def _line(self, index: int | None, width: int) -> Strip:
        scroll_x = int(self.scroll_offset.x)
        if index is None:
            key: tuple[object, ...] = ("header", width, scroll_x, self.sort_marker)
        else:
            row = self.rows[index]
            cursor = index == self.cursor_row
            key = (row.key, row.version, cursor and self.has_focus, cursor, index % 2, width, scroll_x)
        strip = self.lines.get(key)
        if strip is None:
            if len(self.lines) > MAX_CACHED_LINES:
                self.lines.clear()
            strip = self.lines[key] = self._draw(index, width, scroll_x)
        return strip

    def _draw(self, index: int | None, width: int, scroll_x: int) -> Strip:
        # Each cell its own segments: a screenshot places each at its column, whatever the font.
        console = self.app.console
        segments: list[Segment] = []
        for column in self.columns:
            if column.width <= 0:  # left out: the terminal is too narrow for it
                continue
            if index is None:
                arrow = ""
                if self.sort_marker is not None and self.sort_marker[0] == column.key:
                    arrow = " ▼" if self.sort_marker[1] else " ▲"
                value: CellType = column.title + arrow
            else:
                value = self.rows[index].cells.get(column.key, "")
            cell = value.copy() if isinstance(value, Text) else Text(str(value))
            cell.no_wrap = True
            if "\t" in cell.plain:
                cell.expand_tabs(4)  # a tab is spaces, counted in the column's width
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            segments.append(PAD)
            segments.extend(cell.render(console))
            segments.append(PAD)
        if index is None:
            style = self.get_component_rich_style("row-table--header")
        elif index == self.cursor_row:
            style = self.get_component_rich_style("row-table--cursor")
        elif self.zebra_stripes and index % 2:
            style = self.rich_style + self.get_component_rich_style("row-table--even")
        else:
            style = self.rich_style
        strip = Strip(segments).crop_extend(scroll_x, scroll_x + width, None)
        return strip.apply_style(style) if style else strip
