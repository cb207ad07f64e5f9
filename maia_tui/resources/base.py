"""What a kind of resource is, once for the whole program: how it is fetched (page/size,
cursor or whole), its identity, the columns its export writes (the contract's wire names),
what it needs (a project, an environment), the filters the command line offers, and where
the app shows it. No Textual here; the app's lists add how rows are drawn (ui/resources)."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from maia_tui.api.models import CursorPage, Page
from maia_tui.api.paging import every_cursor_page, every_page

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient

T = TypeVar("T")
# A list's filters, handed to the fetch as they are. The keys every kind reads the same way:
# project_id, environment_name, statuses, pipeline_name, started_after, started_before (runs),
# start and end (audit events).
Query = Mapping[str, Any]
WALK_SIZE = 100  # the largest page the API serves (§4): a whole walk asks as few times as it can


class Paging(enum.Enum):
    PAGE = "page/size"  # numbered pages, `total` known
    CURSOR = "cursor"  # `paginationToken`: newest first, `more` until the end
    NONE = "none"  # one answer holds everything


class Scope(enum.Enum):
    """What a kind lives in: the account, a project, or a project's environment."""

    ACCOUNT = "account"
    PROJECT = "project"
    ENVIRONMENT = "environment"


class Filter(enum.Enum):
    """Command-line filters beyond the scope (`maia-tui export KIND --status ...`)."""

    STATUS = "status"
    PIPELINE = "pipeline"
    SINCE = "since"
    UNTIL = "until"


@dataclass(frozen=True)
class Kind(Generic[T]):
    name: str  # the command line's and the widgets' name: "streaming-pipelines"
    title: str  # "Streaming pipelines"
    noun: str  # "streaming pipeline": the header says "12 streaming pipelines"
    key: Callable[[T], str]  # row identity
    export_columns: tuple[str, ...]  # CSV columns as dotted wire paths ("versionDetails.agentVersion")
    paging: Paging = Paging.PAGE
    fetch_page: Callable[[MaiaClient, Query, int, int], Awaitable[Page[T]]] | None = None
    fetch_cursor: Callable[[MaiaClient, Query, str | None, int], Awaitable[CursorPage[T]]] | None = None
    fetch_all: Callable[[MaiaClient, Query], Awaitable[Sequence[T]]] | None = None
    # Read one live row again, as cheaply as the API allows (a row the polled list no longer
    # lists: it left a filter, or lies beyond the page); None: not possible.
    fetch_one: Callable[[MaiaClient, T], Awaitable[T]] | None = None
    scope: Scope = Scope.ACCOUNT
    filters: tuple[Filter, ...] = ()
    project_tab: int | None = None  # its place among the project screen's tabs; None: not a tab
    exportable: bool = True

    def __post_init__(self) -> None:
        wanted = {Paging.PAGE: self.fetch_page, Paging.CURSOR: self.fetch_cursor, Paging.NONE: self.fetch_all}
        if wanted[self.paging] is None:
            raise ValueError(f"kind {self.name!r} pages by {self.paging.value} but has no fetch for it")

    async def walk(
        self, client: MaiaClient, query: Query, size: int = WALK_SIZE, on_total: Callable[[int], None] | None = None
    ) -> AsyncIterator[T]:
        """Every item, to the end of the list, through the API's own paging (api/paging);
        `on_total` hears each page/size page's `total` (a cursor list tells none)."""
        if self.paging is Paging.PAGE:
            fetch_page = self.fetch_page
            assert fetch_page is not None

            async def page(number: int) -> Page[T]:
                got = await fetch_page(client, query, number, size)
                if on_total is not None:
                    on_total(got.total)
                return got

            async for item in every_page(page):
                yield item
        elif self.paging is Paging.CURSOR:
            fetch_cursor = self.fetch_cursor
            assert fetch_cursor is not None
            async for item in every_cursor_page(lambda token: fetch_cursor(client, query, token, size)):
                yield item
        else:
            assert self.fetch_all is not None
            for item in await self.fetch_all(client, query):
                yield item

    def usage_problem(self, query: Query) -> str | None:
        """What the command line must add before this kind can be listed, or None."""
        if self.scope is not Scope.ACCOUNT and not query.get("project_id"):
            return f"exporting {self.name} needs --project ID"
        if self.scope is Scope.ENVIRONMENT and not query.get("environment_name"):
            return f"exporting {self.name} needs --env NAME ({self.title.lower()} belong to an environment)"
        return None


def raw_of(item: Any) -> Mapping[str, Any]:
    """An item exactly as the API sent it (every model keeps its `raw`)."""
    raw = getattr(item, "raw", None)
    return raw if isinstance(raw, Mapping) else {}
