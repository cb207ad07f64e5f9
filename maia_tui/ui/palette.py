"""The app's meaning-colours (good, bad, warn, note, info) for Rich text built outside CSS:
table cells, trees, detail grids. Each is a variable of the current Textual theme, so a light
theme gets its own darker greens and reds; the app calls `use_theme` at start and on every
theme change, and screens then draw their rows again.

`style("bold good")` gives "bold #8AD4A1" under textual-dark; words that are not roles (bold,
dim, italic, on) pass through as Rich style words. No Textual import: cells stay plain."""

from __future__ import annotations

from collections.abc import Mapping

ROLES = {
    "good": "text-success",
    "bad": "text-error",
    "warn": "text-warning",
    "note": "text-accent",
    "info": "text-primary",
    "bad-back": "error-muted",  # a background behind something that failed
}
# textual-dark's values, until the app says which theme is on.
_colours: dict[str, str] = {
    "good": "#8AD4A1",
    "bad": "#D17E92",
    "warn": "#FFC473",
    "note": "#FFC473",
    "info": "#57A5E2",
    "bad-back": "#441E27",
}


def use_theme(variables: Mapping[str, str]) -> None:
    """Take the role colours from a theme's CSS variables (App.get_css_variables())."""
    for role, variable in ROLES.items():
        value = variables.get(variable, "")
        if value.startswith("#"):
            _colours[role] = value[:7]  # no alpha: Rich styles want #rrggbb


def colour(role: str) -> str:
    return _colours[role]


def style(spec: str) -> str:
    return " ".join(_colours.get(word, word) for word in spec.split())
