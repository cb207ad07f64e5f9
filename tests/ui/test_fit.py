"""#13: the app fits the terminal it is given — columns follow a resize, the status bar leaves
pieces out by priority, the key bar keeps whole keys — and no key is silently ignored."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from textual.widgets import Input

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import EmulatorConfig
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.widgets.key_bar import KeyBar
from tests.support import (
    SIZE,
    UI_FROZEN_AT,
    bar_text,
    header,
    log_in,
    notifications,
    page_shown,
    rendered_text,
    wait_until,
)

# 140 projects at 25 a page: pages 1-6, the last one short.
ACCOUNT = EmulatorConfig(frozen_at=UI_FROZEN_AT, projects=140)


def widths(screen: ProjectsScreen) -> dict[str, int]:
    return {column.key: column.width for column in screen.table.columns}


@pytest.mark.parametrize("emulator_config", [ACCOUNT])
async def test_a_resize_widens_then_narrows_the_description_and_keeps_names_and_the_id_whole(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await log_in(pilot)
        await pilot.press("down", "down")
        longest = max(len(p.name) for p in screen.listing.items)
        # 120 columns: each name whole (#22), the id's 36, the description the rest of the
        # 120 less 6 cells of padding and 2 kept for the scrollbar.
        assert widths(screen) == {"name": longest, "description": 120 - 8 - longest - 36, "id": 36}

        await pilot.resize_terminal(200, 40)
        await wait_until(pilot, lambda: widths(screen)["description"] == 200 - 8 - longest - 36, "a wider one")
        assert widths(screen)["id"] == 36 and widths(screen)["name"] == longest
        assert screen.table.cursor_row == 2  # the selection stayed on its row

        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: widths(screen)["description"] == 0, "the description left out")
        # The names and the ids stay whole; the description shows under the list for the selected row.
        assert widths(screen) == {"name": longest, "description": 0, "id": 36}
        assert screen.table.cursor_row == 2
        first = screen.listing.items[0]
        assert first.id in rendered_text(screen.table)  # the whole UUID is on screen
        assert first.name in rendered_text(screen.table)
        selected = screen.listing.items[2]
        detail = rendered_text(screen.query_one("#projects-detail")).strip()
        assert selected.description and detail.startswith(f"Description {selected.description[:40]}")


def bar_pieces(app) -> str:  # type: ignore[no-untyped-def]
    return bar_text(app)


@pytest.mark.parametrize(
    "columns, shown, left_out",
    [
        # Everything: 87 cells.
        (
            120,
            ["maia", "demo emulator", "client demo-client", "● valid", "29:30 left", "refreshed 30s ago", "DEMO"],
            [],
        ),
        # "refreshed 30s ago" goes first (68 cells left), then the client id (48).
        (80, ["maia", "demo emulator", "client demo-client", "● valid", "29:30 left", "DEMO"], ["refreshed"]),
        (50, ["maia", "demo emulator", "● valid", "29:30 left", "DEMO"], ["refreshed", "client"]),
        (30, ["● valid", "29:30 left"], ["refreshed", "client", "maia", "DEMO"]),
    ],
)
async def test_the_status_bar_leaves_out_pieces_by_priority_never_the_token_state_or_time_left(
    app, clock, columns, shown, left_out
):
    async with app.run_test(size=(columns, 24)) as pilot:
        await log_in(pilot)
        clock.advance(30)  # "refreshed 30s ago" is the first piece to go
        await pilot.pause()
        text = bar_pieces(app)
        for piece in shown:
            assert piece in text, (columns, piece, text)
        for piece in left_out:
            assert piece not in text, (columns, piece, text)


async def test_the_key_bar_keeps_whole_keys_and_the_way_to_the_rest(app):
    async with app.run_test(size=(50, 24)) as pilot:
        await log_in(pilot)
        bar = app.screen.query_one(KeyBar)
        bar.rebuild()
        text = rendered_text(bar).rstrip()
        assert "…" not in text  # no key cut mid-word
        assert "Help" in text and "palette" in text
        assert len(text) <= 50


@pytest.mark.parametrize("emulator_config", [ACCOUNT])
async def test_each_key_with_nothing_to_do_says_why(app):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)

        async def flash_after(*keys: str) -> str:
            before = len(notifications(app))
            await pilot.press(*keys)
            await pilot.pause()
            fresh = notifications(app)[before:]
            assert len(fresh) == 1, [n.message for n in fresh]
            return str(fresh[0].message)

        assert await flash_after("p") == "Already on the first page."
        assert await flash_after("g") == "Already on the first page."
        await pilot.press("G")
        await wait_until(pilot, lambda: page_shown(app) and header(app).startswith("Projects · page 6 of 6"), "page 6")
        assert await flash_after("n") == "Already on the last page."
        assert await flash_after("G") == "Already on the last page."
        assert notifications(app)[-1].timeout == 2.0  # a flash, shorter than a notification


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(frozen_at=UI_FROZEN_AT, projects=7)])
async def test_one_page_says_so_for_every_paging_key(app):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        for key in ("n", "p", "g", "G", "colon"):
            before = len(notifications(app))
            await pilot.press(key)
            await pilot.pause()
            assert [str(n.message) for n in notifications(app)[before:]] == ["There is only one page."], key


async def test_q_quits_from_a_browsing_screen(app):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_q_is_typed_into_the_filter_not_taken_as_quit(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        await pilot.press("slash", "q")
        await pilot.pause()
        assert screen.query_one(Input).value == "q"
        assert app.return_code is None and app.screen is screen
        await pilot.press("escape", "q")
        await pilot.pause()
        assert app.return_code == 0


async def test_q_on_the_login_form_is_typed_and_ctrl_q_quits(app):
    async with app.run_test(size=SIZE) as pilot:
        login = app.login_screen
        field = login.query_one("#client-id", Input)
        field.focus()
        field.value = ""
        await pilot.press("q")
        assert field.value == "q" and app.return_code is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


class HostRecorder(httpx.AsyncBaseTransport):
    """httpx's own transport, noting the host of every request before it is sent."""

    def __init__(self) -> None:
        self.upstream = httpx.AsyncHTTPTransport()
        self.hosts: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        return await self.upstream.handle_async_request(request)

    async def aclose(self) -> None:
        await self.upstream.aclose()


