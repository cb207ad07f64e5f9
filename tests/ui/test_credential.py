"""The credential screen (`t`): its fields against the emulator's own token, the ticking time
left, the refresh history, opaque and malformed tokens, the probe, and no token or secret on
screen or in the copied summary."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import jwt
import pytest

from maia_tui.api.auth import Backoff
from maia_tui.api.clock import FakeClock
from maia_tui.api.secret import Secret
from maia_tui.emulator import Emulator, Faults
from maia_tui.ui.app import MaiaApp
from maia_tui.ui.screens.credential import CredentialScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from tests.support import (
    SIZE,
    HeldRequests,
    assert_no_secret,
    demo_defaults,
    log_in,
    notifications,
    rendered_text,
    wait_until,
)

START = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)  # FakeClock's default start
CLIENT_ID = "ops-reader-7f3a"
SECRET = "Kq7vX2pLm9Wz4RtYb8Nc"  # no 6-character slice of it is an English word or a label


pytestmark = [
    pytest.mark.usefixtures("central_european_time"),  # see tests/support/clocks.py
    pytest.mark.emulator_config(clients={CLIENT_ID: SECRET}, wall_clock=lambda: START.timestamp()),
]


async def _no_sleep(seconds: float) -> None:
    return None


@pytest.fixture
def held() -> HeldRequests:
    """The app's transport: holds nothing until a test says which requests to keep in flight."""
    return HeldRequests()


@pytest.fixture
def app(emulator: Emulator, clock: FakeClock, held: HeldRequests) -> MaiaApp:
    defaults = demo_defaults(emulator, client_id=CLIENT_ID, secret=Secret(SECRET), demo=False, region="custom")
    options = {
        "retry_sleep": _no_sleep,
        "backoff": Backoff(base=60.0, cap=60.0, rng=lambda: 0.5),
        "transport": held,
    }
    return MaiaApp(defaults, clock=clock, cursor_blink=False, client_options=options)


def screen_text(app: MaiaApp) -> str:
    screen = app.screen
    assert isinstance(screen, CredentialScreen)
    return "\n".join(rendered_text(widget) for widget in screen.query("Static"))


def token_of(app: MaiaApp) -> str:
    session = app.require_session()
    token = session.client.tokens.token
    assert token is not None
    return token.access_token.reveal()


async def open_credential(pilot) -> CredentialScreen:  # type: ignore[no-untyped-def]
    await log_in(pilot)
    await pilot.press("t")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CredentialScreen), "the credential screen")
    await wait_until(pilot, lambda: "Time left" in screen_text(pilot.app), "the credential screen painted")
    return pilot.app.screen  # type: ignore[no-any-return]


async def test_fields_match_the_token_the_emulator_issued(app: MaiaApp, emulator: Emulator) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_credential(pilot)
        raw = token_of(app)
        # Read independently, verified with the emulator's own key.
        claims = jwt.decode(
            raw,
            emulator.state.tokens.signing_key.public_key,
            algorithms=["RS256"],
            audience="https://api.matillion.com",
            options={"verify_exp": False},
        )
        header = jwt.get_unverified_header(raw)
        text = screen_text(app)
        assert claims["iat"] == START.timestamp()
        assert claims["azp"] == CLIENT_ID
        for expected in (
            f"Client id  {CLIENT_ID}",
            "Region  custom URL",
            f"API host  127.0.0.1:{emulator.port}",
            f"Token host  127.0.0.1:{emulator.port}",
            "Issued at  2026-01-15 10:30:00 CET (09:30:00 UTC)",
            "Expires at  2026-01-15 11:00:00 CET (10:00:00 UTC)",
            "Lifetime  30:00 (expires_in 1800 s)",
            "Time left  30:00",
            "Scope  pipeline-execution",
            "Audience  https://api.matillion.com",
            f"Issuer  http://127.0.0.1:{emulator.port}/realms/dpc",
            f"Client (azp)  {CLIENT_ID}",
            f"Key id  {header['kid']}",
            "Fingerprint  sha256:" + hashlib.sha256(raw.encode()).hexdigest()[:8],
        ):
            assert expected in text, f"{expected!r} not on the credential screen:\n{text}"
        assert claims["iss"] == f"http://127.0.0.1:{emulator.port}/realms/dpc"
        assert "RS256" in text
        assert_no_secret(text, raw, SECRET, what="the credential screen")
        assert_no_secret(screen.text(), raw, SECRET, what="the summary")


