"""Cancelling a run through the app against the emulator: confirmation, CANCELLING then
CANCELLED, a forced cancel offered after 30 s (fake clock) still CANCELLING, a finished run
said to be finished, and read-only refusal. The account's clock is separate from the app's,
so a test decides whether the server finishes the cancel while the app waits."""

from __future__ import annotations

import pytest

from maia_tui.ui.screens.cancel_run import cancel_run
from maia_tui.ui.screens.confirm import ConfirmScreen
from tests.support import SIZE, a_pipeline, log_in, wait_until

from .test_run_dialog import notifications  # the messages, as text

pytestmark = pytest.mark.emulator_config(run_seconds=20, moves_with="account_clock")


def patch_bodies(emulator) -> list:  # type: ignore[no-untyped-def]
    return [r.body for r in emulator.stats.requests if r.method == "PATCH"]


def asking(app) -> bool:  # type: ignore[no-untyped-def]
    """A question on screen, its text composed (a screen just pushed has no widgets yet)."""
    return isinstance(app.screen, ConfirmScreen) and bool(app.screen.query("#confirm-question"))


def question(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#confirm-question").render())


async def started_run(app, emulator) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    project_id, _, environment, pipeline = a_pipeline(emulator)
    started = await app.session.client.run_pipeline(project_id, pipeline, environment)
    return project_id, started.pipeline_execution_id, pipeline


async def test_cancel_asks_then_goes_cancelling_then_cancelled(make_app, emulator, clock, account_clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        project_id, execution_id, pipeline = await started_run(app, emulator)
        app.call_later(cancel_run, app, project_id, execution_id, pipeline, "RUNNING")
        await wait_until(pilot, lambda: asking(app), "the question", 10)
        assert question(app) == f"Cancel the run of {pipeline}?"
        await pilot.press("y")
        await wait_until(pilot, lambda: patch_bodies(emulator), "the cancel", 10)
        assert patch_bodies(emulator) == [{"status": "CANCELLED", "forceUpdate": False}]
        await wait_until(pilot, lambda: any(n.startswith("Cancelling:") for n in notifications(app)), "CANCELLING", 10)

        account_clock.advance(6)  # the account finishes cancelling (5 s in this emulator)
        clock.advance(3)  # the app's next status poll
        await wait_until(pilot, lambda: f"{pipeline}: CANCELLED" in notifications(app), "CANCELLED", 10)
        assert not isinstance(app.screen, ConfirmScreen)  # no second question
        assert len(patch_bodies(emulator)) == 1


async def test_enter_on_the_question_as_it_opens_answers_no(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        project_id, execution_id, pipeline = await started_run(app, emulator)
        app.call_later(cancel_run, app, project_id, execution_id, pipeline, "RUNNING")
        await wait_until(pilot, lambda: asking(app) and app.focused is not None, "the question, focused", 10)
        assert app.focused is not None and app.focused.id == "confirm-no"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen), "the question gone", 10)
        assert patch_bodies(emulator) == []


async def test_still_cancelling_after_30_s_offers_a_forced_cancel(make_app, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        project_id, execution_id, pipeline = await started_run(app, emulator)
        app.call_later(cancel_run, app, project_id, execution_id, pipeline, "RUNNING")
        await wait_until(pilot, lambda: asking(app), "the question", 10)
        await pilot.press("y")
        await wait_until(pilot, lambda: any(n.startswith("Cancelling:") for n in notifications(app)), "CANCELLING", 10)

        clock.advance(29)  # the account's clock stands still: the run stays CANCELLING
        await pilot.pause(0.1)
        assert not isinstance(app.screen, ConfirmScreen)  # not yet: under 30 s
        clock.advance(2)
        await wait_until(pilot, lambda: asking(app), "the second question", 10)
        assert question(app) == f"{pipeline} is still CANCELLING after 30 s. Force it?"
        await pilot.press("y")
        await wait_until(pilot, lambda: len(patch_bodies(emulator)) == 2, "the forced cancel", 10)
        assert patch_bodies(emulator)[1] == {"status": "CANCELLED", "forceUpdate": True}
        await wait_until(pilot, lambda: f"{pipeline}: CANCELLED" in notifications(app), "CANCELLED", 10)


async def test_cancelling_a_run_that_has_finished_says_so(make_app, emulator, account_clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        project_id, execution_id, pipeline = await started_run(app, emulator)
        app.call_later(cancel_run, app, project_id, execution_id, pipeline, "SUCCESS")  # the row says it ended
        await wait_until(pilot, lambda: notifications(app), "the answer", 10)
        assert f"{pipeline} has already finished (SUCCESS): there is nothing to cancel." in notifications(app)
        assert not isinstance(app.screen, ConfirmScreen) and not patch_bodies(emulator)

        # The row still said RUNNING, but the run ended meanwhile: the server's 409 says so.
        account_clock.advance(25)
        app.call_later(cancel_run, app, project_id, execution_id, pipeline, "RUNNING")
        await wait_until(pilot, lambda: asking(app), "the question", 10)
        await pilot.press("y")
        await wait_until(pilot, lambda: any("had already finished" in n for n in notifications(app)), "409", 10)


async def test_cancel_in_read_only_mode_explains_and_sends_nothing(make_app, emulator) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        project_id, _, environment, pipeline = a_pipeline(emulator)
        app.call_later(cancel_run, app, project_id, "5c7652e2-2c3c-4117-b182-3bd48180ec6c", pipeline, "RUNNING")
        await wait_until(pilot, lambda: notifications(app), "the refusal", 10)
        assert "Cancelling a run is a write." in notifications(app)[0] and "--allow-writes" in notifications(app)[0]
        assert not isinstance(app.screen, ConfirmScreen) and not patch_bodies(emulator)
