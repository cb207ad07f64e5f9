"""Agents live on the account's clock, as runs do: a pure function of (seed, agent, now).

A new agent release comes out every `RELEASE_MS` (its number counts releases since
`RELEASES_FROM`). Each running agent installs it after a delay of its own (its hash per
release): an agent with auto-updates within the first quarter of the period, one without any
time in the period. Until then `agentUpdateAvailable` is true. Installing is a restart:
running → stopping (`STOPPING_MS`) → stopped (until `RESTART_MS`) → running on the new
version. An agent that is not running (stopped, paused, ...) stays as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

RELEASE_MS = 2 * 3_600_000  # a new release every two hours: a demo sees restarts
STOPPING_MS = 20_000
RESTART_MS = 60_000  # stopping, then stopped, for this long in all
RELEASES_FROM = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp() * 1000)


@dataclass(frozen=True)
class AgentLife:
    status: str
    release: int  # the release installed (counted from RELEASES_FROM)
    update_available: bool


def agent_life(hash_of: Callable[..., int], j: int, auto_updates: bool, now: int) -> AgentLife:
    """The state at `now` of running agent `j`; `hash_of(*parts)` is the account's hash."""
    release = max(0, (now - RELEASES_FROM) // RELEASE_MS)
    into = now - RELEASES_FROM - release * RELEASE_MS
    spread = RELEASE_MS // 4 if auto_updates else RELEASE_MS - RESTART_MS
    installs_at = hash_of("agent-install", j, release) % spread
    if into < installs_at:
        return AgentLife("running", release - 1, True)
    if into < installs_at + STOPPING_MS:
        return AgentLife("stopping", release - 1, True)
    if into < installs_at + RESTART_MS:
        return AgentLife("stopped", release - 1, True)
    return AgentLife("running", release, False)


def version(major: int, release: int) -> str:
    """The version an agent runs after installing `release`: one patch per release."""
    return f"{major}.{release // 100 % 100}.{release % 100}"
