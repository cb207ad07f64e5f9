"""Client secrets in the OS keyring (service "maia-tui", username = profile name).

Every keyring call runs on a daemon thread with a timeout, for sync and asyncio callers alike.
Secrets cross this API only as `Secret`; a loaded password is wrapped on the worker thread, so
no plain string is ever held by our frames.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from maia_tui.api.secret import Secret

from .backends import Verdict, describe, judge
from .config import check_profile_name
from .errors import KeyringTimeout, KeyringUnavailable
from .offthread import acall_off_thread, call_off_thread, failure_reason

SERVICE = "maia-tui"
DEFAULT_TIMEOUT = 5.0
# A probe reads an entry that never exists: it proves the keyring answers without touching a secret.
_PROBE_USER = "maia-tui-availability-probe"

T = TypeVar("T")


class SecretStore:
    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        allow_plaintext: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        config_path: str = "the maia-tui config file",
    ) -> None:
        self._backend = backend  # None: ask keyring, lazily and off-thread (discovery may touch D-Bus)
        self._allow_plaintext = allow_plaintext
        self._config_path = config_path
        self.timeout = timeout
        self._lock = threading.Lock()
        self._busy_since_timeout = 0  # calls that timed out and are still running

    @property
    def busy(self) -> bool:
        """True while a call the caller gave up on (timeout or cancel) is still running."""
        with self._lock:
            return self._busy_since_timeout > 0

    # -- judging the backend --------------------------------------------------------------

    def _resolve_backend(self) -> KeyringBackend:
        if self._backend is None:
            self._backend = keyring.get_keyring()
        return self._backend

    def _verdict(self) -> Verdict:
        return judge(self._resolve_backend(), allow_plaintext=self._allow_plaintext, config_path=self._config_path)

    def _usable_backend(self) -> KeyringBackend:
        verdict = self._verdict()
        if not verdict.usable:
            raise KeyringUnavailable(verdict.reason)
        return self._resolve_backend()

    def _probe(self) -> tuple[bool, str]:
        verdict = self._verdict()
        if not verdict.usable:
            return False, verdict.reason
        backend = self._resolve_backend()
        try:
            backend.get_password(SERVICE, _PROBE_USER)
        except Exception as error:  # noqa: BLE001 - any failure means "not usable", with its reason
            return False, failure_reason(f"probing {describe(backend)}", error)
        return True, verdict.reason

    # -- running calls ------------------------------------------------------------------

    def _guard(self, what: str) -> None:
        with self._lock:
            stuck = self._busy_since_timeout
        if stuck:
            # Piling more threads onto a keyring that already hangs helps nobody.
            raise KeyringUnavailable(
                f"The keyring is still busy with an earlier request that timed out; not {what}",
                hint="Unlock the system keyring (or answer its prompt) and try again",
            )

    def _track(self, fn: Callable[[], T]) -> tuple[Callable[[], T], Callable[[], None]]:
        """Wrap a call so that, if the caller gives up on it, the store knows until it ends."""
        state = {"done": False, "abandoned": False}

        def tracked() -> T:
            try:
                return fn()
            finally:
                with self._lock:
                    state["done"] = True
                    if state["abandoned"]:
                        self._busy_since_timeout -= 1

        def abandon() -> None:
            with self._lock:
                if not state["done"]:
                    state["abandoned"] = True
                    self._busy_since_timeout += 1

        return tracked, abandon

    def _run(self, fn: Callable[[], T], what: str) -> T:
        self._guard(what)
        tracked, abandon = self._track(fn)
        try:
            return call_off_thread(tracked, timeout=self.timeout, what=what)
        except KeyringTimeout:
            abandon()
            raise

    async def _arun(self, fn: Callable[[], T], what: str) -> T:
        self._guard(what)
        tracked, abandon = self._track(fn)
        try:
            return await acall_off_thread(tracked, timeout=self.timeout, what=what)
        except (KeyringTimeout, asyncio.CancelledError):
            # A cancelled worker leaves the keyring call running just like a timeout does.
            abandon()
            raise

    # -- the operations, as plain callables run off-thread --------------------------------

    def _save_fn(self, profile: str, secret: Secret) -> Callable[[], None]:
        check_profile_name(profile)
        if not isinstance(secret, Secret):
            raise TypeError("save() takes the secret as a Secret")
        if not secret:
            raise ValueError("refusing to store an empty secret")

        def save() -> None:
            backend = self._usable_backend()
            try:
                # reveal() inline, inside the call: no frame of ours ever names the plain value.
                backend.set_password(SERVICE, profile, secret.reveal())
            except Exception as error:  # noqa: BLE001 - re-raised without the library's frames
                raise KeyringUnavailable(failure_reason("storing a secret", error, secret)) from None

        return save

    def _load_fn(self, profile: str) -> Callable[[], Secret | None]:
        check_profile_name(profile)

        def load() -> Secret | None:
            found = self._usable_backend().get_password(SERVICE, profile)
            return None if found is None else Secret(found)

        return load

    def _delete_fn(self, profile: str) -> Callable[[], bool]:
        check_profile_name(profile)

        def delete() -> bool:
            try:
                self._usable_backend().delete_password(SERVICE, profile)
            except PasswordDeleteError:
                return False  # nothing was stored: forgetting it is already done
            return True

        return delete

    # -- sync API -----------------------------------------------------------------------

    def availability(self) -> tuple[bool, str]:
        """(usable, one-line reason). Probes the keyring once, without reading any secret."""
        try:
            return self._run(self._probe, "checking that it is available")
        except KeyringUnavailable as error:
            return False, str(error)

    def save(self, profile: str, secret: Secret) -> None:
        self._run(self._save_fn(profile, secret), f"storing the secret of profile {profile!r}")

    def load(self, profile: str) -> Secret | None:
        return self._run(self._load_fn(profile), f"reading the secret of profile {profile!r}")

    def delete(self, profile: str) -> bool:
        """True when a secret was deleted, False when there was none."""
        return self._run(self._delete_fn(profile), f"deleting the secret of profile {profile!r}")

    # -- asyncio API (same semantics; the event loop keeps running) ------------------------

    async def availability_async(self) -> tuple[bool, str]:
        try:
            return await self._arun(self._probe, "checking that it is available")
        except KeyringUnavailable as error:
            return False, str(error)

    async def save_async(self, profile: str, secret: Secret) -> None:
        await self._arun(self._save_fn(profile, secret), f"storing the secret of profile {profile!r}")

    async def load_async(self, profile: str) -> Secret | None:
        return await self._arun(self._load_fn(profile), f"reading the secret of profile {profile!r}")

    async def delete_async(self, profile: str) -> bool:
        return await self._arun(self._delete_fn(profile), f"deleting the secret of profile {profile!r}")