async def test_time_left_ticks_with_the_clock(app: MaiaApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_credential(pilot)
        assert "Time left  30:00" in screen_text(app)
        clock.advance(75)
        # The screen repaints once a second by itself.
        await wait_until(pilot, lambda: "Time left  28:45" in screen_text(app), "28:45 left")
        clock.advance(60)
        await wait_until(pilot, lambda: "Time left  27:45" in screen_text(app), "27:45 left")


def history_rows(app: MaiaApp) -> list[str]:
    text = rendered_text(app.screen.query_one("#credential-history"))
    return [line.strip() for line in text.splitlines() if line.strip()[:1].isdigit()]


async def test_refresh_history_after_two_refreshes_and_a_failure(
    app: MaiaApp, emulator: Emulator, clock: FakeClock, held: HeldRequests
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_credential(pilot)
        tokens = app.require_session().client.tokens
        assert len(history_rows(app)) == 1  # the login's exchange
        # The second exchange takes 1.25 s on the app's clock: moved while the request is held.
        held.hold(lambda request: request.url.path.endswith("/token"))
        clock.advance(120)  # 09:32:00
        await pilot.press("r")
        await wait_until(pilot, lambda: tokens.status().state.value == "refreshing", "the refresh to start")
        await wait_until(pilot, lambda: held.held == 1, "the token request in flight")
        clock.advance(1.25)
        held.release()
        await wait_until(pilot, lambda: len(tokens.history()) == 2, "the first refresh")
        clock.advance(60)
        await pilot.press("r")
        await wait_until(pilot, lambda: len(tokens.history()) == 3, "the second refresh")
        emulator.faults = Faults(server_error_share=1.0, token_endpoint_faults=True)
        clock.advance(60)
        await pilot.press("r")
        await wait_until(pilot, lambda: len(tokens.history()) == 4, "the failed refresh")
        await wait_until(pilot, lambda: len(history_rows(app)) == 4, "four rows")
        rows = history_rows(app)
        assert rows[0].split()[:4] == ["1", "10:30:00", "0", "ms"]
        assert rows[1].split()[:5] == ["2", "10:32:00", "1250", "ms", "ok"]
        assert rows[2].split()[:5] == ["3", "10:33:01", "0", "ms", "ok"]
        assert rows[3].split()[:5] == ["4", "10:34:01", "0", "ms", "failed:"]
        failure = " ".join(rendered_text(app.screen.query_one("#credential-history")).split())
        assert "HTTP 503" in failure
        assert "The identity service is temporarily unavailable" in failure
        summary = app.screen.text()  # type: ignore[attr-defined]
        assert "  4. 10:34:01     0 ms  failed: " in summary
        assert_no_secret(summary, SECRET, token_of(app), what="the summary")


@pytest.mark.parametrize(
    ("style", "kind_line"),
    [
        ("opaque", "Kind  opaque token: no claims to show"),
        ("malformed", "Kind  malformed JWT: its payload is not a JSON object; no claims to show"),
    ],
)
async def test_opaque_and_malformed_tokens_show_what_can_be_known(
    app: MaiaApp, emulator: Emulator, style: str, kind_line: str
) -> None:
    emulator.state.tokens.style = style
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_credential(pilot)
        raw = token_of(app)
        text = screen_text(app)
        assert kind_line in text
        # Times as the app received them (its clock starts at 09:30 UTC), lifetime from expires_in.
        assert "Issued at  2026-01-15 10:30:00 CET (09:30:00 UTC) (received; by this app's clock)" in text
        assert "Time left  30:00" in text
        assert "Scope  pipeline-execution" in text  # from the token endpoint's answer
        assert "Issuer" not in text and "Audience" not in text
        assert ("Key id  " + emulator.state.tokens.signing_key.kid in text) == (style == "malformed")
        assert_no_secret(text, raw, SECRET, what="the credential screen")
        assert_no_secret(screen.text(), raw, SECRET, what="the summary")
        await pilot.press("y")
        assert kind_line.replace("Kind  ", "") in app.clipboard


async def test_copied_summary_and_notifications_hold_no_token_or_secret(app: MaiaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_credential(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: len(app.require_session().client.tokens.history()) == 2, "a refresh")
        await pilot.press("p")
        await wait_until(pilot, lambda: app.screen.probe_report is not None, "the probe")  # type: ignore[attr-defined]
        await pilot.press("y")
        copied = app.clipboard
        assert copied.startswith("maia-tui credential summary")
        assert f"Client id     {CLIENT_ID}" in copied
        assert "Permissions (probed" in copied
        notes = " ".join(f"{n.title} {n.message}" for n in notifications(app))
        for text, where in (
            (copied, "the copied summary"),
            (screen_text(app), "the screen"),
            (notes, "a notification"),
        ):
            assert_no_secret(text, token_of(app), SECRET, what=where)


async def test_t_from_the_projects_and_back_and_the_palette(app: MaiaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_credential(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectsScreen), "back to the projects")
        await pilot.press("enter")  # a project's detail
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ProjectDetailScreen", "the project")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, CredentialScreen), "credential from a project")
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ProjectDetailScreen", "back to the project")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Credential" in commands
        next(c for c in app.get_system_commands(app.screen) if c.title == "Credential").callback()
        await wait_until(pilot, lambda: isinstance(app.screen, CredentialScreen), "credential from the palette")
        await wait_until(pilot, lambda: "Time left" in screen_text(app), "the credential screen painted")


def probe_rows(app: MaiaApp) -> dict[str, str]:
    """Area label -> its row on screen (result, reason and advice), whitespace folded."""
    text = rendered_text(app.screen.query_one("#credential-probe"))
    rows: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        for label in LABELS:
            if line.strip().startswith(label):
                current = label
                rows[label] = ""
        if current is not None:
            rows[current] += " " + line.strip()
    return {label: " ".join(row.split()) for label, row in rows.items()}


LABELS = (
    "Projects",
    "Environments (first project)",
    "Pipeline runs (account-wide)",
    "Agents",
    "Audit events (last 24 h)",
    "Credits (last day)",
    "Run pipelines",
)


async def run_probe(pilot) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    screen.probe_report = None
    await pilot.press("p")
    await wait_until(pilot, lambda: screen.probe_report is not None and not screen.probing, "the probe")
    await pilot.pause()


async def test_probe_on_the_screen(app: MaiaApp, emulator: Emulator) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_credential(pilot)
        assert "Press p to probe" in screen_text(app)
        emulator.stats.reset()
        await run_probe(pilot)
        rows = probe_rows(app)
        assert list(rows) == list(LABELS)
        for label in LABELS[:5]:
            assert rows[label].startswith(f"{label} ✓ allowed"), rows[label]
        assert "· not tested" in rows["Run pipelines"]
        assert "cannot be known without running one" in rows["Run pipelines"]
        assert emulator.stats.api_requests == 6  # one read per area
        assert "probed 2026-01-15 10:30:00 CET (09:30:00 UTC)" in " ".join(screen_text(app).split())


async def test_probe_with_a_missing_role(app: MaiaApp, emulator: Emulator) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_credential(pilot)
        emulator.faults = Faults(forbidden="ip")
        await run_probe(pilot)
        rows = probe_rows(app)
        assert rows["Projects"].startswith("Projects ✖ refused (403)")
        assert "not on this account's allow list" in rows["Projects"]  # the server's words
        assert "add this machine's IP address to the account's allow list" in rows["Projects"]
        assert "· not tried" in rows["Environments (first project)"]


async def test_probe_offline(app: MaiaApp, emulator: Emulator) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_credential(pilot)
        emulator.stop()
        await run_probe(pilot)
        rows = probe_rows(app)
        assert rows["Projects"].startswith("Projects ✖ failed")
        assert "Could not connect to 127.0.0.1" in rows["Projects"]
        for label in LABELS[1:6]:
            assert f"{label} · not tried not tried: Could not connect to 127.0.0.1" in rows[label], rows[label]
        summary = app.screen.text()  # type: ignore[attr-defined]
        assert "Projects                      ✖ failed" in summary


async def test_probe_with_events_and_credits_denied(app: MaiaApp, emulator: Emulator) -> None:
    emulator.deny = {"events", "consumption"}
    async with app.run_test(size=SIZE) as pilot:
        await open_credential(pilot)
        await run_probe(pilot)
        rows = probe_rows(app)
        refused = {label for label, row in rows.items() if "✖ refused (403)" in row}
        allowed = {label for label, row in rows.items() if "✓ allowed" in row}
        assert refused == {"Audit events (last 24 h)", "Credits (last day)"}
        assert allowed == set(LABELS[:4])
