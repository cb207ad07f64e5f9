"""The paging walks themselves (api/paging.py), over lists played by a script: page/size asks
pages 0, 1, 2, ... and stops on the last page by count or on an empty page (§4 of the API notes);
a cursor walk starts with no token, follows `more` and stops when it is absent, and refuses a
token it was given before. The walks over the emulator are in test_paging.py and
test_paging_properties.py."""

from __future__ import annotations

import pytest

from maia_tui.api.errors import InvalidResponse
from maia_tui.api.models import CursorPage, Page
from maia_tui.api.paging import every_cursor_page, every_page, pages


def numbered(total: int, size: int):
    """A page/size list of the numbers 0..total-1, and the page numbers asked for."""
    asked: list[int] = []

    async def fetch(number: int) -> Page[int]:
        asked.append(number)
        first = number * size
        return Page(number, size, total, tuple(range(first, min(first + size, total))))

    return fetch, asked


@pytest.mark.parametrize(("total", "size", "requests"), [(7, 3, 3), (6, 3, 2), (1, 5, 1), (0, 5, 1)])
async def test_a_page_size_walk_asks_each_page_from_0_once(total, size, requests):
    """ceil(total / size) requests, at least one: 7 in 3s is pages 0-2, 6 in 3s is 0-1."""
    fetch, asked = numbered(total, size)
    assert [n async for n in every_page(fetch)] == list(range(total))
    assert asked == list(range(requests))


async def test_a_walk_by_pages_stops_on_an_empty_page_whatever_the_total_says():
    asked: list[int] = []

    async def fetch(number: int) -> Page[str]:
        asked.append(number)
        return Page(number, 2, 99, ("a", "b") if number < 2 else ())  # claims 99, has 4

    walked = [page.results async for page in pages(fetch)]
    assert walked == [("a", "b"), ("a", "b"), ()]
    assert asked == [0, 1, 2]


def cursors(answers: dict[str | None, tuple[tuple[str, ...], str | None]]):
    """A cursor list: for each token asked (None: the first page), its items and `more`."""
    asked: list[str | None] = []

    async def fetch(token: str | None) -> CursorPage[str]:
        asked.append(token)
        results, more = answers[token]
        return CursorPage(results, more)

    return fetch, asked


async def test_a_cursor_walk_starts_without_a_token_and_follows_more_to_its_end():
    fetch, asked = cursors({None: (("r1", "r2"), "t1"), "t1": (("r3",), "t2"), "t2": (("r4",), None)})
    assert [r async for r in every_cursor_page(fetch)] == ["r1", "r2", "r3", "r4"]
    assert asked == [None, "t1", "t2"]


async def test_a_cursor_the_server_gave_before_stops_the_walk_with_an_error():
    fetch, asked = cursors({None: (("r1",), "t1"), "t1": (("r2",), "t2"), "t2": (("r3",), "t1")})
    walked = []
    with pytest.raises(InvalidResponse) as caught:
        async for item in every_cursor_page(fetch):
            walked.append(item)
    assert walked == ["r1", "r2", "r3"]  # every item before the repeat, once
    assert asked == [None, "t1", "t2"]
    assert caught.value.message == "The server repeated a pagination token; stopped to avoid looping forever"
