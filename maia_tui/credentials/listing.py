"""What `maia-tui profiles` shows, built from the config file alone: never a keyring call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maia_tui.api.text import printable

from .config import Config


@dataclass(frozen=True)
class ProfileRow:
    name: str
    where: str  # the region, or the host of a custom URL
    api_base: str
    client_id: str
    secret_stored: bool
    last_used: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "where": self.where,
            "api_base": self.api_base,
            "client_id": self.client_id,
            "secret_stored": self.secret_stored,
            "last_used": self.last_used,
        }


def profile_rows(config: Config) -> list[ProfileRow]:
    rows = []
    for name, profile in sorted(config.profiles.items()):
        endpoints = profile.endpoints
        rows.append(
            ProfileRow(
                name=name,
                where=endpoints.label,
                api_base=endpoints.api_base,
                client_id=profile.client_id,
                secret_stored=profile.secret_stored,
                last_used=name == config.last_profile,
            )
        )
    return rows


def profiles_table(rows: list[ProfileRow], path: Path) -> str:
    if not rows:
        return (
            f"No profiles saved in {path} yet.\n"
            "Log in from the app with 'remember' ticked to save one (its secret goes to the OS keyring)."
        )
    header = ("", "NAME", "WHERE", "CLIENT ID", "SECRET")
    body = [
        (
            "*" if row.last_used else "",
            row.name,
            printable(row.where, 60),
            printable(row.client_id, 60),
            "stored in keyring" if row.secret_stored else "not stored",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [f"Profiles in {path} (* = last used):"]
    for line in [header, *body]:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    return "\n".join(lines)
