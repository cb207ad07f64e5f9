"""Remember and forget a profile together with its secret, in the order that keeps them honest:
the keyring first, then the file's `secret_stored` marker, so the marker never claims a secret
that the keyring refused.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from maia_tui.api.secret import Secret

from .config import Config, Profile, config_path, load_config, save_config
from .errors import KeyringUnavailable
from .store import DEFAULT_TIMEOUT, SecretStore


def secret_store_for(config: Config, path: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> SecretStore:
    """A store that honours the config's plaintext opt-in and names the file in its reasons."""
    return SecretStore(
        allow_plaintext=config.settings.allow_plaintext_keyring,
        timeout=timeout,
        config_path=str(path or config_path()),
    )


def remember_profile(
    profile: Profile, secret: Secret | None, store: SecretStore, path: Path | None = None, *, make_last: bool = True
) -> Profile:
    """Save the profile (and, when given, its secret). Call after a successful login only.
    `make_last`: the app starts on it next time (a sign-in does; `profiles add` does not).

    Raises KeyringUnavailable before anything is written when the secret cannot be kept.
    """
    if secret is not None:
        store.save(profile.name, secret)
        profile = replace(profile, secret_stored=True)
    else:
        profile = replace(profile, secret_stored=False)
    config = load_config(path)
    existing = config.profiles.get(profile.name)
    if existing is not None and existing.allow_writes:  # set by hand in the file; saving again keeps it
        profile = replace(profile, allow_writes=True)
    save_config(config.with_profile(profile, make_last=make_last), path)
    return profile


def forget_profile(name: str, store: SecretStore | None, path: Path | None = None) -> None:
    """Delete the profile's keyring entry (if any) and then the profile itself.

    With no usable keyring, pass store=None to drop only the profile; a stored secret then stays
    in the keyring, which is safe (it is encrypted there) but worth telling the user.
    """
    config = load_config(path)
    config.get(name)  # a clear error for an unknown name
    if store is not None:
        store.delete(name)
    save_config(config.without_profile(name), path)


def remove_profile(name: str, store: SecretStore, path: Path | None = None) -> bool:
    """Delete the keyring entry and the profile; True when a secret was deleted.

    With no usable keyring a profile whose secret is stored is left alone, and KeyringUnavailable
    says why (forgetting only half of it would leave a secret nobody knows about); one without a
    stored secret is dropped all the same."""
    profile = load_config(path).get(name)  # a clear error for an unknown name
    try:
        deleted = store.delete(name)
    except KeyringUnavailable:
        if profile.secret_stored:
            raise
        deleted = False
    forget_profile(name, None, path)
    return deleted
