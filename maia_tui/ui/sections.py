"""The top-level sections (keys 1-6 from every browsing screen): names, titles and keys only,
so screens can bind the keys and the tab strip can draw them without importing each other.

The app builds each section's screen (MaiaApp.section_screen) and keeps it for the session, so
a section you come back to is as you left it (its filters, its scroll, its selection).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    key: str


SECTIONS: tuple[Section, ...] = (
    Section("projects", "Projects", "1"),
    Section("runs", "Runs", "2"),
    Section("agents", "Agents", "3"),
    Section("audit", "Audit log", "4"),
    Section("credits", "Credits", "5"),
    Section("credentials", "Credentials", "6"),
)
BY_NAME = {section.name: section for section in SECTIONS}