async def test_demo_mode_keeps_the_emulators_urls_when_eu1_is_asked_for(emulator, clock):
    from maia_tui.ui.app import MaiaApp
    from maia_tui.ui.widgets.region_picker import RegionPicker
    from tests.support import demo_defaults

    recorder = HostRecorder()
    # A profile or the command line asking for eu1 does not take demo mode out of the emulator.
    app = MaiaApp(
        demo_defaults(emulator, region="eu1"), clock=clock, cursor_blink=False, client_options={"transport": recorder}
    )
    async with app.run_test(size=SIZE) as pilot:
        picker = app.login_screen.query_one("#region", RegionPicker)
        picker.focus()
        before = len(notifications(app))
        await pilot.press("right", "right")  # towards eu1: the picker stays on demo and says why
        assert picker.value == "demo" and [v for _, v in picker.options] == ["demo"]
        assert "built-in emulator only; start without --demo" in str(notifications(app)[before].message)
        await log_in(pilot)
        session = app.session
        assert session is not None
        assert {session.client.endpoints.api_base, session.client.endpoints.token_url} == {
            emulator.api_base,
            emulator.token_url,
        }
        await pilot.press("n")
        await wait_until(pilot, lambda: page_shown(app) and header(app).startswith("Projects · page 2"), "page 2")
    assert recorder.hosts and set(recorder.hosts) == {"127.0.0.1"}  # no request left the machine
    assert emulator.stats.token_requests >= 1


async def test_a_shown_secret_is_masked_again_after_log_out(app):
    from maia_tui.ui.screens.login import LoginScreen

    async with app.run_test(size=SIZE) as pilot:
        secret = app.login_screen.query_one("#secret", Input)
        await pilot.press("ctrl+t")
        assert secret.password is False  # shown
        await log_in(pilot)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "the login form")
        assert secret.password is True
        assert str(app.login_screen.query_one("#reveal").label) == "Show"


