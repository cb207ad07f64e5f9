"""Toasts (ui/toasts.py): at most three lines at 80 columns, one of a kind at a time, errors
until read and the rest briefly, through every `notify` of the app."""

from __future__ import annotations

from textual.widget import Widget

from maia_tui.ui.app import MaiaApp
from maia_tui.ui.screens.credential import CredentialScreen
from maia_tui.ui.toasts import shape, shown_for
from tests.support import log_in, notifications, rendered_text, wait_until

NARROW = (80, 24)


def toasts(app: MaiaApp) -> list[Widget]:
    return list(app.screen.query("Toast"))


async def test_the_copied_summary_toast_is_three_lines_at_80_columns(app: MaiaApp) -> None:
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await log_in(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, CredentialScreen), "the credential screen")
        await pilot.press("y")
        await wait_until(pilot, lambda: len(toasts(app)) == 1, "the copy toast")
        asked = notifications(app)[-1].message
        assert asked.count("\n") >= 5  # the summary itself: many lines, whole in the request
        (toast,) = toasts(app)
        lines = [line.rstrip() for line in rendered_text(toast).splitlines()]
        assert toast.size.height <= 3 and len(lines) <= 3, lines
        assert "A summary of this credential" in lines[0]  # the title, on its own line
        assert lines[-1].endswith("…")  # the summary cut, and saying so


async def test_toasts_of_one_kind_replace_each_other_and_other_kinds_stay(app: MaiaApp) -> None:
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await log_in(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, CredentialScreen), "the credential screen")
        for _ in range(3):
            await pilot.press("y")
            await pilot.pause()
        await wait_until(pilot, lambda: len(notifications(app)) == 3, "three copies asked for")
        await pilot.pause()
        assert len(toasts(app)) == 1  # three copies, one toast
        app.notify("Something else happened.", title="Another kind")
        await wait_until(pilot, lambda: len(toasts(app)) == 2, "a toast of another kind beside it")
        app.notify("And then this.", title="Another kind")
        await pilot.pause()
        await pilot.pause()
        shown = [rendered_text(toast) for toast in toasts(app)]
        assert len(shown) == 2 and any("And then this." in text for text in shown), shown
        assert not any("Something else" in text for text in shown)


def test_long_text_is_cut_to_three_lines_with_an_ellipsis() -> None:
    message, title = shape("word " * 100, "A title much longer than the toast is wide, for sure", 37)
    assert len(title) <= 37 and title.endswith("…")
    assert len(message.splitlines()) == 2 and message.endswith("…")
    message, title = shape("one\ntwo\nthree\nfour", "", 37)
    assert message.splitlines() == ["one", "two", "three …"]
    assert shape("Short.", "Done", 37) == ("Short.", "Done")


def test_errors_stay_until_read_and_the_rest_go_after_four_seconds() -> None:
    assert shown_for("error", 10) >= 3600
    assert shown_for("information", None) == 4
    assert shown_for("warning", 10) == 4
    assert shown_for("information", 2) == 2  # a flash may be shorter
