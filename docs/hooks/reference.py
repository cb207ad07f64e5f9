"""mkdocs hook: the reference pages are generated from the program at build time, so they
cannot drift from it.

- `<!-- generated: keys -->` becomes every key binding, grouped by screen, from
  `maia_tui.ui.key_reference.key_entries` (the list `maia-tui keys` prints; default keys, never
  the builder's own [keymap]).
- `<!-- generated: command-line -->` becomes every subcommand's `--help` (options, exit codes
  in the epilogs), walked from `maia_tui.commands.main.build_parser()`, nested ones included.
- `{{ key("list.export") }}` in any page becomes that binding's keys, so prose names the keys
  the app really binds; an unknown id fails the build.
- The PNGs in `screenshots/` are published as `images/NAME.png`, for pages to show.
"""

from __future__ import annotations

import argparse
import html
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from maia_tui.commands.main import build_parser
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.key_reference import KeyEntry, key_entries

MARKER = re.compile(r"<!-- generated: ([\w-]+) -->")
KEY_REFERENCE = re.compile(r"\{\{ key\(\"([\w.]+)\"\) \}\}")
HELP_COLUMNS = "80"  # --help wraps to the terminal; the page has room for 80 columns of code


def entries() -> list[KeyEntry]:
    return key_entries(MaiaApp)


def keys_html(labels: str) -> str:
    return " ".join(f"<kbd>{html.escape(label)}</kbd>" for label in labels.split())


def keys_markdown(key_list: list[KeyEntry]) -> str:
    """One section a screen, one table row a binding. The tables are HTML, so a description is
    shown exactly as the app words it (no Markdown reading `*` or `|` in it)."""
    parts: list[str] = []
    screen = None
    for entry in key_list:
        if entry.screen != screen:
            if screen is not None:
                parts.append("</tbody></table>\n")
            screen = entry.screen
            parts.append(f"## {html.escape(screen)}\n")
            parts.append(
                "<table><thead><tr><th>Key</th><th>What it does</th><th>Id for [keymap]</th></tr></thead><tbody>"
            )
        parts.append(
            f'<tr id="key-{html.escape(entry.id)}"><td>{keys_html(entry.label)}</td>'
            f"<td>{html.escape(entry.description)}</td><td><code>{html.escape(entry.id)}</code></td></tr>"
        )
    if screen is not None:
        parts.append("</tbody></table>\n")
    return "\n".join(parts)


def subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """(one-line help, parser) of each subcommand, in the order the parser lists them. argparse
    has no public way to walk its subparsers; its `_actions` is what shtab and sphinx-argparse read."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) not in seen:  # an alias names the same parser again
                    seen.add(id(sub))
                    yield helps.get(name, ""), sub


@contextmanager
def help_width() -> Iterator[None]:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = HELP_COLUMNS
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def fenced(text: str) -> str:
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def commands_markdown(parser: argparse.ArgumentParser, depth: int = 0, summary: str = "") -> str:
    """The parser's own --help under a `maia-tui NAME` heading, then each subcommand's: the
    program and its subcommands as sections, a subcommand's own subcommands inside its section."""
    with help_width():
        text = parser.format_help()
    parts = [f"{'#' * (2 if depth <= 1 else 3)} {parser.prog}\n"]
    if summary:
        parts.append(html.escape(summary) + "\n")
    parts.append(fenced(text) + "\n")
    for sub_summary, sub in subcommands(parser):
        parts.append(commands_markdown(sub, depth + 1, sub_summary))
    return "\n".join(parts)


def generated(name: str) -> str:
    if name == "keys":
        return keys_markdown(entries())
    if name == "command-line":
        return commands_markdown(build_parser())
    raise PluginError(f"unknown generated section {name!r} (known: keys, command-line)")


def key_reference(match: re.Match[str], by_id: dict[str, KeyEntry], page: Any) -> str:
    entry = by_id.get(match.group(1))
    if entry is None:
        raise PluginError(f"{page.file.src_uri}: no key binding has the id {match.group(1)!r} (see `maia-tui keys`)")
    return keys_html(entry.label)


# ----- the hooks mkdocs calls ------------------------------------------------------------------


def on_files(files: Files, config: Any) -> Files:
    screenshots = Path(config.config_file_path).parent / "screenshots"
    for image in sorted(screenshots.glob("*.png")):
        files.append(File.generated(config, f"images/{image.name}", abs_src_path=str(image)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    markdown = MARKER.sub(lambda match: generated(match.group(1)), markdown)
    by_id = {entry.id: entry for entry in entries()}
    return KEY_REFERENCE.sub(lambda match: key_reference(match, by_id, page), markdown)
