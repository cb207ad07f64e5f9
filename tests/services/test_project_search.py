"""The search index's life and ranking (services/project_search.py), as docs/browsing.md says:
every page at size 100, eight at a time; ranked over the name, then the words of the description;
rebuilt when a search finds it older than 5 minutes. Scores are rapidfuzz's (0-100), worked out
by hand below. Against the emulator over loopback: tests/test_project_search.py."""

from __future__ import annotations

import asyncio

import pytest

from maia_tui.api.models import Page, Project
from maia_tui.services.project_search import ProjectIndex, SessionIndex, fill_index


def index_of(*projects: Project) -> ProjectIndex:
    index = ProjectIndex()
    index.add(projects)
    return index


# ----- its life ---------------------------------------------------------------------------


def test_an_index_is_complete_once_it_holds_the_total_the_server_gave() -> None:
    index = ProjectIndex()
    assert not index.complete  # no page yet: the total is unknown
    index.total = 2
    index.add([Project("p1", "one")])
    assert not index.complete
    index.add([Project("p2", "two")])
    assert index.complete
    empty = ProjectIndex()
    empty.total = 0
    assert empty.complete  # an account without projects is indexed at once


def test_a_session_index_is_built_first_then_rebuilt_when_older_than_five_minutes() -> None:
    holder = SessionIndex()
    assert holder.needs_build(1_000.0)  # never built
    assert not holder.stale(1_000.0)
    whole = index_of(Project("p1", "one"))
    whole.total = 1
    holder.completed(whole, 1_000.0)
    assert holder.index is whole and holder.completed_at == 1_000.0
    assert not holder.needs_build(1_000.0)
    assert not holder.needs_build(1_300.0)  # exactly 5 minutes: not older than that
    assert not holder.stale(1_300.0)
    assert holder.needs_build(1_300.5)
    assert holder.stale(1_300.5)


def test_an_index_left_half_filled_is_built_again() -> None:
    holder = SessionIndex()
    holder.index.total = 5
    holder.index.add([Project("p1", "one")])
    assert holder.needs_build(0.0)


def test_each_session_gets_its_own_index() -> None:
    one, two = SessionIndex(), SessionIndex()
    one.index.add([Project("p1", "secret project")])
    assert two.index.projects == [] and one.index is not two.index


# ----- filling it ---------------------------------------------------------------------------


class Pages:
    """An account of `total` projects served page by page, noting every request; pages answer
    in the order the test releases them."""

    def __init__(self, total: int, name: str = "project") -> None:
        self.total = total
        self.name = name
        self.asked: list[tuple[int, int]] = []
        self.gates: dict[int, asyncio.Event] = {}

    async def fetch(self, number: int, size: int) -> Page[Project]:
        self.asked.append((number, size))
        gate = self.gates.setdefault(number, asyncio.Event())
        await gate.wait()
        rows = range(number * size, min(self.total, (number + 1) * size))
        return Page(
            number,
            size,
            self.total,
            tuple(Project(f"p{r}", f"{self.name} {r}" if self.name == "project" else self.name) for r in rows),
        )

    def release(self, *numbers: int) -> None:
        for number in numbers:
            self.gates.setdefault(number, asyncio.Event()).set()


async def test_eight_pages_of_100_are_asked_for_at_once_then_the_rest_as_places_free() -> None:
    pages = Pages(total=1_234)  # 13 pages of 100
    index = ProjectIndex()
    progress: list[tuple[int, int]] = []
    filling = asyncio.create_task(fill_index(index, pages.fetch, on_progress=lambda *seen: progress.append(seen)))
    await asyncio.sleep(0.01)
    assert sorted(pages.asked) == [(n, 100) for n in range(8)]  # before page 0 has told the total
    pages.release(3)
    await asyncio.sleep(0.01)
    assert progress == []  # page 3 is in, but nobody knows the total yet
    assert [p.id for p in index.projects] == [f"p{r}" for r in range(300, 400)]
    pages.release(0)
    await asyncio.sleep(0.01)
    assert sorted(pages.asked) == [(n, 100) for n in range(10)]  # pages 0 and 3 freed two places: 8 and 9
    assert progress == [(200, 1_234)]
    pages.release(*range(13))
    await asyncio.wait_for(filling, 2)
    assert index.complete and len(index.projects) == 1_234 and index.total == 1_234
    assert progress[-1] == (1_234, 1_234)
    assert sorted(pages.asked) == [(n, 100) for n in range(13)]  # each page once


