"""Text readable in every theme: WCAG AA, 4.5:1 between each character and its background.

Textual's built-in themes pair some colours too faintly for reading (textual-light's selected row
was 1.7:1; a status colour on the selected row's colour in most dark themes under 2:1; solarized's
secondary text about 4:1). Rather than a list of exceptions per theme, the app draws every line
through `ReadableText`, a Textual line filter (App.get_line_filters): a colour that falls short
is moved towards white or black, whichever reads better on that background, just as far as
4.5:1 needs, so its hue stays recognisable. Dim text is drawn as the colour Textual's own
DimFilter would blend (not left to the terminal), so it is measured and kept readable too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.filter import DimFilter, LineFilter, dim_color

AA = 4.5
DIM_FACTOR = DimFilter().dim_factor  # how far dim text goes towards its background
# Lines, not text: box drawing and block elements (borders, scroll bars, a tall input's edges)
# are drawn close to their background on purpose and keep their colours.
DRAWING = re.compile("[\\s\u2500-\u259f\U0001fb00-\U0001fbff]*")
WHITE = RichColor.from_rgb(255, 255, 255)
BLACK = RichColor.from_rgb(0, 0, 0)


def luminance(colour: RichColor) -> float:
    """WCAG 2.x relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: RichColor, two: RichColor) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(colour: RichColor, towards: RichColor, amount: float) -> RichColor:
    (r1, g1, b1), (r2, g2, b2) = colour.get_truecolor(), towards.get_truecolor()
    return RichColor.from_rgb(r1 + (r2 - r1) * amount, g1 + (g2 - g1) * amount, b1 + (b2 - b1) * amount)


@lru_cache(maxsize=4096)
def readable_colour(colour: RichColor, background: RichColor) -> RichColor:
    """`colour`, or the nearest colour towards white or black that reads at AA on `background`."""
    if contrast(colour, background) >= AA:
        return colour
    towards = WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK
    for step in range(1, 21):
        moved = blend(colour, towards, step / 20)
        if contrast(moved, background) >= AA:
            return moved
    return towards


@lru_cache(maxsize=4096)
def readable_style(style: Style) -> Style:
    """`style` with its text colour readable on its own background (dim resolved to a colour)."""
    colour, background = style.color, style.bgcolor
    if colour is None or background is None:
        return style
    if colour.is_default or background.is_default:  # the terminal's own colours: its business
        return style
    if style.reverse:  # the background colour is the text's: that one moves
        readable = readable_colour(background, colour)
        return style if readable == background else style + Style(bgcolor=readable)
    if style.dim:
        colour = dim_color(background, colour, DIM_FACTOR)
    readable = readable_colour(colour, background)
    if readable == style.color and not style.dim:
        return style
    return style + Style(color=readable, dim=False)


class ReadableText(LineFilter):
    """The line filter: every segment's text colour readable on its background."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        changed = False
        drawn = []
        for segment in segments:
            text, style, control = segment
            if style is not None and not DRAWING.fullmatch(text):
                readable = readable_style(style)
                if readable != style:
                    segment, changed = Segment(text, readable, control), True
            drawn.append(segment)
        return drawn if changed else segments


class ReadableApp(App[Any]):
    """The app's side: ReadableText after Textual's own filters (ANSI colours to RGB first)."""

    READABLE = ReadableText()

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self.READABLE]
