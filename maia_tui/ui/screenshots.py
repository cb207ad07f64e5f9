"""Make the README's screenshots: `python -m maia_tui.ui.screenshots [--out screenshots]`.

Drives the demo (the built-in emulator) with `run_test()` and writes an SVG of each scene,
plus a PNG copy when cairosvg is installed. Frozen clock, fixed data seed, no blinking
cursor and no port on screen, so re-running without a UI change rewrites identical files.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import EmulatorConfig, running_emulator
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.launch import demo_login_defaults
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.screens.projects import ProjectsScreen

SIZE = (120, 36)
SEED = 7
PNG_FONT = "DejaVu Sans Mono"  # the SVG asks for Fira Code from the web; cairo cannot fetch it


async def _until(pilot: Pilot, predicate: Callable[[], object], what: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"screenshots: timed out waiting for {what}")
        await pilot.pause(0.01)


def _page_ready(app: MaiaApp) -> bool:
    screen = app.screen
    return isinstance(screen, ProjectsScreen) and screen.current is not None and screen.loading_key is None


async def capture(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    clock = FakeClock()
    # The account stands still at the app clock's instant, so every run of this script shows the same runs.
    with running_emulator(EmulatorConfig(seed=SEED, frozen_at=clock.now())) as emulator:
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
            environments = app.screen.query_one("#environments")
            await _until(pilot, lambda: environments.row_count > 0, "the environments")  # type: ignore[attr-defined]
            await shoot("project-detail")

            await pilot.press("escape", "question_mark")
            await shoot("help")

            await pilot.press("escape")
            emulator.faults.server_error_share = 1.0
            emulator.faults.token_endpoint_faults = True
            await pilot.press("ctrl+r", "r")
            panel = app.screen.query_one("#projects-error")
            await _until(pilot, lambda: panel.display, "the error panel")
            await _until(pilot, lambda: app.session.client.tokens.status().next_retry_in is not None, "a retry")  # type: ignore[union-attr]
            app.clear_notifications()  # toasts carry a real-time timeout; keep the shot about the inline error
            await shoot("error")
    return written


def to_png(svg: Path) -> Path | None:
    try:
        import cairosvg  # type: ignore[import-untyped]
    except ImportError:
        return None
    text = svg.read_text(encoding="utf-8").replace("Fira Code", PNG_FONT)
    png = svg.with_suffix(".png")
    cairosvg.svg2png(bytestring=text.encode("utf-8"), write_to=str(png))
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="directory to write to")
    parser.add_argument("--no-png", action="store_true", help="write SVGs only")
    args = parser.parse_args(argv)
    for svg in asyncio.run(capture(args.out)):
        png = None if args.no_png else to_png(svg)
        print(svg, png or "(no PNG: install cairosvg)" if not args.no_png else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
