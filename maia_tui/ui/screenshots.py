"""Make the README's screenshots: `python -m maia_tui.ui.screenshots [--out screenshots]`.

Drives the demo (the built-in emulator) with `run_test()` and writes an SVG of each scene,
plus a PNG copy when cairosvg is installed. Frozen clock, fixed data seed, no blinking
cursor and no port on screen, so re-running without a UI change rewrites identical files.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import Emulator, EmulatorConfig, Faults, running_emulator
from maia_tui.emulator.tokens import fixed_signing_key
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.launch import demo_login_defaults
from maia_tui.ui.screens.credential import CredentialScreen
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.views.row_table import RowTable

SIZE = (120, 36)
SMALL_SIZE = (80, 24)  # the classic default terminal
CREDENTIAL_SIZE = (120, 50)
BOARD_SIZE = (112, 14)
# Local time in the pictures: one hour ahead of UTC (a POSIX rule, no tz database needed), so
# the credential screen shows both and the files do not depend on the machine's zone.
PICTURE_TZ = "CET-1"
SCHEDULES_PROJECT_ROW = 7  # on page 1 of the seed-7 account: four schedules in three zones
RUNS_SIZE = (160, 36)
RUNS_AT = datetime(2026, 1, 15, 9, 58, 20, tzinfo=UTC)
SEED = 7
# The SVG asks for Fira Code. Cairo finds it through fontconfig when it is installed (Debian:
# fonts-firacode); its box-drawing glyphs fill the whole cell, so borders join. Other monospace
# fonts draw │ shorter than a line, which leaves gaps in every box.
PNG_FONT = "Fira Code"
FALLBACK_FONT = "DejaVu Sans Mono"
ISSUER = "http://emulator.localhost/realms/dpc"  # no port in the picture


async def _until(pilot: Pilot, predicate: Callable[[], object], what: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"screenshots: timed out waiting for {what}")
        await pilot.pause(0.01)


def _page_ready(app: MaiaApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, ProjectsScreen) and screen.listing.current is not None and screen.listing.loading_key is None
    )


async def capture(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    clock = FakeClock()
    # The account stands still at the app clock's instant, so every run of this script shows the same runs;
    # tokens are issued at that instant too, with a fixed key and issuer (key id and fingerprint show).
    account = EmulatorConfig(seed=SEED, frozen_at=clock.now(), wall_clock=clock.now().timestamp)
    with running_emulator(account) as emulator:
        emulator.state.tokens.key = fixed_signing_key()
        emulator.state.tokens.issuer = ISSUER
        app = MaiaApp(demo_login_defaults(emulator.api_base, emulator.token_url), clock=clock, cursor_blink=False)

        async def shoot(name: str) -> None:
            await pilot.pause()
            path = out / f"{name}.svg"
            path.write_text(app.export_screenshot(title="maia-tui"), encoding="utf-8")
            written.append(path)

        async with app.run_test(size=SIZE) as pilot:
            await shoot("login")

            await pilot.press("enter")
            await _until(pilot, lambda: _page_ready(app), "the first page")
            await pilot.press("n")
            await _until(pilot, lambda: _page_ready(app), "page 2")
            await pilot.press("down", "down", "down")
            await shoot("projects")

            await pilot.press("enter")
            await _until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
            environments = app.screen.query_one("#environments", RowTable)
            await _until(pilot, lambda: environments.row_count > 0, "the environments")
            await shoot("project-detail")

            await pilot.press("escape", "question_mark")
            await shoot("help")

            await pilot.press("escape")
            emulator.faults.server_error_share = 1.0
            emulator.faults.token_endpoint_faults = True
            await pilot.press("ctrl+r", "r")
            panel = app.screen.query_one("#projects-error")
            await _until(pilot, lambda: panel.display, "the error panel")
            tokens = app.require_session().client.tokens
            await _until(pilot, lambda: tokens.status().next_retry_in is not None, "a retry")
            app.clear_notifications()  # toasts carry a real-time timeout; keep the shot about the inline error
            await shoot("error")

        # A second session, clear of the faults above: schedules and credits.
        emulator.faults = Faults()
        app = MaiaApp(demo_login_defaults(emulator.api_base, emulator.token_url), clock=clock, cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            await _schedules_and_credits(pilot, app, shoot)

        # Writes on (a WRITES badge) only for this scene, so the other shots stay read-only.
        app = MaiaApp(
            demo_login_defaults(emulator.api_base, emulator.token_url, allow_writes=True),
            clock=FakeClock(),
            cursor_blink=False,
        )
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await _until(pilot, lambda: _page_ready(app), "the first page")
            await pilot.press("enter")
            await _until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
            await _run_dialog_scene(pilot, app)
            await shoot("run-dialog")
        written.append(await capture_credential(emulator, out))
        written.extend(await capture_fit(emulator, out))
    written.extend(await capture_runs(out))
    written.append(await capture_board(out))
    return written


async def capture_board(out: Path) -> Path:
    """The credential board of the demo: the admin signed in here, the read-only set refused
    audit events and credits, and the set whose stored secret is refused."""
    from maia_tui.ui.board import RowState
    from maia_tui.ui.demo import demo_emulator_config, demo_profiles
    from maia_tui.ui.screens.board import BoardScreen

    clock = FakeClock()
    config = demo_emulator_config(seed=SEED, frozen_at=clock.now(), wall_clock=clock.now().timestamp)
    with running_emulator(config) as emulator, demo_profiles(emulator.api_base, emulator.token_url) as book:
        emulator.state.tokens.key = fixed_signing_key()
        emulator.state.tokens.issuer = ISSUER
        app = MaiaApp(demo_login_defaults(emulator.api_base, emulator.token_url), clock=clock, cursor_blink=False)
        app.profiles = book
        async with app.run_test(size=BOARD_SIZE) as pilot:
            await pilot.press("enter")
            await _until(pilot, lambda: _page_ready(app), "the first page")
            await pilot.press("6")
            await _until(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
            screen = app.screen
            assert isinstance(screen, BoardScreen) and screen.listing is not None
            listing = screen.listing
            await _until(
                pilot,
                lambda: len(listing.items) == 3 and all(r.state is not RowState.CHECKING for r in listing.items),
                "every profile checked",
            )
            await pilot.press("down", "down")  # onto the read-only set: enter would switch to it
            app.clear_notifications()
            await pilot.pause(0.1)
            path = out / "board.svg"
            path.write_text(app.export_screenshot(title="maia-tui"), encoding="utf-8")
    return path


async def capture_runs(out: Path) -> list[Path]:
    """The Runs screen and an execution, wide enough for every column, at an instant a few
    minutes after a quarter hour (a mix of running, finished and failed runs)."""
    from maia_tui.ui.screens.execution import ExecutionScreen
    from maia_tui.ui.screens.runs import RunsScreen

    written: list[Path] = []
    clock = FakeClock(start=RUNS_AT)
    with running_emulator(EmulatorConfig(seed=SEED, frozen_at=RUNS_AT)) as emulator:
        app = MaiaApp(demo_login_defaults(emulator.api_base, emulator.token_url), clock=clock, cursor_blink=False)
        app.local_zone = UTC  # the same picture on every machine

        async with app.run_test(size=RUNS_SIZE) as pilot:
            await pilot.press("enter")
            await _until(pilot, lambda: _page_ready(app), "the first page")
            await pilot.press("2")
            await _until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs")
            listing = app.screen.panel.listing  # type: ignore[attr-defined]
            await _until(pilot, lambda: listing.status == "ready", "the first runs")
            names = app.session.caches["project_names"]  # type: ignore[union-attr]
            await _until(pilot, lambda: names.complete, "the project names")
            await pilot.press("down", "down")
            await pilot.pause(0.1)
            for name in ("runs",):
                path = out / f"{name}.svg"
                path.write_text(app.export_screenshot(title="maia-tui"), encoding="utf-8")
                written.append(path)
            await pilot.press("f")
            await _until(pilot, lambda: listing.status == "ready" and listing.items[0].status == "FAILED", "failed")
            await pilot.press("enter")
            await _until(pilot, lambda: isinstance(app.screen, ExecutionScreen) and bool(app.screen.steps), "steps")
            await pilot.pause(0.1)
            path = out / "execution.svg"
            path.write_text(app.export_screenshot(title="maia-tui"), encoding="utf-8")
            written.append(path)
    return written


async def capture_fit(emulator: Emulator, out: Path) -> list[Path]:
    """The classic 80x24 terminal (the login card folded to a line a field, the projects with
    their ids whole) and the projects in Textual's light theme."""
    written: list[Path] = []
    for name, size, theme in (
        ("login-80x24", SMALL_SIZE, None),
        ("projects-80x24", SMALL_SIZE, None),
        ("projects-light", SIZE, "textual-light"),
    ):
        app = MaiaApp(demo_login_defaults(emulator.api_base, emulator.token_url), clock=FakeClock(), cursor_blink=False)
        async with app.run_test(size=size) as pilot:
            if theme:
                app.theme = theme
            if name.startswith("projects"):
                await pilot.press("enter")
                await _until(pilot, lambda: _page_ready(app), "the first page")  # noqa: B023 (awaited here)
                await pilot.press("down", "down")
            await pilot.pause()
            path = out / f"{name}.svg"
            path.write_text(app.export_screenshot(title="maia-tui"), encoding="utf-8")
            written.append(path)
    return written


