"""The steps of an execution, and of each child pipeline its steps ran.

A step's `childPipeline.id` may be the child's own execution id (the emulator's, contract §7),
whose steps the API lists in the parent's project; or an id no execution has, which answers 404:
that is said in a sentence, never as the request that failed. A child that has finished is read
once; one that still runs is read again with its parent's steps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from maia_tui.api.errors import MaiaError, NotFound
from maia_tui.api.models import Step
from maia_tui.api.paging import pages
from maia_tui.api.status import is_final

MAX_STEP_PAGES = 20  # 2,000 steps: a pipeline with more is cut, and says so
NOT_LISTED = "The API lists no steps for this child pipeline's id, so it cannot be opened here."
NOT_READ = "Its steps could not be read just now; they are read again with the run's."


async def read_steps(client: Any, project_id: str, execution_id: str) -> tuple[tuple[Step, ...], bool]:
    """Every step of an execution (up to MAX_STEP_PAGES pages), and whether the list was cut."""
    found: list[Step] = []
    read = 0
    async for page in pages(lambda number: client.list_steps(project_id, execution_id, page=number, size=100)):
        read += 1
        found.extend(page.results)
        if read >= MAX_STEP_PAGES and not page.is_last:
            return tuple(found), True
    return tuple(found), False


class ChildSteps:
    """Per parent step id: the child's steps, or None when the API lists none for its id."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[Step, ...] | None] = {}
        self.failed: set[str] = set()  # read and refused for another reason (an outage): try later
        self.done: set[str] = set()  # nothing more to read

    def known(self, step_id: str) -> bool:
        return step_id in self.found

    def get(self, step_id: str) -> tuple[Step, ...] | None:
        return self.found.get(step_id)

    def note(self, step_id: str) -> str | None:
        """Why a child step shows no steps, in a sentence; None when it has some (or is unread)."""
        if step_id in self.found and self.found[step_id] is None:
            return NOT_LISTED
        if step_id in self.failed:
            return NOT_READ
        return None

    async def refresh(self, client: Any, project_id: str, steps: Iterable[Step]) -> None:
        """Read the children of `steps` not read since they finished."""
        for step in steps:
            child = step.child_pipeline
            if child is None or step.id in self.done:
                continue
            try:
                if not child.id:
                    raise NotFound("no id")
                self.found[step.id], _ = await read_steps(client, project_id, child.id)
            except NotFound:
                self.found[step.id] = None
                self.done.add(step.id)
                continue
            except MaiaError:
                self.failed.add(step.id)
                continue
            self.failed.discard(step.id)
            if is_final(step.result.status if step.result else None):
                self.done.add(step.id)
