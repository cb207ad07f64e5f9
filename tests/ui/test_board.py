"""The credential board (section 6) over loopback: an emulator serving three `--client` sets (an
admin, a read-only set refused audit events and credits, and one whose stored secret is refused),
three saved profiles signed in with the admin's. The rows and their states; `enter` switching in
place (the old session ended cleanly, the new one fresh, the status bar naming it) and a failed
switch keeping the old session; the palette's "Switch profile"; no slice of a secret or token on
the board, in its JSON, in the config file or in a crash report."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

import pytest

from maia_tui.api.auth import TokenState
from maia_tui.api.clock import FakeClock
from maia_tui.api.models import Token
from maia_tui.api.secret import Secret
from maia_tui.credentials.config import Profile
from maia_tui.credentials.profiles import remember_profile
from maia_tui.credentials.store import SecretStore
from maia_tui.emulator import Emulator, EmulatorConfig
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.board import RowState
from maia_tui.ui.launch import build_app
from maia_tui.ui.screens.audit import AuditScreen
from maia_tui.ui.screens.board import BoardScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.views.json_view import JsonScreen
from tests.support import (
    SIZE,
    MemoryKeyring,
    assert_no_secret,
    bar_text,
    notifications,
    page_shown,
    rendered_text,
    settle,
    unlimited_console,
    wait_until,
)
from tests.support.board_clients import (
    ADMIN_ID,
    ADMIN_SECRET,
    READONLY_ID,
    READONLY_SECRET,
    ROTATED_ID,
    SECRETS,
    STALE_SECRET,
    three_clients,
)


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    return three_clients("--frozen-at", "2026-01-15T09:30:00Z")


@pytest.fixture
def saved(emulator: Emulator, config_file: Path, memory_keyring: MemoryKeyring) -> Path:
    """The three profiles, saved as `maia-tui profiles add` or Remember save them."""
    store = SecretStore()
    where = {"api_url": emulator.api_base, "token_url": emulator.token_url}
    for name, client_id, secret in (
        ("admin", ADMIN_ID, ADMIN_SECRET),
        ("readonly", READONLY_ID, READONLY_SECRET),
        ("ci-old", ROTATED_ID, STALE_SECRET),
    ):
        remember_profile(Profile(name=name, client_id=client_id, **where), Secret(secret), store, make_last=False)
    return config_file


def board_app(config_file: Path, clock: FakeClock, **options: object) -> MaiaApp:
    """The app as `MAIA_PROFILE=admin maia-tui` starts it: it signs in with the admin profile."""
    args = argparse.Namespace(demo=False, region=None, api_url=None, token_url=None, ca_bundle=None, profile=None)
    environ = {"MAIA_TUI_CONFIG": str(config_file), "MAIA_PROFILE": "admin"}
    return build_app(args, environ, clock=clock, cursor_blink=False, **options)


async def signed_in(pilot) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: page_shown(pilot.app), "signed in with the admin profile")


async def open_board(pilot) -> BoardScreen:  # type: ignore[no-untyped-def]
    await pilot.press("6")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, BoardScreen), "the board")
    screen = pilot.app.screen
    await wait_until(pilot, lambda: checked(screen), "every row checked")
    return screen


def checked(screen: BoardScreen) -> bool:
    listing = screen.listing
    return (
        listing is not None
        and listing.status == "ready"
        and all(row.state is not RowState.CHECKING for row in listing.items)
        and not any(w.group == "board-checks" and not w.is_finished for w in screen.workers)
    )


def states(screen: BoardScreen) -> dict[str, RowState]:
    assert screen.listing is not None
    return {row.name: row.state for row in screen.listing.items}


def lines(screen: BoardScreen) -> dict[str, str]:
    assert screen.listing is not None
    text = rendered_text(screen.listing.table)
    return {line.split()[0]: line for line in text.splitlines() if line.strip()}


async def test_three_rows_with_their_states(saved: Path, clock: FakeClock) -> None:
    app = board_app(saved, clock)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        board = await open_board(pilot)
        assert states(board) == {
            "admin": RowState.SIGNED_IN,
            "ci-old": RowState.REFUSED,
            "readonly": RowState.VALID,
        }
        shown = lines(board)
        assert list(shown)[0] == "Profile"  # the header, then one line per profile
        assert "● signed in here" in shown["admin"] and "30:00" in shown["admin"]  # its time left
        assert ADMIN_ID in shown["admin"] and "127.0.0.1:" in shown["admin"]
        assert shown["admin"].rstrip().endswith("✓ ✓ ✓ ✓ ✓ ✓")
        assert "✓ valid" in shown["readonly"] and shown["readonly"].rstrip().endswith("✓ ✓ ✓ ✓ ✖ ✖")  # L and C refused
        assert "✖ refused" in shown["ci-old"]
        assert "P E R A L C" in shown["Profile"]
        clock.advance(90)
        await pilot.pause(1.2)  # the time-left column ticks on the app's clock (its 1 s repaint is real)
        assert "28:30" in lines(board)["admin"]
        old = next(row for row in board.listing.items if row.name == "ci-old")
        assert old.reason is not None and "refused the credentials" in old.reason


async def test_a_profile_without_a_stored_secret_says_so_and_r_reads_the_file_again(
    saved: Path, clock: FakeClock, emulator: Emulator
) -> None:
    app = board_app(saved, clock)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        board = await open_board(pilot)
        where = {"api_url": emulator.api_base, "token_url": emulator.token_url}
        remember_profile(Profile(name="typed", client_id=READONLY_ID, **where), None, SecretStore(), make_last=False)
        await pilot.press("r")
        await wait_until(pilot, lambda: checked(board) and len(board.listing.items) == 4, "the new profile")
        assert states(board)["typed"] is RowState.NO_SECRET
        assert "· no secret" in lines(board)["typed"]
        typed = next(row for row in board.listing.items if row.name == "typed")
        assert "no stored secret" in (typed.reason or "")


async def test_enter_switches_in_place_and_the_audit_log_then_needs_the_permission(
    saved: Path, clock: FakeClock, emulator: Emulator
) -> None:
    app = board_app(saved, clock)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        old_session = app.session
        assert old_session is not None
        old_client, old_projects = old_session.client, app.screen
        old_session.caches.run_filters["marker"] = object()  # type: ignore[assignment]
        await open_board(pilot)
        await pilot.press("down", "down", "enter")  # admin, ci-old, readonly
        await wait_until(pilot, lambda: app.session is not old_session and page_shown(app), "the switch")

        session = app.session
        assert session is not None and session.client_id == READONLY_ID
        assert f"client {READONLY_ID}" in bar_text(app)  # the status bar names the new client
        assert isinstance(app.screen, ProjectsScreen) and app.screen is not old_projects  # sections start fresh
        assert app.current_mode == "projects" and app.screen_stack == [app.screen]
        assert not old_projects.is_attached  # the old session's section screens are gone
        assert old_session.caches.empty  # the old session's caches are cleared
        assert old_client.tokens.token is None  # its token dropped
        assert old_client.tokens.status().state is TokenState.SIGNED_OUT
        assert any("Signed in with profile 'readonly'" in n.message for n in notifications(app))
        assert not session.writes.allowed

        refreshes = old_client.tokens.status().refreshes
        clock.advance(29 * 60)  # past the refresh point of both tokens
        await wait_until(pilot, lambda: session.client.tokens.status().refreshes == 2, "the new session refreshing")
        await settle()
        assert old_client.tokens.status().refreshes == refreshes  # the old refresh loop is stopped

        await pilot.press("4")
        await wait_until(pilot, lambda: isinstance(app.screen, AuditScreen), "the audit log")
        panel = app.screen.query_one("#events-error")
        await wait_until(pilot, lambda: panel.display, "the audit log's refusal")
        shown = rendered_text(panel)
        assert "HTTP 403" in shown and '"View Audit Events" permission' in shown


async def test_a_failed_switch_keeps_the_old_session_and_says_why(saved: Path, clock: FakeClock) -> None:
    app = board_app(saved, clock)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        session = app.session
        assert session is not None
        board = await open_board(pilot)
        await pilot.press("down", "enter")  # ci-old: its stored secret is refused
        await wait_until(
            pilot,
            lambda: any("Not switched to profile 'ci-old'" in n.message for n in notifications(app)),
            "the refusal",
        )
        note = next(n for n in notifications(app) if "Not switched" in n.message)
        assert note.severity == "error" and f"Still signed in as client {ADMIN_ID}" in note.message
        assert "refused the credentials" in note.message
        assert app.session is session and session.client.tokens.status().state is TokenState.VALID
        assert app.screen is board and f"client {ADMIN_ID}" in bar_text(app)


async def test_the_palette_offers_switch_profile_from_anywhere(saved: Path, clock: FakeClock) -> None:
    app = board_app(saved, clock)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        offered = {command.title: command for command in app.get_system_commands(app.screen)}
        assert {"Switch profile: readonly", "Switch profile: ci-old"} <= set(offered)
        assert "Switch profile: admin" not in offered  # the one signed in here
        await pilot.press("3")  # another section: still offered
        assert "Switch profile: readonly" in {c.title for c in app.get_system_commands(app.screen)}
        offered["Switch profile: readonly"].callback()
        await wait_until(pilot, lambda: app.session is not None and app.session.client_id == READONLY_ID, "switched")
        await wait_until(pilot, lambda: page_shown(app), "the projects of the new session")


async def test_no_secret_or_token_on_the_board_its_json_or_the_config_file(
    saved: Path, clock: FakeClock, tokens: list[Token]
) -> None:
    app = board_app(saved, clock)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        board = await open_board(pilot)
        shots = [app.export_screenshot()]
        for row in range(3):
            board.listing.table.move_cursor(row=row)
            await pilot.press("v")
            await wait_until(pilot, lambda: isinstance(app.screen, JsonScreen), "the row's JSON")
            shots.append(app.export_screenshot())
            await pilot.press("escape")
        exported = [item async for item in board.listing.every_item()]  # what `e` writes
        assert [item["profile"] for item in exported] == ["admin", "ci-old", "readonly"]
        assert [item["state"] for item in exported] == ["signed_in", "refused", "valid"]  # no new round
        notes = [f"{n.title} {n.message}" for n in notifications(app)]
    assert len(tokens) == 2  # the admin's session and the readonly check
    leaks = (*SECRETS, *(token.access_token.reveal() for token in tokens))
    for text in (*shots, repr(exported), *notes, saved.read_text()):
        assert_no_secret(text, *leaks, what="the board")


class Exploding:
    """The real transport, except that the readonly client's token request raises inside it, as
    a bug would: the check that holds its secret crashes the app."""

    def __init__(self) -> None:
        import httpx

        self._upstream = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request):  # type: ignore[no-untyped-def]
        if request.url.path.endswith("/token") and READONLY_ID.encode() in await request.aread():
            raise RuntimeError("transport exploded on the readonly token request")
        return await self._upstream.handle_async_request(request)

    async def aclose(self) -> None:
        await self._upstream.aclose()


async def test_a_crash_in_a_check_prints_no_secret(saved: Path, clock: FakeClock, monkeypatch, tokens) -> None:  # type: ignore[no-untyped-def]
    import httpx

    transport = type("ExplodingTransport", (Exploding, httpx.AsyncBaseTransport), {})()
    app = board_app(saved, clock, client_options={"transport": transport})
    app.error_console, printed = unlimited_console()

    def reraise(self, worker, error):  # type: ignore[no-untyped-def]
        raise error

    monkeypatch.setattr(BoardScreen, "worker_failed", reraise)
    with pytest.raises(RuntimeError, match="transport exploded on the readonly token request"):
        async with app.run_test(size=SIZE) as pilot:
            await signed_in(pilot)
            await pilot.press("6")
            await wait_until(pilot, lambda: app.return_code is not None, "the crash")
    text = printed.getvalue()
    assert "Traceback" in text and "check_all" in text and "─ locals ─" in text
    assert "client_secret=Secret(sha256:" in text  # the login settings were on the stack, masked
    assert_no_secret(text, *SECRETS, *(token.access_token.reveal() for token in tokens), what="the crash report")


async def test_the_keyring_is_read_off_the_ui_thread(
    saved: Path, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    app = board_app(saved, clock)
    release, entered = threading.Event(), threading.Event()
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        original = memory_keyring.get_password

        def hanging(service: str, username: str) -> str | None:
            entered.set()
            release.wait(10)
            return original(service, username)

        memory_keyring.get_password = hanging  # type: ignore[method-assign]
        try:
            await pilot.press("6")
            await wait_until(pilot, entered.is_set, "the board asking the keyring")
            await pilot.press("1")  # the app still answers keys while the keyring hangs
            await wait_until(pilot, lambda: isinstance(app.screen, ProjectsScreen), "back on the projects")
        finally:
            release.set()
            memory_keyring.get_password = original  # type: ignore[method-assign]
        await pilot.press("6")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen) and checked(app.screen), "the board")
        assert states(app.screen)["readonly"] is RowState.VALID


async def test_enter_in_the_filter_keeps_the_filter_then_switches(saved: Path, clock: FakeClock) -> None:
    app = board_app(saved, clock)
    async with app.run_test(size=SIZE) as pilot:
        await signed_in(pilot)
        board = await open_board(pilot)
        session = app.session
        await pilot.press("slash", *"read", "enter")  # `/` filters the rows; enter keeps the filter
        assert app.session is session and [row.name for row in board.listing.table.shown] == ["readonly"]
        assert "⏎ Switch" in rendered_text(board.query_one("KeyBar"))
        await pilot.press("enter")  # now on the table: the one row shown
        await wait_until(pilot, lambda: app.session is not session and page_shown(app), "the switch")
        assert app.session is not None and app.session.client_id == READONLY_ID


async def test_the_demo_board_shows_its_three_sets(clock: FakeClock) -> None:
    from maia_tui.ui.launch import running_demo

    with running_demo() as (defaults, book):
        app = MaiaApp(defaults, clock=clock, cursor_blink=False)
        app.profiles = book  # as run_app does for --demo
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await signed_in(pilot)
            board = await open_board(pilot)
            assert states(board) == {
                "admin": RowState.SIGNED_IN,
                "ci-rotated": RowState.REFUSED,
                "readonly": RowState.VALID,
            }
            assert "demo emulator" in lines(board)["readonly"]
            assert lines(board)["readonly"].rstrip().endswith("✓ ✓ ✓ ✓ ✖ ✖")