async def _schedules_and_credits(pilot: Pilot[int], app: MaiaApp, shoot: Callable[[str], Awaitable[None]]) -> None:
    """A project's schedules tab (a schedule explained) and the credits section, in London time."""
    from zoneinfo import ZoneInfo

    from maia_tui.ui.screens.credits import CreditsScreen
    from maia_tui.ui.widgets.credits_chart import CreditsChart
    from maia_tui.ui.widgets.schedules_panel import SchedulesPanel

    app.local_zone = ZoneInfo("Europe/London")
    await pilot.press("enter")
    await _until(pilot, lambda: _page_ready(app), "the first page")
    await pilot.press(*["down"] * SCHEDULES_PROJECT_ROW, "enter")
    await _until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
    app.screen.query_one("#detail-tabs").active = "tab-schedules"  # type: ignore[attr-defined]
    await _until(pilot, lambda: app.screen.query(SchedulesPanel), "the schedules tab")
    panel = app.screen.query_one(SchedulesPanel)
    await _until(pilot, lambda: app.focused is panel.listing.table, "the schedules taking the keys")
    await pilot.press("down")  # a weekly schedule in Asia/Kolkata: its fire times there and here differ
    await _until(
        pilot,
        lambda: panel.listing.table.cursor_row == 1 and panel.selected.schedule_id in panel.last_runs,  # type: ignore[union-attr]
        "the schedule's last run",
    )
    await pilot.wait_for_scheduled_animations()  # the tab underline slides in real time
    await shoot("schedules")

    await pilot.press("5")
    await _until(pilot, lambda: isinstance(app.screen, CreditsScreen), "credits")
    chart = app.screen.query_one(CreditsChart)
    await _until(pilot, lambda: chart.days and app.focused is not None, "the credits chart")
    await shoot("credits")


