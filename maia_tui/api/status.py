"""A run's (and a step's) status, once for the whole program: the words of contract §5 and §7,
whether a status is final, and how it looks (an icon and a theme role such as "good", which the
app turns into its theme's colour). An unknown word from a server is kept as it came: see
`RunStatus.of`."""

from __future__ import annotations

import enum


class RunStatus(enum.Enum):
    # word       final  failed  icon  look (a theme role: ui/palette.py)
    RUNNING = ("RUNNING", False, False, "▶", "bold warn")
    SUCCESS = ("SUCCESS", True, False, "✔", "good")
    FAILED = ("FAILED", True, True, "✖", "bold bad")
    CANCELLING = ("CANCELLING", False, False, "◌", "note")
    CANCELLED = ("CANCELLED", True, False, "⊘", "note")
    SKIPPED = ("SKIPPED", True, False, "↷", "info")
    UNKNOWN = ("UNKNOWN", True, False, "?", "dim")
    # Seen on steps by other clients, never on a run (§7): final, but not what `status=` takes.
    FAILURE = ("FAILURE", True, True, "✖", "bold bad")
    FORBIDDEN = ("FORBIDDEN", True, False, "⊘", "bad")
    QUEUED = ("QUEUED", False, False, "…", "warn")

    def __init__(self, word: str, final: bool, failed: bool, icon: str, look: str) -> None:
        self.word = word
        self.final = final
        self.failed = failed
        self.icon = icon
        self.look = look

    @property
    def live(self) -> bool:
        """Still changing: the app polls it and ticks its duration."""
        return not self.final

    @classmethod
    def of(cls, word: str | None) -> RunStatus | None:
        """The status a server's word names (any case), or None for a word the contract lacks."""
        return _BY_WORD.get((word or "").strip().upper())


_BY_WORD = {status.word: status for status in RunStatus}

# What a run's `status` may be, and so what the executions list's `status=` filter takes (§5).
RUN_STATUSES: tuple[RunStatus, ...] = (
    RunStatus.RUNNING,
    RunStatus.SUCCESS,
    RunStatus.FAILED,
    RunStatus.CANCELLING,
    RunStatus.CANCELLED,
    RunStatus.SKIPPED,
    RunStatus.UNKNOWN,
)
RUN_STATUS_WORDS: tuple[str, ...] = tuple(status.word for status in RUN_STATUSES)
FINAL_RUN_WORDS = frozenset(status.word for status in RUN_STATUSES if status.final)
LIVE_WORDS = frozenset(status.word for status in RunStatus if status.live)
FAILED_WORDS = frozenset(status.word for status in RunStatus if status.failed)
FINAL_WORDS = frozenset(status.word for status in RunStatus if status.final)


def is_final(word: str | None) -> bool:
    status = RunStatus.of(word)
    return status is not None and status.final
