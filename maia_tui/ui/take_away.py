"""Files the app hands to the person using it: an export, the raw JSON, a screenshot.

In a terminal they are written on this machine, as ever. Under `maia-tui serve` the person sits
at a browser, maybe on another machine, so the text goes to that browser as a download through
Textual's `App.deliver_text` and is never written on the server.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App

from maia_tui.api.text import printable
from maia_tui.services.exporting import atomic_text_file, default_export_dir

# Names our deliveries carry, so the app can tell their outcome from Textual's own.
DELIVERY = "maia-tui"


def in_browser(app: App[Any]) -> bool:
    """True when the app runs under textual-serve (Textual's web driver)."""
    return app.is_web


def download_name(typed: str) -> str:
    """What a browser download is called: only the last part of what was typed (a browser
    chooses the folder), and never empty."""
    return Path(typed.strip()).name or "maia-tui-download.txt"


def file_name(*parts: str, suffix: str) -> str:
    """A file name from words that may come from a server (ids, names): only letters, digits,
    dots, dashes and underscores, so no part can climb out of the folder or hide an extension."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(parts)).strip(".-")[:120]
    return f"{stem or 'maia-tui'}{suffix}"


def send_to_browser(app: App[Any], text: str, filename: str, mime_type: str) -> None:
    """Hand `text` to the browser as a download called `filename` (nothing is written here)."""
    app.deliver_text(io.StringIO(text), save_filename=filename, mime_type=mime_type, name=DELIVERY)
    app.notify(f"Your browser is downloading {filename}.", title="Download", markup=False)


def take_away(app: App[Any], text: str, filename: str, mime_type: str, what: str) -> Path | None:
    """A download in a browser; in a terminal a file in the downloads folder (complete or not
    at all), and the notice says where. Returns the path written in a terminal."""
    if in_browser(app):
        send_to_browser(app, text, filename, mime_type)
        return None
    path = default_export_dir() / filename
    try:
        with atomic_text_file(path) as handle:
            handle.write(text)
    except OSError as error:
        app.notify(f"{what} not saved: {error.strerror or error}.", severity="error", markup=False)
        return None
    app.notify(f"{what} saved to {path}", title=what, markup=False)
    return path


def delivery_failed(app: App[Any], event: events.DeliveryFailed) -> None:
    """A download that broke off (the tab closed, the server stopped): say so."""
    if event.name == DELIVERY:
        reason = printable(str(event.exception), 200)
        app.notify(f"The download failed: {reason}", title="Download", severity="error", markup=False)