async def test_a_small_account_costs_no_more_than_the_first_eight_pages() -> None:
    pages = Pages(total=150)
    pages.release(*range(8))
    index = ProjectIndex()
    await fill_index(index, pages.fetch)
    assert sorted(pages.asked) == [(n, 100) for n in range(8)]  # pages 2 to 7 come back empty
    assert len(index.projects) == 150 and index.complete


async def test_the_concurrency_is_the_callers() -> None:
    pages = Pages(total=1_000)
    filling = asyncio.create_task(fill_index(ProjectIndex(), pages.fetch, concurrency=3))
    await asyncio.sleep(0.01)
    assert sorted(pages.asked) == [(0, 100), (1, 100), (2, 100)]
    pages.release(*range(10))
    await asyncio.wait_for(filling, 2)
    assert sorted(number for number, _ in pages.asked) == list(range(10))


# ----- ranking ------------------------------------------------------------------------------


def test_a_name_spelled_whole_scores_100_and_a_name_holding_the_query_95() -> None:
    """ "fraud" inside "fraud scoring": partial_ratio 100, weighted 0.95 → 95 (its plain ratio,
    2·5/(5+13) ≈ 56, is lower)."""
    index = index_of(Project("p1", "Fraud scoring"), Project("p2", "fraud"))
    matches = index.search("FRAUD")
    assert [(m.project.id, m.score) for m in matches] == [("p2", 100.0), ("p1", pytest.approx(95.0))]
    assert matches[1].name_spans == ((0, 5),)


def test_a_description_word_scores_085_of_a_name() -> None:
    """The same word in a description: 100 × 0.85 = 85; a name that holds it still wins."""
    index = index_of(Project("d", "Ledger", "fraud signals"), Project("n", "Fraud scoring", None))
    assert [(m.project.id, m.score) for m in index.search("fraud")] == [
        ("n", pytest.approx(95.0)),
        ("d", pytest.approx(85.0)),
    ]


def test_a_description_must_hold_a_close_word_for_every_query_word_of_three_letters_or_more() -> None:
    """Mean of the words' scores: "signals" (100) and "fnance" for "finance" (2·6/13 ≈ 92.3)
    → (100 + 92.3) / 2 × 0.85 ≈ 81.7. Words under three letters are left to the name ranking."""
    index = index_of(
        Project("both", "Ledger", "fraud signals for finance"),
        Project("one", "Ledger", "signals only"),
    )
    (match,) = index.search("signals fnance")
    assert match.project.id == "both"
    assert match.score == pytest.approx((100 + 200 * 6 / 13) / 2 * 0.85)
    # "of" counts for nothing, not as a miss: both hold "signals", 100 × 0.85 each.
    assert [(m.project.id, m.score) for m in index.search("signals of")] == [("both", 85.0), ("one", 85.0)]
    assert index.search("of") == []  # two letters: no description is searched


def test_a_description_word_must_be_80_close() -> None:
    """ratio("fraud", "frauds") = 2·5/11 ≈ 90.9: found; ratio("fraud", "frozen") = 2·3/11 ≈ 54.5: not."""
    index = index_of(Project("a", "Ledger", "frauds"), Project("b", "Ledger", "frozen"))
    (match,) = index.search("fraud")
    assert match.project.id == "a" and match.score == pytest.approx(200 * 5 / 11 * 0.85)


def test_ties_keep_the_servers_order_whatever_order_the_pages_came_in() -> None:
    index = ProjectIndex()
    index.add([Project("late", "Sales")], first_rank=100)  # page 1 answered first
    index.add([Project("early", "Sales")], first_rank=0)
    index.add([Project("next", "Sales")])  # no rank given: after what is there (rank 2)
    assert [m.project.id for m in index.search("sales")] == ["early", "next", "late"]


def test_at_most_limit_matches_best_first() -> None:
    index = index_of(*(Project(f"p{n}", "sales " + "x" * n) for n in range(6)))
    matches = index.search("sales", limit=2)
    assert [m.project.id for m in matches] == ["p0", "p1"]  # the shortest name is the closest
    assert len(index.search("sales")) == 6


def test_a_name_far_from_the_query_is_not_a_match() -> None:
    index = index_of(Project("p", "Inventory"))
    assert index.search("qzw") == []
    assert index.search("  ") == []


