"""The description of a resource list: columns, paging, identity, drill-down, export, liveness.

Plain data (frozen dataclasses): a `ResourceList` reads it; nothing here talks to Textual.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rich.text import Text

from maia_tui.api.models import CursorPage, Page
from maia_tui.resources.base import Kind, Paging, Query, raw_of
from maia_tui.services.live_cadence import Cadence

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient

T = TypeVar("T")


@dataclass(frozen=True)
class RowContext:
    """What a cell may need besides its object: the time now, how to show times, names of
    things the object only refers to by id (resolved elsewhere, cached)."""

    now: datetime
    utc: bool = False
    local: tzinfo | None = None  # None: the machine's zone
    project_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Column(Generic[T]):
    key: str
    title: str
    cell: Callable[[T, RowContext], Text | str]  # literal text: see resources.cells
    # The most this column takes (its natural width is its widest cell, up to this); None: free
    # text, which takes the width the others leave. See views/column_fit.py.
    width: int | None = None
    # It may be cut down to this when the terminal is narrow (a name); None: never cut (ids, times).
    min_width: int | None = None
    # Who gives up room first when the columns do not fit: the highest number first. Names are 1.
    priority: int = 0
    optional: bool = False  # left out (its cell shown under the list) when there is no room for it
    # Narrower ways to draw the cell, each narrower than the last (a time: `09:55 2m`, then `2m`).
    forms: tuple[Callable[[T, RowContext], Text | str], ...] = ()
    ticks: bool = False  # redrawn every second on live rows (a running duration)
    ages: bool = False  # redrawn every second on the rows in view ("3 min ago"); unchanged text is not drawn
    # What `o` and a click on the header sort by: a value (a time, a number of seconds, ...);
    # None: the cell's text, without regard to case.
    sort_key: Callable[[T, RowContext], Any] | None = None


@dataclass(frozen=True)
class Live(Cadence):
    """Follow the server while the list is shown, at a cadence (services/live_cadence.py): poll
    every `fast` seconds while something changes or a row is live, slowing by `factor` up to
    `slow` while nothing does."""

    # A query whose window ends now (the audit log, credits), moved to end at the poll's now.
    slide: Callable[[Query, datetime], Query] | None = None


@dataclass(frozen=True)
class Resource(Generic[T]):
    """How the app shows a kind (maia_tui.resources): its columns, filter, drill-down and
    liveness. What the kind is (fetch, identity, export) comes from the kind itself."""

    kind: Kind[T]
    columns: tuple[Column[T], ...]
    heading: str | None = None  # the header's first word(s), when not the kind's title
    filter_text: Callable[[T], str] = str
    # How a row exports when it is not an API object (which exports as the API sent it).
    export: Callable[[T], Mapping[str, Any]] | None = None
    live: Live | None = None
    is_live: Callable[[T], bool] = lambda item: False  # noqa: E731 (rows that still change)
    empty: str = "Nothing here."
    page_sizes: tuple[int, ...] = (10, 25, 50, 100)
    page_size: int = 25
    needs_project_names: bool = False
    # A line under the list with the selected row's cut cells whole (views/row_detail.py);
    # False where a panel under the list shows the row in full already.
    row_detail: bool = True
    cursor_limit: int = 50  # rows per cursor page
    opens: bool = True  # `enter` on a row opens something; False: no ⏎ in the footer, and a flash says so

    @property
    def name(self) -> str:
        return self.kind.name

    @property
    def title(self) -> str:
        return self.heading or self.kind.title

    @property
    def noun(self) -> str:
        return self.kind.noun

    @property
    def paging(self) -> Paging:
        return self.kind.paging

    @property
    def key(self) -> Callable[[T], str]:
        return self.kind.key

    @property
    def fetch_page(self) -> Callable[[MaiaClient, Query, int, int], Awaitable[Page[T]]] | None:
        return self.kind.fetch_page

    @property
    def fetch_cursor(self) -> Callable[[MaiaClient, Query, str | None, int], Awaitable[CursorPage[T]]] | None:
        return self.kind.fetch_cursor

    @property
    def fetch_all(self) -> Callable[[MaiaClient, Query], Awaitable[Sequence[T]]] | None:
        return self.kind.fetch_all

    @property
    def fetch_one(self) -> Callable[[MaiaClient, T], Awaitable[T]] | None:
        return self.kind.fetch_one

    def exported(self, item: T) -> Mapping[str, Any]:
        """The row as the API sent it; a model without its raw answer as its fields."""
        if self.export is not None:
            return self.export(item)
        raw = raw_of(item)
        if raw:
            return dict(raw)
        return dataclasses.asdict(item) if dataclasses.is_dataclass(item) else {"value": str(item)}  # type: ignore[arg-type]
