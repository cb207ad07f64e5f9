"""The description of a resource list: columns, paging, identity, drill-down, export, liveness.

Plain data (frozen dataclasses): a `ResourceList` reads it; nothing here talks to Textual.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rich.text import Text

from maia_tui.api.models import CursorPage, Page

if TYPE_CHECKING:
    from textual.screen import Screen

    from maia_tui.api.client import MaiaClient

T = TypeVar("T")
Query = Mapping[str, Any]  # a list's filters, handed to the fetch as they are


class Paging(enum.Enum):
    PAGE = "page/size"  # numbered pages, `total` known: n/p/g/G/: and a size
    CURSOR = "cursor"  # `paginationToken`: more rows load as you scroll down
    NONE = "none"  # one answer holds everything


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
    width: int | None = None  # None: this column takes the width the others leave
    # Free text with a preferred width (a name): it gives up width down to this when the
    # terminal is narrow, before any free column is squeezed. None: the width is fixed (ids, times).
    min_width: int | None = None
    # Left out on a terminal too narrow for every column, the highest number first; 0: always shown.
    drop_order: int = 0
    ticks: bool = False  # redrawn every second on live rows (a running duration)
    ages: bool = False  # redrawn every AGE_EVERY seconds on the rows in view ("3 min ago")
    # What `o` and a click on the header sort by: a value (a time, a number of seconds, ...);
    # None: the cell's text, without regard to case.
    sort_key: Callable[[T, RowContext], Any] | None = None


@dataclass(frozen=True)
class Live:
    """Follow the server while the list is shown: poll every `fast` seconds while something
    changes or a row is live, slowing by `factor` up to `slow` while nothing does."""

    fast: float = 5.0
    slow: float = 30.0
    factor: float = 1.5


@dataclass(frozen=True)
class Resource(Generic[T]):
    name: str
    title: str
    columns: tuple[Column[T], ...]
    key: Callable[[T], str]
    paging: Paging = Paging.PAGE
    fetch_page: Callable[[MaiaClient, Query, int, int], Awaitable[Page[T]]] | None = None
    fetch_cursor: Callable[[MaiaClient, Query, str | None, int], Awaitable[CursorPage[T]]] | None = None
    fetch_all: Callable[[MaiaClient, Query], Awaitable[Sequence[T]]] | None = None
    # Read one row again (a live row the polled page no longer covers); None: not possible.
    fetch_one: Callable[[MaiaClient, T], Awaitable[T]] | None = None
    filter_text: Callable[[T], str] = str
    open: Callable[[T, Query], Screen[Any] | None] | None = None
    export: Callable[[T], Mapping[str, Any]] | None = None
    live: Live | None = None
    is_live: Callable[[T], bool] = lambda item: False  # noqa: E731 (rows that still change)
    empty: str = "Nothing here."
    noun: str = "row"  # "project": the header says "140 projects"
    page_sizes: tuple[int, ...] = (10, 25, 50, 100)
    page_size: int = 25
    needs_project_names: bool = False
    cursor_limit: int = 50  # rows per cursor page

    def __post_init__(self) -> None:
        wanted = {Paging.PAGE: self.fetch_page, Paging.CURSOR: self.fetch_cursor, Paging.NONE: self.fetch_all}
        if wanted[self.paging] is None:
            raise ValueError(f"resource {self.name!r} pages by {self.paging.value} but has no fetch for it")

    def exported(self, item: T) -> Mapping[str, Any]:
        if self.export is not None:
            return self.export(item)
        raw = getattr(item, "raw", None)
        if isinstance(raw, Mapping) and raw:
            return dict(raw)
        return dataclasses.asdict(item) if dataclasses.is_dataclass(item) else {"value": str(item)}  # type: ignore[arg-type]
