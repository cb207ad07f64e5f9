"""Export lists as CSV, JSON or JSON Lines: what each resource's columns are, how rows are
written, and a file sink that never leaves a half-written file under the chosen name.

No Textual here: `maia-tui export` and the app's `e` key both use it. Objects are exported as
the API sent them (each model's `raw`); CSV flattens the columns each kind declares
(maia_tui.resources), JSON keeps it all.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

FORMATS = ("csv", "json", "jsonl")

# JSON may carry "\ud800" alone (a string with half a surrogate pair); UTF-8 has no such
# character, so writing it as is would fail. JSON keeps the escape the API sent (the file
# parses back to the very string); a CSV cell, which has no escapes, gets U+FFFD.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return LONE_SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


@dataclass(frozen=True)
class Column:
    header: str
    path: tuple[str, ...]  # wire keys, outermost first: ("versionDetails", "agentVersion")

    def value(self, item: Mapping[str, Any]) -> Any:
        value: Any = item
        for key in self.path:
            if not isinstance(value, Mapping):
                return None
            value = value.get(key)
        return value


def columns(*paths: str) -> tuple[Column, ...]:
    """Columns named by their dotted wire paths; the header is the path itself."""
    return tuple(Column(path, tuple(path.split("."))) for path in paths)


def cell(value: Any) -> str:
    """One CSV cell: empty for missing, lower-case booleans as in JSON, nested values as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return LONE_SURROGATE.sub("\ufffd", json.dumps(value, ensure_ascii=False, sort_keys=True))
    return LONE_SURROGATE.sub("\ufffd", str(value))


class RowWriter:
    """Writes objects one at a time in one format; `close` ends the document (JSON's `]`)."""

    def __init__(self, out: TextIO, fmt: str, cols: Sequence[Column] = ()) -> None:
        """`cols` empty: a CSV takes its columns from the first item's keys."""
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        self.out, self.fmt, self.cols = out, fmt, tuple(cols)
        self.count = 0
        self._csv = csv.writer(out, lineterminator="\r\n") if fmt == "csv" else None
        if self._csv is not None and self.cols:
            self._csv.writerow([cell(column.header) for column in self.cols])
        elif fmt == "json":
            out.write("[")

    def write(self, item: Mapping[str, Any]) -> None:
        if self._csv is not None:
            if not self.cols:
                self.cols = columns(*item)
                self._csv.writerow([cell(column.header) for column in self.cols])
            self._csv.writerow([cell(column.value(item)) for column in self.cols])
        elif self.fmt == "json":
            self.out.write(("," if self.count else "") + "\n  " + json_text(item))
        else:
            self.out.write(json_text(item) + "\n")
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")
        self.out.flush()


def write_all(out: TextIO, fmt: str, cols: Sequence[Column], items: Iterable[Mapping[str, Any]]) -> int:
    writer = RowWriter(out, fmt, cols)
    for item in items:
        writer.write(item)
    writer.close()
    return writer.count


@contextmanager
def atomic_text_file(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text file that appears under `path` only when the block ends without an error:
    written beside it under a temporary name, then renamed over it in one step.

    A path that exists and is not a regular file (/dev/null, a named pipe, /dev/stdout) is
    written in place: renaming over it would replace the device or pipe itself (as root,
    `-o /dev/null` would leave a plain file where the null device was)."""
    target = Path(path)
    if target.exists() and not target.is_file():
        with open(target, "w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        # newline="" so the csv module's \r\n reaches the file as written.
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def default_export_dir(home: Path | None = None) -> Path:
    """The user's downloads folder if there is one, else the home folder."""
    from platformdirs import user_downloads_dir

    downloads = Path(user_downloads_dir())
    if downloads.is_dir():
        return downloads
    return home or Path.home()
