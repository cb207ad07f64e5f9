"""A desktop notification through the terminal: an escape sequence the terminal turns into a
system notification, for a run that ended while you looked elsewhere.

Which sequence depends on the terminal, read from TERM_PROGRAM and TERM (nothing is probed):

- OSC 9 (`ESC ] 9 ; text BEL`): iTerm2, WezTerm, Ghostty and kitty;
- OSC 777 (`ESC ] 777 ; notify ; title ; text BEL`): rxvt-unicode and foot;
- nothing anywhere else: in another terminal the sequence may mean something else (ConEmu and
  Windows Terminal read OSC 9 as progress and directory reports) or show as garbage, and tmux and
  screen keep such sequences from the terminal outside them. In the browser (`maia-tui serve`)
  nothing is sent: the page is not a terminal. The toast shows either way.

No Textual: the app writes the sequence through `TerminalOutput` (ui/terminal_output.py)."""

from __future__ import annotations

from collections.abc import Mapping

from maia_tui.api.text import printable

OSC9_PROGRAMS = frozenset({"iTerm.app", "WezTerm", "ghostty", "kitty"})
OSC9_TERMS = frozenset({"xterm-kitty", "xterm-ghostty"})
OSC777_TERMS = ("rxvt-unicode", "foot")  # prefixes: rxvt-unicode-256color, foot-extra


def kind(environ: Mapping[str, str]) -> str | None:
    """ "osc9", "osc777" or None for the terminal `environ` describes."""
    if environ.get("TMUX") or environ.get("STY"):
        return None  # inside tmux or screen: the terminal outside never sees it
    program, term = environ.get("TERM_PROGRAM", ""), environ.get("TERM", "")
    if program in OSC9_PROGRAMS or term in OSC9_TERMS:
        return "osc9"
    if term.startswith(OSC777_TERMS):
        return "osc777"
    return None


def _clean(text: str, limit: int) -> str:
    """One line of plain text: no control characters (an ESC or BEL would end the sequence
    early) and no `;`, which separates OSC 777's fields."""
    flat = printable(text, limit)
    return "".join(c for c in flat if c.isprintable()).replace(";", ",")


def sequence(title: str, body: str, environ: Mapping[str, str]) -> str | None:
    """The escape sequence that notifies `title` and `body` in this terminal, or None."""
    chosen = kind(environ)
    if chosen == "osc9":
        return f"\x1b]9;{_clean(title, 60)}: {_clean(body, 200)}\x07"
    if chosen == "osc777":
        return f"\x1b]777;notify;{_clean(title, 60)};{_clean(body, 200)}\x07"
    return None