def test_a_name_holding_the_query_keeps_its_name_score_over_a_weaker_description() -> None:
    """Name "Fraud scoring" (95) and description "fraud" (85): the better, 95, stands."""
    index = index_of(Project("p", "Fraud scoring", "fraud"))
    assert [m.score for m in index.search("fraud")] == [pytest.approx(95.0)]


def test_names_holding_every_word_of_a_longer_query_rank_alone() -> None:
    """ "fraud scoring" is in one name; the near miss "Fraud scaring" (ratio 2·12/26 ≈ 92) waits."""
    index = index_of(Project("hit", "Fraud scoring"), Project("near", "Fraud scaring"))
    assert [m.project.id for m in index.search("fraud scoring")] == ["hit"]
    assert [m.project.id for m in index.search("scoring fraud")] == ["hit"]  # every word, in any order


def test_a_name_with_a_close_window_is_found_however_long_it_is() -> None:
    """ "frau" in a 45-letter name: the best 5-letter window scores 2·4/10 = 80 against "fraud";
    weighted 0.95 → 76. (Scored whole, as some scorers do for long names, it would fall under 60.)"""
    index = index_of(Project("long", "x" * 20 + " frau " + "x" * 20))
    (match,) = index.search("fraud")
    assert match.score == pytest.approx(76.0)


def test_three_letter_words_count_in_a_description_and_each_counted_word_in_the_mean() -> None:
    """ "etl" (3 letters) is a word; "of" (2) is not, wherever it stands in the query."""
    index = index_of(Project("p", "Ledger", "nightly etl signals"))
    assert [m.score for m in index.search("etl")] == [pytest.approx(85.0)]
    assert [m.score for m in index.search("etl signals")] == [pytest.approx(85.0)]  # (100 + 100) / 2 × 0.85
    assert [m.score for m in index.search("of signals")] == [pytest.approx(85.0)]
    assert index_of(Project("q", "Ledger", None)).search("xxxx") == []  # no description, no words


def test_a_description_scores_by_its_closest_word() -> None:
    """ "frauds fraud": "fraud" itself (100) counts, not "frauds" (≈ 90.9): 85."""
    index = index_of(Project("p", "Ledger", "frauds fraud"))
    assert [m.score for m in index.search("fraud")] == [pytest.approx(85.0)]


def test_a_description_word_is_compared_whole() -> None:
    """ "fraudulent" against "fraud": 2·5/15 ≈ 67, under 80 (it holds the query, but whole words
    are what a description is searched by)."""
    assert index_of(Project("p", "Ledger", "fraudulent")).search("fraud") == []


def test_a_query_word_reaches_its_25_closest_description_words() -> None:
    """30 words one letter longer than "fraud" (each 2·5/11 ≈ 90.9): the 25 closest are looked up."""
    suffixes = "0123456789abcdefghijklmnopqrst"
    index = index_of(*(Project(f"p{s}", "Ledger", f"fraud{s}") for s in suffixes))
    assert len(index.search("fraud", limit=50)) == 25


async def test_ties_keep_the_servers_order_when_the_pages_come_back_in_another() -> None:
    pages = Pages(total=150, name="Sales")
    index = ProjectIndex()
    filling = asyncio.create_task(fill_index(index, pages.fetch))
    await asyncio.sleep(0.01)
    pages.release(1)  # page 1 (p100 to p149) answers first
    await asyncio.sleep(0.01)
    pages.release(*range(8))
    await asyncio.wait_for(filling, 2)
    assert [m.project.id for m in index.search("sales")[:3]] == ["p0", "p1", "p2"]


def test_at_most_50_matches_unless_asked_for_more() -> None:
    index = index_of(*(Project(f"p{n}", "Sales") for n in range(60)))
    assert len(index.search("sales")) == 50
    assert len(index.search("sales", limit=60)) == 60


def test_ties_keep_the_servers_order_even_past_the_names_first_scored() -> None:
    """A short query ties many names (every name holding it scores the same). Only the best
    4 × limit names are scored in full; with pages added out of order, those must still be the
    first in the server's order, not the first to arrive."""
    index = ProjectIndex()
    index.add([Project(f"p{r}", "Sales") for r in range(100, 110)], first_rank=100)  # page 1 first
    index.add([Project(f"p{r}", "Sales") for r in range(10)], first_rank=0)
    assert [m.project.id for m in index.search("sales", limit=1)] == ["p0"]
    assert [m.project.id for m in index.search("sale", limit=2)] == ["p0", "p1"]
    assert [m.project.id for m in index.search("sqles", limit=3)] == ["p0", "p1", "p2"]  # a typo: every name scored