async def _run_dialog_scene(pilot: Pilot[int], app: MaiaApp) -> None:
    """The run dialog for a pipeline of the first folder, with two variables typed in."""
    from textual.widgets import Input, TabbedContent

    from maia_tui.ui.screens.run_dialog import RunDialog
    from maia_tui.ui.widgets.pipelines_panel import PipelinesPanel

    app.screen.query_one(TabbedContent).active = "tab-pipelines"
    await _until(pilot, lambda: app.screen.query(PipelinesPanel), "the pipelines tab")
    panel = app.screen.query_one(PipelinesPanel)
    await _until(
        pilot, lambda: panel.pipeline_tree.root.children and not panel.pipeline_tree.loading, "the pipeline tree"
    )
    panel.pipeline_tree.focus()
    await pilot.press("down", "space", "down", "down")  # into the first folder, onto its second pipeline
    await pilot.press("x")
    await _until(pilot, lambda: isinstance(app.screen, RunDialog), "the run dialog")
    dialog = app.screen
    assert isinstance(dialog, RunDialog)
    dialog.tag = "maia-tui-7f3a9c2e41d8"  # generated tags are random; the picture must not be
    dialog.query_one("#run-tag", Input).value = dialog.tag
    for key, value in (("LOAD_DATE", "2026-01-15"), ("REGION", "emea")):
        await pilot.press("f2")
        row_inputs = list(dialog.query("VariableRow").last().query(Input))
        row_inputs[0].value, row_inputs[1].value = key, value
    loading = [w for w in app.workers if w.node is dialog and w.group == "run-choices"]
    await _until(pilot, lambda: all(w.is_finished for w in loading), "the environments and agents")
    dialog.query_one("#run-tag", Input).focus()


