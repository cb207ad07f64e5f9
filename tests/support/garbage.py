"""Python's cyclic garbage collector, tuned for a test process (loaded for every test).

Each Pilot test builds and drops a whole Textual app (some 100,000 objects in cycles), so with
the default thresholds (700, 10, 10) the collector ran a full collection about twice a test,
each walking every object the test modules and their imports made: a third of the UI tests'
CPU. Here, once collection has imported everything, those objects are frozen (never walked
again), and the collector runs less often: young collections every 10,000 new objects instead
of 700, and a full one only after 100 middle ones (Python still waits until a quarter of what
it holds is new). Garbage is still collected, only in fewer, larger batches: a worker's memory
stays in the low hundreds of MB. `MAIA_CPU=1 python -m pytest` measures the effect."""

from __future__ import annotations

import gc

import pytest

THRESHOLDS = (10_000, 10, 100)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """At the end pytest collects five times over to surface late unraisable exceptions; each
    walked the whole of what the session built (a quarter of a second a time). One collection
    here finds the garbage and reports what its finalisers raise; then the survivors are frozen,
    so pytest's five walk nothing."""
    gc.collect()
    gc.freeze()
