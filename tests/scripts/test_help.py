"""Every script-facing subcommand's --help ends with its exit codes: the one shared table (1-4),
its own meaning of 0, and the codes only it has (how a followed run ended, Ctrl+C)."""

from __future__ import annotations

import pytest

from maia_tui.commands.common import EXIT_CODES
from maia_tui.commands.main import main

SHARED = [text for _, text in EXIT_CODES[1:]]  # 2, 3 and 4 read the same everywhere
RUN_ENDED = [
    "5  the run FAILED",
    "6  the run was CANCELLED",
    "7  the run ended SKIPPED or UNKNOWN",
    "8  --timeout passed while the run was still going (it is not cancelled)",
]


def help_of(command: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out.rstrip("\n")
    table = text[text.rindex("exit codes:") :]
    assert text.endswith(table)
    return [line.strip() for line in table.splitlines()[1:]]


@pytest.mark.parametrize(
    ("command", "zero", "own"),
    [
        ("check", "0  the credential works", []),
        ("export", "0  every item asked for was written", ["130  stopped by Ctrl+C; nothing was written to -o FILE"]),
        ("run", "0  started (without --wait), or the run ended SUCCESS", RUN_ENDED),
        ("watch", "0  the run ended SUCCESS", RUN_ENDED),
        ("api", "0  the server answered 2xx", []),
    ],
)
def test_help_ends_with_the_exit_codes(capsys, command: str, zero: str, own: list[str]) -> None:  # type: ignore[no-untyped-def]
    rows = help_of(command, capsys)
    assert rows[0].startswith(zero)
    assert rows[1].startswith("1  ")
    assert [row.split("  ", 1)[1] for row in rows[2:5]] == SHARED
    assert rows[5:] == own
