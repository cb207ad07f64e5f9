"""Readable in every theme: the colours the app really draws (read from the rendered lines of its
widgets, dim text blended as Textual's DimFilter does) reach WCAG AA, 4.5:1 against their
background, in each built-in theme: the selected row, status colours, dim and secondary text."""

from __future__ import annotations

import re

from rich.color import Color as RichColor
from rich.segment import Segment
from textual.filter import DimFilter, dim_color
from textual.geometry import Region
from textual.widget import Widget

from maia_tui.ui.app import MaiaApp
from maia_tui.ui.screens.runs import RunsScreen
from tests.support import SIZE, log_in, wait_until

from .test_runs import LIVING_ACCOUNT

pytestmark = LIVING_ACCOUNT

# WCAG 2.x worked out here again, not imported from ui/contrast.py: the test must not take its
# measure from the code it checks.
AA = 4.5
LINES = re.compile("[\\s\u2500-\u259f]*")  # box drawing and blocks: borders, bars, not text
# Themes that name terminal colours (ANSI) rather than RGB: the terminal decides their contrast.
TERMINAL_THEMES = {"ansi-dark", "ansi-light"}


def luminance(colour: RichColor) -> float:
    """WCAG 2.x relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def ratio(one: RichColor, two: RichColor) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def drawn(segment: Segment) -> tuple[RichColor, RichColor] | None:
    """The (text, background) colours of a segment as the terminal shows them; None for blanks."""
    style = segment.style
    if style is None or LINES.fullmatch(segment.text) or style.color is None or style.bgcolor is None:
        return None
    colour, background = style.color, style.bgcolor
    if style.reverse:
        colour, background = background, colour
    if style.dim:
        colour = dim_color(background, colour, DimFilter().dim_factor)
    return colour, background


def too_faint(widget: Widget, where: str) -> list[str]:
    found = []
    for number, strip in enumerate(widget.render_lines(Region(0, 0, *widget.outer_size))):
        for segment in strip:
            pair = drawn(segment)
            if pair is not None and (measured := ratio(*pair)) < AA:
                found.append(f"{where} line {number} {segment.text.strip()!r}: {measured:.1f}:1")
    return found


def screen_parts(app: MaiaApp) -> set[str]:
    return {cls.__name__ for widget in app.screen.query("*") for cls in type(widget).__mro__}


async def faint_in_every_theme(pilot, where: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Theme -> the faint text of every widget on the screen shown, in each built-in theme."""
    app: MaiaApp = pilot.app
    themes = sorted(set(app.available_themes) - TERMINAL_THEMES)
    assert {"textual-dark", "textual-light", "solarized-light", "nord"} <= set(themes)
    faint: dict[str, list[str]] = {}
    for theme in themes:
        app.theme = theme
        await pilot.pause()
        found = []  # every widget: rows, headers, bars, tabs, labels, secondary text
        for widget in app.screen.query("*"):
            if widget.display and widget.region.area:
                found += too_faint(widget, f"{where} {type(widget).__name__}")
        if found:
            faint[theme] = found
    return faint


def report(faint: dict[str, list[str]]) -> str:
    return "\n".join(f"{theme}: {len(found)} faint, e.g. {found[:4]}" for theme, found in faint.items())


async def test_login_and_runs_read_at_aa_contrast_in_every_built_in_theme(app: MaiaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        faint = await faint_in_every_theme(pilot, "login")  # labels, hints, the form
        app.theme = "textual-dark"
        await log_in(pilot)
        assert screen_parts(app) >= {"RowTable", "KeyBar", "StatusBar"}
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs")
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        listing = screen.panel.listing
        await wait_until(pilot, lambda: listing.status == "ready", "the first runs")
        statuses = {run.status for run in listing.items}
        assert len(statuses) >= 2, statuses  # status colours, more than one
        await pilot.press("down")  # the selected row is not the first, under zebra stripes
        for theme, found in (await faint_in_every_theme(pilot, "runs")).items():
            faint.setdefault(theme, []).extend(found)
        assert faint == {}, report(faint)


def test_a_colour_that_reads_keeps_its_hue_and_one_that_does_not_moves_just_far_enough() -> None:
    from rich.style import Style

    from maia_tui.ui.contrast import readable_style

    kept = Style(color="#8AD4A1", bgcolor="#1E1E1E")  # textual-dark's green on its surface: 9:1
    assert readable_style(kept) == kept
    faint = Style(color="#0178D4", bgcolor="#0178D4", bold=True)  # blue on the same blue
    moved = readable_style(faint)
    assert moved.bold and moved.bgcolor == faint.bgcolor
    assert moved.color is not None and moved.bgcolor is not None
    assert AA <= ratio(moved.color, moved.bgcolor) < AA + 1.5  # readable, not pushed to white
    dim = readable_style(Style(color="#777777", bgcolor="#222222", dim=True))
    assert not dim.dim and dim.color is not None and ratio(dim.color, RichColor.parse("#222222")) >= AA
