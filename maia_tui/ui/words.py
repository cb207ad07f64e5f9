"""Words the UI puts together from numbers: "1 match", "2 matches", never "1 matches"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """'1 match', '2 matches', '1,204 projects' (the plural: `singular` + s unless given)."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"
