from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from maia_tui.api.secret import Secret
from maia_tui.credentials.config import Config, Profile, load_config, save_config
from maia_tui.credentials.errors import KeyringUnavailable, ProfileNotFound
from maia_tui.credentials.profiles import forget_profile, remember_profile, secret_store_for
from maia_tui.credentials.store import SERVICE, SecretStore
from tests.support import MemoryKeyring


def test_remember_stores_the_secret_in_the_keyring_and_only_a_marker_in_the_file(
    config_file: Path, memory_keyring: MemoryKeyring
) -> None:
    profile = Profile(name="prod", client_id="id-prod", region="us1")
    saved = remember_profile(profile, Secret("never-in-the-file"), SecretStore())
    assert saved.secret_stored is True
    assert memory_keyring.entries == {(SERVICE, "prod"): "never-in-the-file"}
    text = config_file.read_text()
    assert "never-in-the-file" not in text
    assert "secret_stored = true" in text
    assert load_config().last_profile == "prod"


def test_remember_without_a_secret_saves_just_the_profile(config_file: Path, memory_keyring: MemoryKeyring) -> None:
    remember_profile(Profile(name="prod", client_id="id"), None, SecretStore())
    assert load_config().profiles["prod"].secret_stored is False
    assert memory_keyring.calls == []


def test_forget_deletes_the_secret_and_the_profile(config_file: Path, memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    remember_profile(Profile(name="prod", client_id="id"), Secret("s"), store)
    remember_profile(Profile(name="other", client_id="id2"), Secret("t"), store)
    forget_profile("prod", store)
    assert (SERVICE, "prod") not in memory_keyring.entries
    assert (SERVICE, "other") in memory_keyring.entries
    assert list(load_config().profiles) == ["other"]
    with pytest.raises(ProfileNotFound):
        forget_profile("prod", store)


def test_with_the_fail_backend_nothing_is_written_anywhere(tmp_path: Path, config_file: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(KeyringUnavailable):
        remember_profile(Profile(name="prod", client_id="id"), Secret("nowhere"), SecretStore())
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not config_file.exists()


def test_the_store_honours_the_plaintext_opt_in_from_the_config(config_file: Path) -> None:
    from tests.support import UnencryptedFileKeyring

    keyring.set_keyring(UnencryptedFileKeyring())
    refused = secret_store_for(load_config())
    usable, reason = refused.availability()
    assert usable is False and str(config_file) in reason

    save_config(Config(settings=Config().settings.__class__(allow_plaintext_keyring=True)))
    assert secret_store_for(load_config()).availability()[0] is True
