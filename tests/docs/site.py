"""Building the documentation site as CI does, and reading its pages as a person would: the
visible text, the Keys page's tables, the Command line page's headings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build_site(project: Path, out: Path, *, python_path: Path | None = None) -> None:
    """`mkdocs build --strict` of `project`'s mkdocs.yml into `out`, in its own process (the hook
    imports maia_tui from `python_path` first when given)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if python_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(python_path), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"


def cli_env(tmp_path: Path) -> dict[str, str]:
    # No config file: the default keys, never the keymap of whoever runs the tests.
    return dict(os.environ, MAIA_TUI_CONFIG=str(tmp_path / "absent" / "config.toml"), COLUMNS="100")


def python(*args: str, tmp_path: Path) -> str:
    """What `python ARGS` prints, in the environment the CLI tests give it."""
    done = subprocess.run(
        [sys.executable, *args], env=cli_env(tmp_path), capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def maia_tui(*args: str, tmp_path: Path) -> str:
    return python("-m", "maia_tui", *args, tmp_path=tmp_path)


# What `maia-tui ARGS` prints for each ARGS (a JSON list of lists), each a call of the program's
# own entry point, as `python -m maia_tui` makes it, with its own stdout and exit code.
EACH_IN_TURN = """
import contextlib, io, json, sys
from maia_tui.commands.main import main
printed = []
for argv in json.loads(sys.argv[1]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            code = main(argv)
        except SystemExit as exit:
            code = exit.code
    assert code in (0, None), (argv, code)
    printed.append(out.getvalue())
print(json.dumps(printed))
"""


def maia_tui_each(argvs: list[list[str]], tmp_path: Path) -> list[str]:
    """What `maia-tui ARGV` prints for each ARGV, all from one process (one start-up, not one
    per command: a start-up costs about as much CPU as the printing of every --help)."""
    return json.loads(python("-c", EACH_IN_TURN, json.dumps(argvs), tmp_path=tmp_path))  # type: ignore[no-any-return]


class Page(HTMLParser):
    """The article of a built page: its visible text, headings, and the rows of its tables
    (a row's id attribute and its cells' text), each row under the heading above it."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.headings: list[str] = []
        self.rows: list[tuple[str, str | None, list[str]]] = []  # (heading, row id, cells)
        self.inside = 0  # > 0 inside <article>: the page, not the navigation around it
        self.heading: list[str] | None = None
        self.cell: list[str] | None = None

    @classmethod
    def read(cls, path: Path) -> Page:
        page = cls()
        page.feed(path.read_text(encoding="utf-8"))
        return page

    @property
    def visible(self) -> str:
        return "".join(self.text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.inside += 1
        elif self.inside and tag in ("h1", "h2", "h3"):
            self.heading = []
        elif self.inside and tag == "tr":
            self.rows.append((self.headings[-1] if self.headings else "", dict(attrs).get("id"), []))
        elif self.inside and tag == "td":
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.inside -= 1
        elif tag in ("h1", "h2", "h3") and self.heading is not None:
            self.headings.append("".join(self.heading).replace("¶", "").strip())
            self.heading = None
        elif tag == "td" and self.cell is not None:
            self.rows[-1][2].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if not self.inside:
            return
        self.text.append(data)
        for part in (self.heading, self.cell):
            if part is not None:
                part.append(data)
