"""Every key of the pipelines and schedules tabs and of the agents, audit log and credits
sections is in help (`?`), with an id and words for people."""

from __future__ import annotations

import inspect

from textual.binding import Binding
from textual.widgets import TabbedContent

from maia_tui.ui.screens import agents, audit, credits
from maia_tui.ui.screens.audit import AuditScreen
from maia_tui.ui.screens.help import HelpScreen
from maia_tui.ui.views.resource_table import ResourceTable
from maia_tui.ui.widgets import pipeline_tree, pipelines_panel, schedules_panel
from maia_tui.ui.widgets.pipeline_tree import PipelineTree
from maia_tui.ui.widgets.pipelines_panel import PipelinesPanel
from maia_tui.ui.widgets.schedules_panel import SchedulesPanel
from tests.support import SIZE, log_in, wait_until

from .account_sections import ONE_CLOCK, open_section

pytestmark = ONE_CLOCK

MODULES = (agents, audit, credits, pipeline_tree, pipelines_panel, schedules_panel)


def bindings_of(cls: type) -> list[Binding]:
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def test_every_binding_has_an_id_and_words():
    found = [
        b
        for module in MODULES
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__
        for b in bindings_of(cls)
    ]
    assert len(found) >= 7
    assert all(b.id and b.tooltip for b in found), [b.key for b in found if not (b.id and b.tooltip)]
    assert len({b.id for b in found}) == len(found)


async def listed_in_help(pilot) -> set[str | None]:
    await pilot.press("question_mark")
    assert isinstance(pilot.app.screen, HelpScreen)
    listed = {row.binding_id for section in pilot.app.screen.sections for row in section.rows}
    await pilot.press("escape")
    return listed


async def test_the_project_tabs_keys_are_in_help(app):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press(*["down"] * 7, "enter")  # a project with schedules
        await wait_until(pilot, lambda: pilot.app.screen.query(TabbedContent), "the project")
        tabs = pilot.app.screen.query_one(TabbedContent)
        tabs.active = "tab-pipelines"
        await wait_until(pilot, lambda: pilot.app.screen.query(PipelinesPanel), "the tab")
        panel = pilot.app.screen.query_one(PipelinesPanel)
        await wait_until(pilot, lambda: pilot.app.focused is panel.pipeline_tree, "the tree focused")
        listed = await listed_in_help(pilot)
        for binding in [*bindings_of(PipelineTree), *bindings_of(PipelinesPanel)]:
            assert binding.id in listed, binding.id

        tabs.active = "tab-schedules"
        await wait_until(pilot, lambda: pilot.app.screen.query(SchedulesPanel), "the tab")
        schedules = pilot.app.screen.query_one(SchedulesPanel)
        await wait_until(pilot, lambda: schedules.listing.status == "ready", "the schedules")
        schedules.listing.table.focus()
        listed = await listed_in_help(pilot)
        for binding in bindings_of(ResourceTable):
            assert binding.id in listed, binding.id


async def test_the_audit_log_keys_are_in_help(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "4", AuditScreen)
        listed = await listed_in_help(pilot)
        for binding in bindings_of(AuditScreen):
            assert binding.id in listed, binding.id
        assert {"section.agents", "section.audit", "section.credits"} <= listed
