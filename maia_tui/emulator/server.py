"""Run the emulator app with uvicorn in a background thread with its own event loop.

The listening socket is bound here, not by uvicorn, so port 0 resolves before start()
returns and a restart can bind the very same port again (SO_REUSEADDR).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from ..api.clock import Clock
from ..credentials.resolve import ENV_API_URL, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_TOKEN_URL
from .app import TOKEN_PATH, build_app
from .config import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig
from .faults import Dice, Faults
from .runs import RunStore
from .state import EmulatorState, Stats

START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
TICK_SECONDS = 0.1  # uvicorn's own pace for its once-a-tick checks


class PromptServer(uvicorn.Server):
    """uvicorn's server, whose tick loop a stop wakes at once: uvicorn looks at `should_exit`
    only between 0.1 s sleeps, so every stop waited up to a tick (tests stop hundreds of
    emulators, a person's Ctrl+C one)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def main_loop(self) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864_000  # as uvicorn counts its ticks
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), TICK_SECONDS)

    def stop_soon(self) -> None:
        """From any thread: exit, and do not wait for the next tick to notice."""
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(wake.set)


class Emulator:
    """A Maia API on loopback. start()/stop() may alternate; the port stays the same."""

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_certfile: str | None = None,
        ssl_keyfile: str | None = None,
    ) -> None:
        self.config = config or EmulatorConfig()
        self.host = host
        self.port = port
        self.ssl_certfile = ssl_certfile
        self.ssl_keyfile = ssl_keyfile
        self.state = EmulatorState(self.config)
        self.app = build_app(self.state)
        self._server: PromptServer | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    # ---- addresses --------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        scheme = "https" if self.ssl_certfile else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    @property
    def api_base(self) -> str:
        return self.base_url + "/dpc"

    @property
    def token_url(self) -> str:
        return self.base_url + TOKEN_PATH

    def client_environment(self) -> dict[str, str]:
        """The MAIA_* variables that point maia-tui's commands at this emulator as its demo client."""
        return {
            ENV_API_URL: self.api_base,
            ENV_TOKEN_URL: self.token_url,
            ENV_CLIENT_ID: DEMO_CLIENT_ID,
            ENV_CLIENT_SECRET: DEMO_CLIENT_SECRET,
        }

    # ---- state the tests drive --------------------------------------------------------

    @property
    def faults(self) -> Faults:
        return self.state.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self.state.faults = faults

    @property
    def stats(self) -> Stats:
        return self.state.stats

    @property
    def clock(self) -> Clock:
        """The account's clock; a test that passed a FakeClock advances it to move the account."""
        return self.state.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self.state.clock = clock

    def reset_account(self, clock: Clock | None = None) -> None:
        """Forget what the API wrote, put the knobs back, and optionally give the account a new clock."""
        self.state.reset_knobs()
        self.state.store = RunStore(
            self.state.account, self.config.run_seconds, cancelling_seconds=self.config.cancelling_seconds
        )
        if clock is not None:
            self.state.clock = clock

    @property
    def deny(self) -> set[str]:
        """Areas answered 403 (see config.DENY_AREAS); change the set in place or assign a new one."""
        return self.state.deny

    @deny.setter
    def deny(self, areas: set[str]) -> None:
        self.state.deny = set(areas)
        self.state.check_knobs()

    @property
    def next_run_outcome(self) -> str:
        """How runs started through the API from now on end: SUCCESS, FAILED, CANCELLED, SKIPPED, UNKNOWN."""
        return self.state.next_run_outcome

    @next_run_outcome.setter
    def next_run_outcome(self, outcome: str) -> None:
        self.state.next_run_outcome = outcome
        self.state.check_knobs()

    def drop_after_accepting_runs(self, count: int = 1) -> None:
        """The next `count` run POSTs create their run, then drop the connection before answering."""
        self.state.drop_accepted_runs = count

    @property
    def store(self) -> RunStore:
        """What the API wrote: runs started and cancels sent."""
        return self.state.store

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def revoke_all_tokens(self, reject_clients: bool = True) -> None:
        """Every token issued so far gets 401; with reject_clients, token requests get 401 too."""
        self.state.tokens.revoke_all()
        if reject_clients:
            self.state.clients_rejected = True

    def restore_clients(self) -> None:
        self.state.clients_rejected = False

    def reset(self) -> None:
        """Back to a clean slate between tests: faults and knobs off, clients allowed, counters
        zero, nothing written."""
        self.state.faults = Faults()
        self.state.api_dice = Dice()
        self.state.token_dice = Dice()
        self.state.clients = dict(self.config.clients)
        self.state.client_deny = dict(self.config.client_deny)
        self.state.clients_rejected = False
        self.state.stats.reset()
        self.reset_account()

    def issue_token(self, client_id: str = DEMO_CLIENT_ID) -> str:
        """A valid access token without an HTTP round trip (not counted in stats)."""
        return self.state.tokens.issue(client_id)

    # ---- lifecycle --------------------------------------------------------------------

    def _bind(self) -> socket.socket:
        family, kind, proto, _, address = socket.getaddrinfo(self.host, self.port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
        except OSError:
            sock.close()
            raise
        sock.set_inheritable(True)
        return sock

    def start(self) -> Emulator:
        if self.running:
            return self
        sock = self._bind()
        self.port = sock.getsockname()[1]
        self.state.tokens.issuer = self.base_url + "/realms/dpc"
        self.state.stopping = False
        config = uvicorn.Config(
            self.app,
            http="h11",
            loop="asyncio",
            lifespan="off",
            log_config=None,  # never touch the host's logging (the TUI owns the terminal)
            access_log=False,
            proxy_headers=False,
            server_header=False,
            ssl_certfile=self.ssl_certfile,
            ssl_keyfile=self.ssl_keyfile,
            timeout_graceful_shutdown=2,
        )
        server = PromptServer(config)
        self._error = None

        def serve() -> None:
            try:
                server.run(sockets=[sock])
            except BaseException as exc:  # surfaced by start(), not lost in the thread
                self._error = exc

        thread = threading.Thread(target=serve, name=f"maia-emulator:{self.port}", daemon=True)
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self._server = self._thread = None
                sock.close()
                raise RuntimeError(f"the emulator did not start on {self.base_url}") from self._error
            time.sleep(0.002)
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self.state.stopping = True  # requests sleeping on injected latency drop now
        server.stop_soon()
        thread.join(STOP_TIMEOUT)
        if thread.is_alive():
            server.force_exit = True
            thread.join(STOP_TIMEOUT)
        self._server = self._thread = None
        self.state.stopping = False

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()


@contextmanager
def running_emulator(
    config: EmulatorConfig | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
) -> Iterator[Emulator]:
    with Emulator(config, host, port, ssl_certfile, ssl_keyfile) as emu:
        yield emu
