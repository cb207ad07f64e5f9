"""Hypothesis profiles. With CI set, "ci": a fixed, derandomised run (the same examples on every
run, no example database), so CI never fails on a draw it made up that day. Elsewhere "dev":
random draws, twice as many, and failures remembered in .hypothesis/ to be tried first next time.
`--hypothesis-profile=deep` asks for many more (a hunt, not a default). Every property's own
settings keep its examples as cheap as their subject allows."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Deadlines measure wall time, which loopback I/O and a loaded machine make noisy: never a verdict.
COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}

settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **COMMON)
settings.register_profile("dev", max_examples=200, **COMMON)
settings.register_profile("deep", max_examples=5_000, **COMMON)
settings.load_profile("ci" if os.environ.get("CI", "").lower() not in ("", "0", "false") else "dev")


def examples(share: float) -> int:
    """A share of the loaded profile's examples, for a property whose example is costly (real
    requests over loopback); at least 10."""
    return max(10, round(settings.default.max_examples * share))
