"""Tokens that look after themselves: refresh ahead of expiry, one refresh for many callers,
one retry after a 401, capped backoff with jitter, and an observable state for the UI.

Timing derives from absolute deadlines on the injected clock, so tests move a FakeClock
instead of sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import random
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

import httpx

from .clock import Clock
from .errors import CredentialsRefused, MaiaError
from .listeners import Listeners
from .models import Token
from .token_history import RefreshRecord, TokenHistory

log = logging.getLogger("maia_tui.api.auth")

EXPIRING_SOON = 120.0  # seconds left below which a token shows as "expiring"
REFRESH_AHEAD_CAP = 60.0  # refresh when remaining life <= min(60 s, 10% of lifetime)
REFRESH_AHEAD_SHARE = 0.10
SEND_MARGIN = 1.0  # never send a token this close to its deadline: it could die in flight


class TokenState(enum.Enum):
    SIGNED_OUT = "signed out"
    VALID = "valid"
    EXPIRING = "expiring"
    REFRESHING = "refreshing"
    EXPIRED = "expired"
    FAILING = "failing"
    REFUSED = "refused"


@dataclass(frozen=True)
class TokenStatus:
    """A snapshot for display; `remaining` and `state` are computed when it is taken."""

    state: TokenState
    token: Token | None
    remaining: float
    last_refresh: datetime | None
    last_error: MaiaError | None
    next_retry_in: float | None
    refreshes: int
    failures: int = 0  # consecutive failed refreshes

    @property
    def expires_at(self) -> datetime | None:
        return self.token.expires_at_wall if self.token else None


def refresh_point(token: Token) -> float:
    """The monotonic time at which a token should be replaced."""
    return token.expires_at - min(REFRESH_AHEAD_CAP, REFRESH_AHEAD_SHARE * token.lifetime)


class Backoff:
    """Capped exponential backoff with "equal jitter" (AWS's name for it): the n-th delay is
    drawn from [c/2, c] with c = min(cap, base x 2^n), so it never drops below half the
    ceiling (unlike full jitter, [0, c]) yet clients that failed together spread out."""

    def __init__(self, base: float = 1.0, cap: float = 60.0, rng: Callable[[], float] = random.random) -> None:
        self.base, self.cap, self._rng = base, cap, rng
        self.failures = 0

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * 2.0**self.failures)
        self.failures += 1
        return ceiling / 2 + self._rng() * ceiling / 2

    def reset(self) -> None:
        self.failures = 0


class TokenManager:
    """Holds the current token and replaces it before it dies.

    `exchange` fetches a brand-new token (there are no refresh tokens in this API).
    """

    def __init__(
        self,
        exchange: Callable[[], Awaitable[Token]],
        clock: Clock,
        *,
        backoff: Backoff | None = None,
    ) -> None:
        self._exchange = exchange
        self._clock = clock
        self._backoff = backoff or Backoff()
        self._token: Token | None = None
        self._inflight: asyncio.Task[Token] | None = None
        self._loop_task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._changed = asyncio.Event()
        self._last_refresh: datetime | None = None
        self._last_error: MaiaError | None = None
        self._next_retry_at: float | None = None
        self._refreshes = 0
        self._listeners: Listeners[TokenStatus] = Listeners("token status")
        self._history = TokenHistory()

    # ----- observing -----------------------------------------------------------------

    @property
    def token(self) -> Token | None:
        return self._token

    def status(self) -> TokenStatus:
        now = self._clock.monotonic()
        token = self._token
        remaining = token.remaining(now) if token else 0.0
        if isinstance(self._last_error, CredentialsRefused):
            state = TokenState.REFUSED
        elif self._inflight is not None and not self._inflight.done():
            state = TokenState.REFRESHING
        elif token is None and self._last_error is None:
            state = TokenState.SIGNED_OUT
        elif self._last_error is not None:
            state = TokenState.FAILING
        elif token is None or remaining <= 0:
            state = TokenState.EXPIRED
        elif remaining < EXPIRING_SOON:
            state = TokenState.EXPIRING
        else:
            state = TokenState.VALID
        retry_in = None if self._next_retry_at is None else max(0.0, self._next_retry_at - now)
        return TokenStatus(
            state,
            token,
            remaining,
            self._last_refresh,
            self._last_error,
            retry_in,
            self._refreshes,
            self._backoff.failures,
        )

    def history(self) -> list[RefreshRecord]:
        """This session's token exchanges, oldest first (the login's included)."""
        return self._history.records()

    def subscribe(self, listener: Callable[[TokenStatus], None]) -> Callable[[], None]:
        """Call `listener` on every change of state (not every second); returns an unsubscribe."""
        return self._listeners.subscribe(listener)

    def _notify(self) -> None:
        self._listeners.notify(self.status())

    # ----- refreshing ----------------------------------------------------------------

    async def refresh(self) -> Token:
        """Fetch a new token now; concurrent callers share the one request."""
        if self._inflight is None or self._inflight.done():
            self._inflight = asyncio.ensure_future(self._refresh_once())
            self._notify()
        return await asyncio.shield(self._inflight)

    async def _refresh_once(self) -> Token:
        started, started_wall = self._clock.monotonic(), self._clock.now()
        try:
            token = await self._exchange()
        except MaiaError as error:
            self._history.failed(started_wall, self._clock.monotonic() - started, error)
            self._inflight = None
            self._last_error = error
            log.info("token refresh failed: %s", error)
            self._wake.set()  # the background loop takes over: backoff, or stop if refused
            self._notify()
            raise
        except BaseException:
            self._inflight = None
            raise
        self._history.succeeded(started_wall, self._clock.monotonic() - started)
        self._inflight = None
        self._token = token
        self._last_error = None
        self._next_retry_at = None
        self._last_refresh = self._clock.now()
        self._refreshes += 1
        self._backoff.reset()
        self._changed.set()
        self._changed = asyncio.Event()
        self._notify()
        return token

    async def login(self) -> Token:
        """The first exchange: errors go straight to the caller, then refreshing runs by itself."""
        token = await self.refresh()
        self.start()
        return token

    def start(self) -> None:
        if self._loop_task is None or self._loop_task.done():
            self._loop_task = asyncio.ensure_future(self._keep_fresh())

    async def stop(self) -> None:
        for task in (self._loop_task, self._inflight):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, MaiaError):
                    await task
        self._loop_task = None
        self._inflight = None

    async def logout(self) -> None:
        await self.stop()
        self._token = None
        self._last_error = None
        self._next_retry_at = None
        self._notify()

    async def _keep_fresh(self) -> None:
        """Sleep until the refresh point and refresh; after any failed refresh (its own or a
        forced one) back off before the next try; stop for good once the credentials are refused."""
        while True:
            if isinstance(self._last_error, CredentialsRefused):
                self._changed.set()  # waiters re-check and see the refusal
                return
            token = self._token
            now = self._clock.monotonic()
            if self._last_error is not None:
                delay = self._backoff.next_delay()
                self._next_retry_at = now + delay
                self._notify()
                await self._sleep_or_wake(delay)
                self._next_retry_at = None
            elif token is not None and now < refresh_point(token):
                await self._sleep_or_wake(refresh_point(token) - now)
                continue
            with contextlib.suppress(MaiaError):  # recorded in _last_error, handled next round
                await self.refresh()

    async def _sleep_or_wake(self, seconds: float) -> None:
        self._wake.clear()
        sleeper = asyncio.ensure_future(self._clock.sleep(seconds))
        waker = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            waker.cancel()

    def wake(self) -> None:
        """Make the background loop re-check now (e.g. the network came back)."""
        self._next_retry_at = None
        self._wake.set()

    # ----- for requests ----------------------------------------------------------------

    def _usable(self, token: Token | None) -> bool:
        return token is not None and token.remaining(self._clock.monotonic()) > SEND_MARGIN

    async def token_for_request(self) -> Token:
        """A token that is safe to send. Past the refresh point a refresh starts in the
        background and the still-valid token is used; an expired token is never returned:
        the caller waits for a new one instead."""
        while True:
            token = self._token
            if isinstance(self._last_error, CredentialsRefused):
                raise self._last_error
            if self._usable(token):
                assert token is not None
                past_refresh_point = self._clock.monotonic() >= refresh_point(token)
                if past_refresh_point and self._inflight is None and not self._backing_off():
                    self._start_background_refresh()
                return token
            if self._loop_task is None or self._loop_task.done():
                return await self.refresh()  # no background loop: failures go to the caller
            changed = self._changed
            if self._last_error is None:
                self.wake()  # no refresh pending or backing off: make the loop act now
            await changed.wait()

    def _backing_off(self) -> bool:
        """The background loop is waiting out a failed refresh: requests must not cut that short
        (each one would send the token endpoint another request)."""
        return self._last_error is not None and self._loop_task is not None and not self._loop_task.done()

    def _start_background_refresh(self) -> None:
        self._wake.set()
        if self._loop_task is None or self._loop_task.done():
            task = asyncio.ensure_future(self.refresh())
            task.add_done_callback(lambda t: t.cancelled() or t.exception())

    async def renew_after_rejection(self, rejected: Token) -> Token:
        """A 401 for `rejected`: fetch one new token, shared by every request that got a 401
        with the same token (a burst of 401s costs one token request)."""
        if isinstance(self._last_error, CredentialsRefused):
            raise self._last_error
        if self._token is not None and self._token is not rejected and self._usable(self._token):
            return self._token
        return await self.refresh()


class BearerAuth(httpx.Auth):
    """Puts the current token on each request; on a 401, one new token and one retry."""

    def __init__(self, tokens: TokenManager) -> None:
        self._tokens = tokens

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self._tokens.token_for_request()
        request.headers["Authorization"] = "Bearer " + token.access_token.reveal()
        response = yield request
        if response.status_code == 401:
            await response.aread()
            fresh = await self._tokens.renew_after_rejection(token)
            request.headers["Authorization"] = "Bearer " + fresh.access_token.reveal()
            yield request

    def sync_auth_flow(self, request: httpx.Request) -> NoReturn:
        raise RuntimeError("MaiaClient is async-only")
