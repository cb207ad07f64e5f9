"""The top-level sections (keys 1-6 from every browsing screen) and the screen each one shows.

To fill a section, point its `make` at a factory of its screen (imported lazily, so the login
screen never pays for it). The app keeps one screen per section for the session, so a section
you come back to is as you left it (its filters, its scroll, its selection).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

    from maia_tui.api.client import MaiaClient


def _projects(client: MaiaClient) -> Screen[Any]:
    from maia_tui.ui.screens.projects import ProjectsScreen

    return ProjectsScreen(client)


def _runs(client: MaiaClient) -> Screen[Any]:
    from maia_tui.ui.screens.runs import RunsScreen

    return RunsScreen(client)


def _agents(client: MaiaClient) -> Screen[Any]:
    from maia_tui.ui.screens.agents import AgentsScreen

    return AgentsScreen(client)


def _audit(client: MaiaClient) -> Screen[Any]:
    from maia_tui.ui.screens.audit import AuditScreen

    return AuditScreen(client)


def _credits(client: MaiaClient) -> Screen[Any]:
    from maia_tui.ui.screens.credits import CreditsScreen

    return CreditsScreen(client)


def _credentials(client: MaiaClient) -> Screen[Any]:
    from maia_tui.ui.screens.board import BoardScreen

    return BoardScreen(client)


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    key: str
    make: Callable[[MaiaClient], Screen[Any]]


SECTIONS: tuple[Section, ...] = (
    Section("projects", "Projects", "1", _projects),
    Section("runs", "Runs", "2", _runs),
    Section("agents", "Agents", "3", _agents),
    Section("audit", "Audit log", "4", _audit),
    Section("credits", "Credits", "5", _credits),
    Section("credentials", "Credentials", "6", _credentials),
)
BY_NAME = {section.name: section for section in SECTIONS}
