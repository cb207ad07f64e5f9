"""Search every project: an index filled page by page in parallel, ranked fuzzily by name and
description with rapidfuzz, usable while it fills. No Textual here.

The API has no search, so the index fetches every page (size 100) with bounded concurrency;
each request goes through the client's request budget like any other.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from ..api.models import Page, Project

PAGE_SIZE = 100
CONCURRENCY = 8
NAME_CUTOFF = 60.0  # partial_ratio below this is noise on short queries
WORD_CUTOFF = 80.0  # a description word must be this close to a query word
PARTIAL_WEIGHT = 0.95  # a query found inside a longer name ranks below a name it spells whole
DESCRIPTION_WEIGHT = 0.85  # a name match outranks the same match in a description


@dataclass(frozen=True)
class Match:
    project: Project
    score: float
    name_spans: tuple[tuple[int, int], ...]  # (start, end) of matched characters in project.name


class ProjectIndex:
    """Projects as they arrive, and a fuzzy ranking over them."""

    def __init__(self) -> None:
        self.projects: list[Project] = []
        self.total: int | None = None  # what the server said; None before the first page
        self._names: list[str] = []
        self._ranks: list[int] = []  # place in the server's order (page * size + row)
        self._postings: dict[str, list[int]] = {}  # description word -> project positions
        self._server_order: list[int] | None = None  # positions by rank; None: to be sorted again

    @property
    def complete(self) -> bool:
        return self.total is not None and len(self.projects) >= self.total

    def add(self, projects: Sequence[Project], first_rank: int | None = None) -> None:
        start = len(self.projects) if first_rank is None else first_rank
        self._server_order = None
        for offset, project in enumerate(projects):
            position = len(self.projects)
            self.projects.append(project)
            self._ranks.append(start + offset)
            self._names.append(project.name.lower())
            for word in set((project.description or "").lower().split()):
                self._postings.setdefault(word, []).append(position)

    def search(self, query: str, limit: int = 50) -> list[Match]:
        """Best matches first; ties keep the server's order, so results are stable."""
        needle = query.strip().lower()
        if not needle:
            return []
        scores = self._name_scores(needle, limit * 4)
        for position, score in self._description_scores(needle.split()).items():
            weighted = score * DESCRIPTION_WEIGHT
            if weighted > scores.get(position, 0.0):
                scores[position] = weighted
        best = sorted(scores.items(), key=lambda entry: (-entry[1], self._ranks[entry[0]]))[:limit]
        return [Match(self.projects[p], score, name_spans(needle, self._names[p])) for p, score in best]

    def _name_scores(self, needle: str, pool: int) -> dict[int, float]:
        """Names ranked against the query: a substring-friendly score (short queries) and a
        whole-name one (long queries, where "Sales 93" must beat "Sales 930"), the better kept.

        Names holding every word of the query as typed are ranked alone when there are any:
        that is what typing a name gives, and finding them costs a plain scan. A query with a
        typo in it finds none, and then every name is scored fuzzily (slower, about 2x).

        Names are scored in the server's order, whatever order their pages came in: rapidfuzz
        keeps the first of equal scores, so the best `pool` are the server's first ones."""
        if self._server_order is None:
            self._server_order = sorted(range(len(self._ranks)), key=self._ranks.__getitem__)
        first, *others = needle.split()
        exact = [p for p in self._server_order if first in self._names[p]]
        for word in others:
            exact = [p for p in exact if word in self._names[p]]
        positions: Sequence[int] = exact or self._server_order
        names = [self._names[p] for p in positions]
        candidates = set()
        for scorer in (fuzz.partial_ratio, fuzz.ratio):
            for _, _, index in process.extract(
                needle, names, scorer=scorer, limit=pool, score_cutoff=NAME_CUTOFF, processor=None
            ):
                candidates.add(positions[index])
        return {
            p: max(fuzz.ratio(needle, self._names[p]), PARTIAL_WEIGHT * fuzz.partial_ratio(needle, self._names[p]))
            for p in candidates
        }

    def _description_scores(self, words: list[str]) -> dict[int, float]:
        """Projects whose description has a close word for every query word, scored by the mean."""
        result: dict[int, float] | None = None
        vocabulary = list(self._postings)
        for word in words:
            if len(word) < 3:
                continue  # two letters match half the vocabulary; the name ranking covers those
            found: dict[int, float] = {}
            for candidate, score, _ in process.extract(
                word, vocabulary, scorer=fuzz.ratio, limit=25, score_cutoff=WORD_CUTOFF, processor=None
            ):
                for position in self._postings[candidate]:
                    found[position] = max(found.get(position, 0.0), score)
            if result is None:
                result = found
            else:
                result = {p: result[p] + s for p, s in found.items() if p in result}
        if not result:
            return {}
        counted = sum(1 for word in words if len(word) >= 3)
        return {p: total / counted for p, total in result.items()}


def name_spans(needle: str, name: str) -> tuple[tuple[int, int], ...]:
    """Where the query's characters sit in the (lower-cased) name: the equal blocks of an
    alignment that starts at the best-matching window."""
    alignment = fuzz.partial_ratio_alignment(needle, name)
    if alignment is None:
        return ()
    start = alignment.dest_start  # from the best window on, so a gappy query ("frd") still lights all it matched
    spans = []
    for opcode in Indel.opcodes(needle, name[start:]):
        if opcode.tag == "equal":
            spans.append((start + opcode.dest_start, start + opcode.dest_end))
    return tuple(spans)


Progress = Callable[[int, int], None]  # (loaded, total)


async def fill_index(
    index: ProjectIndex,
    fetch_page: Callable[[int, int], Awaitable[Page[Project]]],
    *,
    concurrency: int = CONCURRENCY,
    on_progress: Progress | None = None,
) -> None:
    """Fetch every page, at most `concurrency` at a time, adding each as it comes (results
    stream in). The first `concurrency` pages are asked for at once, before page 0 has told
    the total, so the index costs no extra round trip; a page past the end comes back empty."""
    gate = asyncio.Semaphore(concurrency)
    first_page_done = asyncio.Event()

    async def one(number: int) -> None:
        async with gate:
            page = await fetch_page(number, PAGE_SIZE)
        if number == 0:
            index.total = page.total
            first_page_done.set()
        index.add(page.results, number * PAGE_SIZE)
        if on_progress and index.total is not None:
            on_progress(len(index.projects), index.total)

    async with asyncio.TaskGroup() as group:
        for number in range(concurrency):
            group.create_task(one(number))
        await first_page_done.wait()
        assert index.total is not None
        for number in range(concurrency, math.ceil(index.total / PAGE_SIZE)):
            group.create_task(one(number))


INDEX_MAX_AGE = 300.0  # seconds; projects change rarely, and a rebuild costs a page per 100


@dataclass
class SessionIndex:
    """The session's project index, and when it was (last) completed, on the client clock."""

    index: ProjectIndex = field(default_factory=ProjectIndex)
    completed_at: float | None = None

    def stale(self, now: float) -> bool:
        return self.completed_at is not None and now - self.completed_at > INDEX_MAX_AGE

    def needs_build(self, now: float) -> bool:
        """A search now should (re)build the index: never completed, or older than INDEX_MAX_AGE."""
        return not self.index.complete or self.stale(now)

    def completed(self, index: ProjectIndex, now: float) -> None:
        """`index` is whole as of `now`: searches use it until it is stale."""
        self.index = index
        self.completed_at = now
