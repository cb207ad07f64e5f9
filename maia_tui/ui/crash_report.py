"""What is printed when the app crashes, and the one place maia-tui touches a private Textual name.

Textual reports an unhandled exception in `App._fatal_error` (private; there is no public hook)
with a rich Traceback that shows every frame's locals. Our own frames may keep theirs: in them a
client secret or an access token is always a masked `Secret`. Library frames cannot promise that:
Textual's Input keeps what was typed (the secret) in plain `str` locals while it edits it, and
httpx/httpcore/h11 hold the bytes on the wire (the form body with the secret, the Authorization
header with the token). So `CrashSafeApp` overrides that one method:

- on the Textual series whose `_fatal_error` it copies (`KNOWN_TEXTUAL`), Textual's own report
  with library frames listed by file, line and function, without source and without locals;
- on any other version, through public API only (`App.exit`), a traceback with no locals at all:
  safe, if plainer, until someone re-reads Textual's new body.

tests/ui/test_crash_report.py fingerprints the Textual methods this leans on and fails, saying
what to re-read, when Textual changes under it. tests/test_private_names.py allows private Textual
names in this module only.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TypeVar

import textual
from textual.app import App

from maia_tui.ui import lazy

if TYPE_CHECKING:
    from rich.traceback import Traceback

# The Textual series (major.minor) whose App._fatal_error body `_fatal_error` below copies.
KNOWN_TEXTUAL = "8.2"

LIBRARIES_WITHOUT_LOCALS = (
    "rich",
    "textual",
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "keyring",
    "secretstorage",
    "jeepney",
)

ReturnType = TypeVar("ReturnType")


def textual_is_known(version: str | None = None) -> bool:
    """Is the running Textual (or `version`) of the series the copy below was read from?"""
    if version is None:
        version = textual.__version__
    return version.split(".")[:2] == KNOWN_TEXTUAL.split(".")


def library_paths() -> list[str]:
    """The folders of those libraries that are loaded (nothing is imported to find them)."""
    paths = []
    for name in LIBRARIES_WITHOUT_LOCALS:
        location = getattr(sys.modules.get(name), "__file__", None)
        if location:
            paths.append(os.path.dirname(location) + os.sep)
    return paths


def crash_traceback() -> Traceback:
    """The exception being handled, as Textual renders it, with library frames' locals left out."""
    return lazy.Traceback(show_locals=True, width=None, locals_max_length=5, suppress=library_paths())


def plain_traceback() -> Traceback:
    """The exception being handled without any frame's locals: the fallback on an unknown Textual."""
    return lazy.Traceback(show_locals=False, width=None)


class CrashSafeApp(App[ReturnType]):
    """An App whose crash report never prints a library frame's locals."""

    def _fatal_error(self) -> None:
        """Textual 8.2's App._fatal_error with `crash_traceback()` for its Traceback; on another
        Textual, the public `exit` with `plain_traceback()`."""
        self.bell()
        if not textual_is_known():
            self.exit(return_code=1, message=plain_traceback())
            return
        self._exit_renderables.append(lazy.Segments(self.console.render(crash_traceback(), self.console.options)))
        self._close_messages_no_wait()