async def test_the_login_card_fits_80x24_with_sign_in_on_screen(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = app.login_screen.query_one("#login-card")
        button = app.login_screen.query_one("#sign-in")
        assert card.region.height <= 23 and card.region.bottom <= 23
        assert button.region.height == 1 and 0 < button.region.bottom <= 23
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert button.region.height == 3  # roomy again when there is room


PROFILE_TOML = """last_profile = "lab"

[profiles.lab]
region = "eu1"
client_id = "lab-client"
"""


@pytest.mark.parametrize("emulator_config", [ACCOUNT])
async def test_theme_page_size_and_time_display_are_remembered_and_read_back(emulator, clock, config_file):
    from maia_tui.credentials.config import Settings, load_config
    from maia_tui.ui.app import MaiaApp
    from maia_tui.ui.settings import read_settings
    from tests.support import demo_defaults

    config_file.parent.mkdir(parents=True)
    config_file.write_text(PROFILE_TOML)
    app = MaiaApp(demo_defaults(emulator), clock=clock, cursor_blink=False, settings=read_settings())
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark" and not app.utc_times  # nothing remembered yet
        app.theme = "textual-light"  # what the palette's theme picker does
        await log_in(pilot)
        await pilot.press("s")  # 25 -> 50 a page
        await wait_until(pilot, lambda: header(app).startswith("Projects · page 1 of 3"), "50 a page")
        app.action_toggle_utc()
        wanted = Settings(theme="textual-light", page_size=50, time_display="utc")
        await wait_until(pilot, lambda: read_settings() == wanted, "the settings written")
    config = load_config()
    assert config.profiles["lab"].client_id == "lab-client" and config.last_profile == "lab"  # kept
    assert 'theme = "textual-light"' in config_file.read_text()

    again = MaiaApp(demo_defaults(emulator), clock=clock, cursor_blink=False, settings=read_settings())
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light" and again.utc_times
        await log_in(pilot)
        assert header(again).startswith("Projects · page 1 of 3")


def test_a_broken_config_file_gives_the_default_settings(config_file):
    from maia_tui.credentials.config import Settings
    from maia_tui.ui.settings import read_settings

    config_file.parent.mkdir(parents=True)
    config_file.write_text("[settings]\npage_size = 'many'\n")
    assert read_settings() == Settings()


RUNS_AT = datetime(2026, 1, 15, 9, 58, 20, tzinfo=UTC)  # a mix of statuses on screen


@pytest.mark.parametrize(
    ("emulator_config", "clock"), [(EmulatorConfig(frozen_at=RUNS_AT), FakeClock(start=RUNS_AT))], ids=["0958"]
)
async def test_a_light_theme_screenshot_takes_every_colour_from_the_theme(app):
    from maia_tui.ui.screens.runs import RunsScreen

    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-light"
        await log_in(pilot)
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs")
        listing = app.screen.panel.listing
        await wait_until(pilot, lambda: listing.status == "ready", "the first runs")
        statuses = {run.status for run in listing.items}
        assert {"SUCCESS", "FAILED"} <= statuses
        await pilot.pause()
        svg = app.export_screenshot().upper()
    # textual-light's background and its error text colour (Textual's theme values)...
    for light in ("#E0E0E0", "#7A273C"):
        assert light in svg, light
    # (its success green, #337E4A, reads at 3.8:1 there, under WCAG AA: drawn darker, ui/contrast.py)
    assert "#337E4A" not in svg
    # ...and none of textual-dark's: no colour is fixed in the app.
    for dark in ("#121212", "#8AD4A1", "#D17E92"):
        assert dark not in svg, dark


def test_settings_are_looked_for_where_the_profiles_are(config_file):
    from maia_tui.credentials.config import config_path
    from maia_tui.ui.settings import settings_path

    assert settings_path() == config_path() == config_file
    assert settings_path({}) == config_path({})  # the platform's default folder, both ways


async def test_a_first_start_remembers_a_theme_into_a_new_config_file(emulator, clock, config_file):
    from maia_tui.credentials.config import Settings
    from maia_tui.ui.app import MaiaApp
    from maia_tui.ui.settings import read_settings
    from tests.support import demo_defaults

    assert read_settings() is None  # no file yet: nothing read (nor imported) at start
    app = MaiaApp(demo_defaults(emulator), clock=clock, cursor_blink=False, settings=None, remember=True)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await wait_until(pilot, config_file.is_file, "the config file written")
    assert read_settings() == Settings(theme="nord")
