"""Emulators on loopback: the shared one (`emulator` by default), one of a test's own built from
`emulator_config` (tests/ui and tests/scripts choose it), emulators started by hand, an HTTPS one,
a port that refuses connections, and raw requests to them."""

from __future__ import annotations

import copy
import dataclasses
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import trustme

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator, EmulatorConfig, Faults, running_emulator

from .leaks import PROBE_CLIENT_ID, PROBE_SECRET

# The shared emulator's account clock: a FakeClock at this instant, new for every test, so reads
# repeat exactly unless a test moves it (`emulator.clock.advance(20)`).
SESSION_NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)

# A test's own emulator's account stands still at this instant unless the test says otherwise
# (FakeClock's start), so screens and snapshots show the same runs every time.
UI_FROZEN_AT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def session_emulator() -> Iterator[Emulator]:
    clients = {DEMO_CLIENT_ID: DEMO_CLIENT_SECRET, PROBE_CLIENT_ID: PROBE_SECRET}
    config = EmulatorConfig(projects=140, seed=7, clients=clients, clock=FakeClock(SESSION_NOW))
    with running_emulator(config) as emu:
        yield emu


@pytest.fixture
def emulator(session_emulator: Emulator) -> Iterator[Emulator]:
    """The shared emulator with every fault knob off, every client allowed again, and its account
    as new: knobs (deny, run outcome, drops after accepting a run) off, nothing written, and a
    fresh FakeClock at SESSION_NOW that the test may advance."""
    session_emulator.faults = Faults()
    session_emulator.restore_clients()
    session_emulator.reset_account(FakeClock(SESSION_NOW))
    yield session_emulator
    session_emulator.faults = Faults()
    session_emulator.restore_clients()
    session_emulator.reset_account()


@pytest.fixture
def emulator_defaults() -> dict[str, Any]:
    """`emulator_config`'s fields for a test without the marker: an account frozen at
    UI_FROZEN_AT. A folder's conftest may override this (tests/scripts does)."""
    return {"frozen_at": UI_FROZEN_AT}


@pytest.fixture
def emulator_config(request: pytest.FixtureRequest, emulator_defaults: dict[str, Any]) -> EmulatorConfig:
    """What `own_emulator` starts. `@pytest.mark.emulator_config(projects=30, run_seconds=20,
    moves_with="clock")` (on a test or as a module's `pytestmark`) gives every field instead of
    the defaults; `moves_with` names the fixture whose FakeClock moves the account ("clock": the
    app's own, "account_clock": one the test moves apart). A test may also parametrize
    `emulator_config` with an EmulatorConfig."""
    marker = request.node.get_closest_marker("emulator_config")
    fields = dict(marker.kwargs) if marker else dict(emulator_defaults)
    moves_with = fields.pop("moves_with", None)
    if moves_with is not None:
        fields["clock"] = request.getfixturevalue(moves_with)
    return EmulatorConfig(**fields)


@pytest.fixture
def own_emulator(emulator_config: EmulatorConfig) -> Iterator[Emulator]:
    """A fresh emulator for this test, with fresh fault knobs: a module-level config shared by
    parametrize must not carry one test's `faults` object into the next. Only the knobs are
    copied: the account's clock must stay the test's own FakeClock, which the test moves."""
    config = dataclasses.replace(emulator_config, faults=copy.deepcopy(emulator_config.faults))
    with running_emulator(config) as emu:
        yield emu


@pytest.fixture
def start_emulator(clock: FakeClock) -> Iterator[Callable[..., Emulator]]:
    """Emulators for app-level tests; their tokens expire on the test's FakeClock, so the
    emulator itself refuses a token the app should not have sent."""
    started: list[Emulator] = []

    def start(**config: Any) -> Emulator:
        config.setdefault("wall_clock", lambda: clock.now().timestamp())
        config.setdefault("clock", clock)  # the account moves with the test's FakeClock too
        emu = Emulator(EmulatorConfig(**config)).start()
        started.append(emu)
        return emu

    yield start
    for emu in started:
        emu.stop()


@pytest.fixture(scope="module")
def https_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Emulator, str]]:
    """An HTTPS emulator whose certificate comes from a trustme CA nobody trusts by default;
    yields the emulator and the path of that CA's PEM bundle."""
    folder = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    server.private_key_pem.write_to_path(str(folder / "key.pem"))
    server.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    with running_emulator(
        EmulatorConfig(projects=30), ssl_certfile=str(folder / "cert.pem"), ssl_keyfile=str(folder / "key.pem")
    ) as emu:
        yield emu, str(folder / "ca.pem")


@pytest.fixture
def refusing_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound for the whole test, never listening, so
    no other test (in this process or a parallel worker) can be given it meanwhile."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def token_form(client_id: str = DEMO_CLIENT_ID, secret: str = DEMO_CLIENT_SECRET, **extra: str) -> dict[str, str]:
    return {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret, **extra}


def bearer(emu: Emulator) -> dict[str, str]:
    return {"Authorization": f"Bearer {emu.issue_token()}"}


class EmulatorApi:
    """Requests to `emu`'s API with one token: `EmulatorApi(emu, http).get("/v1/projects", size=1)`."""

    def __init__(self, emu: Emulator, http: httpx.Client) -> None:
        self.emu, self.http, self.headers = emu, http, bearer(emu)

    def url(self, path: str) -> str:
        return self.emu.api_base + path

    def get(self, path: str, **params: object) -> httpx.Response:
        return self.http.get(self.url(path), params=params, headers=self.headers)

    def post(self, path: str, body: object) -> httpx.Response:
        return self.http.post(self.url(path), json=body, headers=self.headers)

    def patch(self, path: str, body: object) -> httpx.Response:
        return self.http.patch(self.url(path), json=body, headers=self.headers)
