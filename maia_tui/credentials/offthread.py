"""Run a blocking keyring call on a daemon thread with a deadline, from sync or async code.

A locked Secret Service may show a prompt or simply never answer, so the caller gives up after
the timeout. The thread is a daemon (not a pool worker) so a call that never returns cannot
keep the process alive at exit. A failure is re-raised as our own error, never chained to the
library's exception, whose traceback frames may hold the password.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from maia_tui.api.secret import Secret

from .errors import KeyringTimeout, KeyringUnavailable

T = TypeVar("T")


class _Call(Generic[T]):
    """One call on its own daemon thread; `done` is set when it returns or raises."""

    def __init__(self, fn: Callable[[], T], on_finish: Callable[[], None] | None) -> None:
        self.done = threading.Event()
        self._fn = fn
        self._on_finish = on_finish
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="maia-tui-keyring", daemon=True)

    def start(self) -> _Call[T]:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self._value = self._fn()
        except BaseException as error:  # noqa: BLE001 - handed to the caller as our own error
            self._error = error
        finally:
            self.done.set()
            if self._on_finish is not None:
                self._on_finish()

    def outcome(self, what: str) -> T:
        error = self._error
        self._error = None  # drop the library's traceback (and its frames) as early as possible
        if error is None:
            return self._value  # type: ignore[return-value]
        if isinstance(error, KeyringUnavailable):
            error.__context__ = None  # whatever library error it replaced stays behind
            raise error.with_traceback(None)
        raise KeyringUnavailable(failure_reason(what, error)) from None


def failure_reason(what: str, error: BaseException, secret: Secret | None = None) -> str:
    """One line naming the library's error; the secret is masked should a backend echo it."""
    text = (str(error).strip().splitlines() or [""])[0][:200]
    if secret and secret.reveal() in text:
        text = text.replace(secret.reveal(), "***")
    reason = f"The keyring failed while {what}: {type(error).__name__}"
    return f"{reason}: {text}" if text else reason


def timeout_error(what: str, timeout: float) -> KeyringTimeout:
    return KeyringTimeout(f"The keyring did not answer within {timeout:g} s while {what}")


def call_off_thread(fn: Callable[[], T], *, timeout: float, what: str) -> T:
    """Block the caller at most `timeout` seconds; on timeout the call keeps running detached."""
    call = _Call(fn, None).start()
    if not call.done.wait(timeout):
        raise timeout_error(what, timeout)
    return call.outcome(what)


async def acall_off_thread(fn: Callable[[], T], *, timeout: float, what: str) -> T:
    """The asyncio form: the event loop keeps running while the keyring thinks."""
    loop = asyncio.get_running_loop()
    finished: asyncio.Future[None] = loop.create_future()

    def finish() -> None:
        if not finished.done():
            finished.set_result(None)

    def wake() -> None:
        try:
            loop.call_soon_threadsafe(finish)
        except RuntimeError:  # the loop closed while the keyring was still busy
            pass

    call = _Call(fn, wake).start()
    try:
        await asyncio.wait_for(finished, timeout)
    except TimeoutError:
        raise timeout_error(what, timeout) from None
    return call.outcome(what)
