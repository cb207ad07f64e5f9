"""What tests share, in one package: fixtures (loaded for every test through `pytest_plugins` in
tests/conftest.py) and helpers (imported from here: `from tests.support import SIZE, log_in, wait_until`).

    accounts    runnable, disabled and twin pipelines picked from the emulator's sample account
    app         the app under Pilot: make_app, app, hardened_app; log_in, screen text
    clients     MaiaClient of an emulator on the test's clock: make_client, endpoints, credentials
    clocks      clock (and @pytest.mark.clock), account_clock, retry sleeps, WallClock, a local zone
    commands    `maia-tui run` / `watch` called in-process (call, parse, Result)
    emulators   the shared emulator, a test's own (emulator_config and @pytest.mark.emulator_config),
                start_emulator, https_emulator, refusing_port, bearer, EmulatorApi, token_form
    isolation   autouse: a private HOME, config file and in-memory keyring, no MAIA_* variables
    keyrings    keyring backends for tests (memory, hanging, broken, plaintext)
    leaks       the one assert_no_secret, render at unlimited width, no_secret_in_logs
    live        a living emulator and a signed-in client sharing one FakeClock (tests/api/live)
    notices     autouse: every notification an app was asked to show (notifications(app))
    properties  Hypothesis profiles: "ci" (fixed, derandomised) when CI is set, else "dev"
    raw         the emulator's answers as raw JSON (expected values never parsed by our code)
    transports  HeldRequests: chosen requests stay in flight until the test releases them
    waiting     the one polling loop (eventually; wait_until for an app), advance_until, settle
"""

from .accounts import a_pipeline, disabled_pipeline, short, twin_pipelines
from .app import (
    SIZE,
    TokenCheck,
    bar_text,
    demo_defaults,
    header,
    log_in,
    login_status,
    page_shown,
    rendered_text,
    screen_text,
    watch_token_checks,
)
from .clocks import NoWait, RecordingSleep, WallClock, no_sleep
from .commands import Result, call, call_while_time_passes, parse
from .emulators import SESSION_NOW, UI_FROZEN_AT, EmulatorApi, bearer, token_form
from .keyrings import BrokenKeyring, HangingKeyring, MemoryKeyring, UnencryptedFileKeyring
from .leaks import (
    JWT_PREFIX,
    PROBE_CLIENT_ID,
    PROBE_SECRET,
    SLICE,
    UNLIMITED,
    assert_no_secret,
    leaked,
    render,
    render_traceback,
    slices,
    unlimited_console,
)
from .live import DISABLED_BASE, RUN_SECONDS, Live
from .notices import notifications
from .raw import raw_get, raw_pages
from .transports import HeldRequests, page_of
from .waiting import HANG_GUARD, advance_until, eventually, settle, wait_until

__all__ = [
    "DISABLED_BASE",
    "HANG_GUARD",
    "JWT_PREFIX",
    "PROBE_CLIENT_ID",
    "PROBE_SECRET",
    "RUN_SECONDS",
    "SESSION_NOW",
    "SIZE",
    "SLICE",
    "UI_FROZEN_AT",
    "UNLIMITED",
    "BrokenKeyring",
    "HangingKeyring",
    "HeldRequests",
    "Live",
    "MemoryKeyring",
    "NoWait",
    "RecordingSleep",
    "Result",
    "TokenCheck",
    "EmulatorApi",
    "UnencryptedFileKeyring",
    "WallClock",
    "a_pipeline",
    "advance_until",
    "assert_no_secret",
    "bar_text",
    "bearer",
    "call",
    "call_while_time_passes",
    "demo_defaults",
    "disabled_pipeline",
    "eventually",
    "header",
    "leaked",
    "log_in",
    "login_status",
    "no_sleep",
    "notifications",
    "page_of",
    "page_shown",
    "parse",
    "raw_get",
    "raw_pages",
    "render",
    "render_traceback",
    "rendered_text",
    "screen_text",
    "settle",
    "short",
    "slices",
    "token_form",
    "twin_pipelines",
    "unlimited_console",
    "wait_until",
    "watch_token_checks",
]
