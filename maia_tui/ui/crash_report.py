"""What is printed when the app crashes: Textual's report (a rich Traceback with each frame's
locals), minus the locals of library frames.

Our own frames keep their locals: in them a client secret or an access token is always a masked
`Secret`. Library frames cannot promise that: Textual's Input keeps what was typed (the secret)
in plain `str` locals while it edits it, and httpx/httpcore/h11 hold the bytes on the wire (the
form body with the secret, the Authorization header with the token). Their frames are still
listed, by file, line and function, without source and without locals.
"""

from __future__ import annotations

import os
import sys

from rich.traceback import Traceback

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
    return Traceback(show_locals=True, width=None, locals_max_length=5, suppress=library_paths())
