"""The guarded crash report (maia_tui/ui/crash_report.py): the one override of a private Textual
method. These tests fail loudly when Textual changes under it, and prove both of its behaviours:
on the known Textual, our frames keep their locals and library frames lose theirs; on any other
version, no frame shows locals at all.

The fingerprint test reads Textual's private methods' source on purpose: there is no public way
to know that the body `CrashSafeApp._fatal_error` copies is still the one Textual runs."""

from __future__ import annotations

import hashlib
import inspect
import io
import textwrap

import httpx
import pytest
import textual
from rich.console import Console
from textual.app import App
from textual.widgets import Static

from maia_tui.ui import crash_report
from maia_tui.ui.crash_report import CrashSafeApp, textual_is_known

# sha256 (first 16 hex digits) of the dedented source of the Textual methods the copy relies on,
# as read in Textual 8.2.8. On a mismatch: re-read App._handle_exception and App._fatal_error in
# the new Textual, update CrashSafeApp._fatal_error (and KNOWN_TEXTUAL), then these digests.
FINGERPRINTS = {
    "_fatal_error": "bf3dcc000252fdfd",
    "_handle_exception": "ee684ee67163e360",
}
OUR_LOCAL = "our-frame-local-7f3a"  # in our frame's locals only
LIBRARY_LOCAL = "http://maia.invalid/crash-report-url"  # in httpx's frames' locals (url, request)


def fingerprint(name: str) -> str:
    source = textwrap.dedent(inspect.getsource(getattr(App, name)))
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def test_the_installed_textual_is_the_series_the_crash_report_copies() -> None:
    assert textual_is_known(), (
        f"Textual {textual.__version__} is not {crash_report.KNOWN_TEXTUAL}.x: crashes now print no locals at "
        "all (the safe fallback). Re-read App._fatal_error and update maia_tui/ui/crash_report.py."
    )


@pytest.mark.parametrize("name", sorted(FINGERPRINTS))
def test_textuals_crash_handling_is_the_code_the_copy_was_read_from(name: str) -> None:
    assert fingerprint(name) == FINGERPRINTS[name], (
        f"Textual {textual.__version__} changed App.{name}: the crash report's copy of App._fatal_error "
        "may no longer be what Textual runs. Re-read it and update maia_tui/ui/crash_report.py and FINGERPRINTS."
    )


def test_textual_still_routes_an_unhandled_exception_through_fatal_error() -> None:
    assert "self._fatal_error()" in inspect.getsource(App._handle_exception)


@pytest.mark.parametrize(
    ("version", "known"),
    [("8.2.0", True), ("8.2.8", True), ("8.2.13", True), ("8.3.0", False), ("9.2.1", False), ("18.2.0", False)],
)
def test_only_the_copied_series_counts_as_known(version: str, known: bool) -> None:
    assert textual_is_known(version) is known


def explode(request: httpx.Request) -> httpx.Response:
    length = len(request.url.path)
    del request  # this frame is ours and shows its locals: only httpx's frames may hold the URL
    raise RuntimeError(f"crash for the report test ({length})")


class Crashing(CrashSafeApp[None]):
    """Crashes on mount inside httpx (a library frame), called from our own frame; each holds a
    recognisable local. httpx's in-process MockTransport: nothing leaves the process."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("about to crash")

    def on_mount(self) -> None:
        marker = OUR_LOCAL
        with httpx.Client(transport=httpx.MockTransport(explode)) as client:
            client.get(LIBRARY_LOCAL + marker[:0])


async def crash_report_text() -> str:
    app = Crashing()
    printed = io.StringIO()
    app.error_console = Console(file=printed, width=200, color_system=None, force_terminal=False)
    with pytest.raises(RuntimeError, match="crash for the report test"):
        async with app.run_test() as pilot:
            await pilot.pause()
    assert app.return_code == 1
    return printed.getvalue()


async def test_on_the_known_textual_our_frames_keep_locals_and_library_frames_lose_them() -> None:
    text = await crash_report_text()
    assert "crash for the report test (17)" in text and "on_mount" in text
    assert "─ locals ─" in text and OUR_LOCAL in text  # our own frame's locals are shown
    assert "httpx" in text and "_client.py" in text  # httpx's frames are listed...
    assert "crash-report-url" not in text  # ...without their locals


async def test_on_an_unknown_textual_no_frame_shows_locals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crash_report, "KNOWN_TEXTUAL", "0.1")
    text = await crash_report_text()
    assert "crash for the report test (17)" in text and "on_mount" in text and "_client.py" in text
    assert (
        OUR_LOCAL not in text and "crash-report-url" not in text and "─ locals ─" not in text
    )  # no locals panel at all
