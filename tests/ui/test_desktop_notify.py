"""Which terminals get a desktop notification, and in which form: OSC 9 (iTerm2's `ESC ] 9 ;
text BEL`, also read by WezTerm, Ghostty and kitty) or OSC 777 (`ESC ] 777 ; notify ; title ;
text BEL`, rxvt-unicode's and foot's); none elsewhere, inside tmux or screen."""

from __future__ import annotations

import pytest

from maia_tui.ui.desktop_notify import sequence

OSC9 = "\x1b]9;Run finished: load.orch.yaml ended: FAILED\x07"
OSC777 = "\x1b]777;notify;Run finished;load.orch.yaml ended: FAILED\x07"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"TERM_PROGRAM": "iTerm.app", "TERM": "xterm-256color"}, OSC9),
        ({"TERM_PROGRAM": "WezTerm", "TERM": "xterm-256color"}, OSC9),
        ({"TERM_PROGRAM": "ghostty", "TERM": "xterm-ghostty"}, OSC9),
        ({"TERM": "xterm-kitty"}, OSC9),
        ({"TERM": "rxvt-unicode-256color"}, OSC777),
        ({"TERM": "foot"}, OSC777),
        ({"TERM": "foot-extra"}, OSC777),
        ({"TERM_PROGRAM": "Apple_Terminal", "TERM": "xterm-256color"}, None),
        ({"TERM_PROGRAM": "vscode", "TERM": "xterm-256color"}, None),
        ({"WT_SESSION": "1", "TERM": "xterm-256color"}, None),  # Windows Terminal: OSC 9 is progress there
        ({"TERM": "xterm-256color"}, None),
        ({}, None),
        ({"TERM_PROGRAM": "WezTerm", "TMUX": "/tmp/tmux-1000/default,1,0", "TERM": "tmux-256color"}, None),
        ({"TERM": "foot", "STY": "1234.pts-0.host"}, None),
    ],
)
def test_the_terminal_decides_the_sequence(environ, expected):
    assert sequence("Run finished", "load.orch.yaml ended: FAILED", environ) == expected


def test_server_text_cannot_end_the_sequence_early_or_add_fields():
    hostile = "evil\x07\x1b]52;c;bWFsaWNpb3Vz\x07 name; with; semicolons\nand a second line"
    for environ in ({"TERM": "xterm-kitty"}, {"TERM": "foot"}):
        found = sequence("Run finished", hostile, environ)
        assert found is not None
        inner = found[2:-1]  # between ESC ] and the closing BEL
        assert "\x07" not in inner and "\x1b" not in inner and "\n" not in inner
    assert sequence("Run finished", hostile, {"TERM": "foot"}).count(";") == 3  # 777;notify;title;text


async def test_the_apps_terminal_driver_hands_its_write_to_terminal_output():
    """In a terminal (not under run_test), the driver Textual picks writes the notification: in
    order with the frames, through its public `write`."""
    from textual.driver import Driver

    from maia_tui.ui.app import MaiaApp

    app = MaiaApp()
    assert issubclass(app.driver_class, Driver) and app.driver_class.__name__ in ("LinuxDriver", "WindowsDriver")
    driver = app.driver_class(app, size=(80, 24))  # made, not started: the terminal is untouched
    assert app.terminal_output.sink == driver.write
