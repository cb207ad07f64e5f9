"""The Keys and Command line pages are generated from the program while the site is built: every
binding `maia-tui keys --json` prints is on the Keys page under its screen, and every subcommand
`maia-tui --help` lists (and theirs, nested) is on the Command line page as `maia-tui NAME` with
its whole --help: options and exit codes."""

from __future__ import annotations

import json
import re

from tests.docs.site import Page, maia_tui, maia_tui_each

# A subcommand in a --help listing: four spaces in, under "positional arguments".
SUBCOMMAND_LINE = re.compile(r"^ {4}(?! )(\S+)")


def subcommands_in(help_text: str) -> list[str]:
    positional = help_text.split("positional arguments:", 1)
    if len(positional) < 2:
        return []
    section = re.split(r"\n\n", positional[1].lstrip("\n"), maxsplit=1)[0]
    return [match.group(1) for line in section.splitlines() if (match := SUBCOMMAND_LINE.match(line))]


def squeezed(text: str) -> str:
    """Without whitespace: --help wrapped at another width reads the same."""
    return "".join(text.split())


def test_every_binding_maia_tui_keys_prints_is_on_the_keys_page_under_its_screen(built_site, tmp_path):
    entries = json.loads(maia_tui("keys", "--json", tmp_path=tmp_path))
    page = Page.read(built_site / "keys" / "index.html")
    rows = {row_id: (heading, cells) for heading, row_id, cells in page.rows if row_id}

    ids = [entry["id"] for entry in entries]
    assert {"app.help", "list.export", "runs.cancel", "credential.probe"} <= set(ids)  # named by issues #20 and #27
    for entry in entries:
        assert f"key-{entry['id']}" in rows, f"{entry['id']} is not on the Keys page"
        heading, cells = rows[f"key-{entry['id']}"]
        assert heading == entry["screen"], entry
        assert cells[1] == " ".join(entry["description"].split()), entry
        assert cells[2] == entry["id"]
        assert cells[0], f"{entry['id']} has no key on the page"
    assert len(rows) == len(entries), "the Keys page lists bindings `maia-tui keys` does not"


def test_every_subcommand_of_maia_tui_help_is_on_the_command_line_page_with_its_whole_help(built_site, tmp_path):
    page = Page.read(built_site / "command-line" / "index.html")
    text = squeezed(page.visible)

    top = maia_tui("--help", tmp_path=tmp_path)
    assert {"check", "export", "run", "watch", "keys", "emulator"} <= set(subcommands_in(top))
    assert squeezed(top) in text
    level = [[name] for name in subcommands_in(top)]
    seen = 0
    while level:  # one level of the tree at a time
        helps = maia_tui_each([[*words, "--help"] for words in level], tmp_path)
        for words, help_text in zip(level, helps, strict=True):
            seen += 1
            assert help_text.startswith(f"usage: maia-tui {' '.join(words)}"), help_text[:200]  # printed, not lost
            assert f"maia-tui {' '.join(words)}" in page.headings
            assert squeezed(help_text) in text, f"`maia-tui {' '.join(words)} --help` is not on the page as it prints"
        level = [
            [*words, name] for words, help_text in zip(level, helps, strict=True) for name in subcommands_in(help_text)
        ]
    assert seen >= 7
    assert "exitcodes:" in squeezed(maia_tui("check", "--help", tmp_path=tmp_path))
