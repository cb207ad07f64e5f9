from __future__ import annotations

import asyncio
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail, null
from keyrings.alt.file import PlaintextKeyring

from maia_tui.api.secret import Secret
from maia_tui.credentials.errors import KeyringTimeout, KeyringUnavailable
from maia_tui.credentials.store import SERVICE, SecretStore
from tests.support import HANG_GUARD, BrokenKeyring, HangingKeyring, MemoryKeyring, UnencryptedFileKeyring


def test_save_load_delete_through_the_default_keyring(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()  # no backend given: keyring.get_keyring(), i.e. the one set by the fixture
    assert store.availability() == (True, "Secrets are kept in tests.support.keyrings.MemoryKeyring")
    store.save("prod", Secret("s3cret-value"))
    assert memory_keyring.entries == {(SERVICE, "prod"): "s3cret-value"}
    loaded = store.load("prod")
    assert isinstance(loaded, Secret) and loaded.reveal() == "s3cret-value"
    assert store.delete("prod") is True
    assert store.load("prod") is None
    assert store.delete("prod") is False  # forgetting twice is not an error


async def test_async_api_has_the_same_semantics(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    assert (await store.availability_async())[0] is True
    await store.save_async("prod", Secret("async-secret"))
    assert (await store.load_async("prod")) == Secret("async-secret")
    assert await store.delete_async("prod") is True
    assert memory_keyring.entries == {}


def test_secret_must_travel_as_a_secret() -> None:
    with pytest.raises(TypeError):
        SecretStore().save("prod", "plain-string")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        SecretStore().save("prod", Secret(""))


def test_fail_backend_disables_remember_with_a_reason() -> None:
    keyring.set_keyring(fail.Keyring())
    store = SecretStore()
    usable, reason = store.availability()
    assert usable is False
    assert "No system keyring is available" in reason and "MAIA_CLIENT_SECRET" in reason
    with pytest.raises(KeyringUnavailable, match="No system keyring"):
        store.save("prod", Secret("x"))
    with pytest.raises(KeyringUnavailable):
        store.load("prod")


def test_null_backend_and_an_empty_chain_are_unusable() -> None:
    assert SecretStore(null.Keyring()).availability() == (
        False,
        "The keyring is disabled (keyring's null backend is configured)",
    )

    class EmptyChain(chainer.ChainerBackend):
        backends: list[object] = []

    usable, reason = SecretStore(EmptyChain()).availability()
    assert usable is False and "chain has no usable backend" in reason


def test_a_chain_is_judged_by_where_it_would_write(memory_keyring: MemoryKeyring) -> None:
    class SafeFirst(chainer.ChainerBackend):
        backends = [memory_keyring, UnencryptedFileKeyring()]

    class PlaintextFirst(chainer.ChainerBackend):
        backends = [UnencryptedFileKeyring(), memory_keyring]

    SecretStore(SafeFirst()).save("prod", Secret("chained"))
    assert memory_keyring.entries[(SERVICE, "prod")] == "chained"
    usable, reason = SecretStore(PlaintextFirst()).availability()
    assert usable is False and "UnencryptedFileKeyring" in reason


def test_a_probe_that_raises_makes_the_keyring_unusable() -> None:
    usable, reason = SecretStore(BrokenKeyring()).availability()
    assert usable is False
    assert "ServiceUnknown" in reason


def test_a_failing_backend_never_echoes_the_secret() -> None:
    with pytest.raises(KeyringUnavailable) as caught:
        SecretStore(BrokenKeyring()).save("prod", Secret("hunter2-leak"))
    error = caught.value
    assert "hunter2-leak" not in str(error)
    assert "***" in str(error)
    # The library's exception (whose frames hold the password) is not chained.
    assert error.__cause__ is None and error.__context__ is None


def test_plaintext_keyring_is_refused_unless_opted_in(tmp_path: Path) -> None:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    refused = SecretStore(backend, config_path="/cfg/config.toml")
    usable, reason = refused.availability()
    assert usable is False
    assert "plain text" in reason
    assert "allow_plaintext_keyring = true" in reason and "/cfg/config.toml" in reason
    with pytest.raises(KeyringUnavailable, match="plain text"):
        refused.save("prod", Secret("never-on-disk"))
    assert not (tmp_path / "keyring_pass.cfg").exists()

    opted_in = SecretStore(backend, allow_plaintext=True)
    assert opted_in.availability()[0] is True
    opted_in.save("prod", Secret("on-disk-by-choice"))
    assert opted_in.load("prod") == Secret("on-disk-by-choice")
    assert (tmp_path / "keyring_pass.cfg").exists()


def test_any_backend_that_calls_itself_unencrypted_is_refused() -> None:
    usable, reason = SecretStore(UnencryptedFileKeyring()).availability()
    assert usable is False and "plain text" in reason


def test_a_hanging_keyring_times_out_then_recovers() -> None:
    backend = HangingKeyring()
    store = SecretStore(backend, timeout=0.2)
    with pytest.raises(KeyringTimeout, match="did not answer within 0.2 s"):
        store.load("prod")
    assert backend.entered.is_set()

    # While the abandoned call still hangs, more calls fail at once ("still busy") instead of
    # piling up threads (which would wait out the timeout and say "did not answer").
    assert store.availability()[0] is False
    with pytest.raises(KeyringUnavailable, match="still busy"):
        store.save("prod", Secret("x"))

    backend.release.set()
    deadline = time.monotonic() + HANG_GUARD  # a hang guard, not a budget
    while store.busy and time.monotonic() < deadline:
        time.sleep(0.01)
    store.save("prod", Secret("after-unlock"))
    assert backend.entries[(SERVICE, "prod")] == "after-unlock"


async def test_a_hanging_keyring_does_not_block_the_event_loop() -> None:
    backend = HangingKeyring()
    store = SecretStore(backend, timeout=0.2)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    try:
        with pytest.raises(KeyringTimeout):
            await store.load_async("prod")
        assert ticks > 0  # the loop kept turning while the keyring hung
    finally:
        ticker.cancel()
        backend.release.set()


def test_errors_never_contain_the_secret_in_repr(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.save("prod", Secret("repr-check"))
    loaded = store.load("prod")
    assert "repr-check" not in repr(loaded) and "repr-check" not in f"{loaded}"


def test_a_crash_traceback_with_locals_never_shows_the_secret() -> None:
    import io
    import uuid

    from rich.console import Console
    from rich.traceback import Traceback

    secret = Secret(f"traceback-{uuid.uuid4().hex}")  # not a literal: the traceback shows source lines
    with pytest.raises(KeyringUnavailable) as caught:
        SecretStore(BrokenKeyring()).save("prod", secret)
    console = Console(file=io.StringIO(), width=200, color_system=None)
    # As Textual prints a crash: every frame with its local variables.
    error = caught.value
    console.print(Traceback.from_exception(type(error), error, error.__traceback__, show_locals=True))
    rendered = console.file.getvalue()  # type: ignore[attr-defined]
    assert "KeyringUnavailable" in rendered and "set_password" not in rendered
    assert secret.reveal() not in rendered
    assert secret.fingerprint in rendered  # the locals were shown, masked


async def test_a_cancelled_async_call_is_remembered_until_it_ends() -> None:

    backend = HangingKeyring()
    store = SecretStore(backend, timeout=5)
    task = asyncio.create_task(store.load_async("prod"))
    try:
        await asyncio.to_thread(backend.entered.wait, 1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert (await store.availability_async())[0] is False
    finally:
        backend.release.set()
    deadline = time.monotonic() + HANG_GUARD  # a hang guard, not a budget
    while store.busy and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert (await store.availability_async())[0] is True