async def capture_credential(emulator: Emulator, out: Path) -> Path:
    """The credential screen after a probe, taller so the permissions fit, with audit events
    and credits denied to show what a refusal looks like."""
    emulator.faults = Faults()  # the error scene left them on
    app = MaiaApp(demo_login_defaults(emulator.api_base, emulator.token_url), clock=FakeClock(), cursor_blink=False)
    async with app.run_test(size=CREDENTIAL_SIZE) as pilot:
        await pilot.press("enter")
        await _until(pilot, lambda: _page_ready(app), "the first page")
        await pilot.press("t")
        await _until(pilot, lambda: isinstance(app.screen, CredentialScreen), "the credential screen")
        screen = app.screen
        assert isinstance(screen, CredentialScreen)
        emulator.deny = {"events", "consumption"}
        try:
            await pilot.press("p")
            await _until(pilot, lambda: screen.probe_report is not None and not screen.probing, "the probe")
        finally:
            emulator.deny = set()
        await pilot.pause()
        path = out / "credential.svg"
        path.write_text(app.export_screenshot(title="maia-tui"), encoding="utf-8")
    return path


def _font_installed(family: str) -> bool:
    """Whether fontconfig resolves `family` to itself rather than a substitute."""
    import shutil
    import subprocess

    if shutil.which("fc-match") is None:
        return False
    found = subprocess.run(["fc-match", "--format=%{family}", family], capture_output=True, text=True, check=False)
    return family in found.stdout


def _has_glyph(family: str, char: str) -> bool:
    import subprocess

    found = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=False
    )
    return family in found.stdout


def _fallback_for_missing_glyphs(svg_text: str) -> str:
    """Cairo draws a text run in one font, with no per-glyph fallback: a run holding a glyph
    Fira Code lacks (✔ ✖ …) would show boxes, so such runs are drawn in the fallback font."""
    import re

    missing = {c for c in set(svg_text) if ord(c) > 0x7F and not _has_glyph(PNG_FONT, c)}
    if not missing:
        return svg_text

    def run(match: re.Match[str]) -> str:
        if any(c in missing for c in match.group(2)):
            return f'{match.group(1)} style="font-family: {FALLBACK_FONT}">{match.group(2)}</text>'
        return match.group(0)

    return re.sub(r"(<text [^>]*)>([^<]*)</text>", run, svg_text)


def to_png(svg: Path) -> Path | None:
    try:
        import cairosvg  # type: ignore[import-untyped]
    except ImportError:
        return None
    text = svg.read_text(encoding="utf-8")
    if not _font_installed(PNG_FONT):
        print(
            f"screenshots: {PNG_FONT} is not installed (Debian: fonts-firacode); box corners in the PNGs "
            f"will have gaps with {FALLBACK_FONT}",
            file=sys.stderr,
        )
        text = text.replace(PNG_FONT, FALLBACK_FONT)
    else:
        text = _fallback_for_missing_glyphs(text)
    png = svg.with_suffix(".png")
    cairosvg.svg2png(bytestring=text.encode("utf-8"), write_to=str(png))
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="directory to write to")
    parser.add_argument("--no-png", action="store_true", help="write SVGs only")
    args = parser.parse_args(argv)
    os.environ["TZ"] = PICTURE_TZ
    time.tzset()
    for svg in asyncio.run(capture(args.out)):
        png = None if args.no_png else to_png(svg)
        print(svg, png or "(no PNG: install cairosvg)" if not args.no_png else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
