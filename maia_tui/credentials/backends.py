"""Which keyring backends may hold a secret, decided by looking at the backend, not by calling it.

Unusable: keyring's fail backend (nothing installed), the null backend (keyring disabled), and a
chainer with nothing to chain. Refused unless the user opts in: any backend that keeps secrets in
a plain-text file (keyrings.alt's PlaintextKeyring and its kin).
"""

from __future__ import annotations

from dataclasses import dataclass

from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

OPT_IN_HINT = "set allow_plaintext_keyring = true under [settings] in {path} to accept it anyway"


@dataclass(frozen=True)
class Verdict:
    usable: bool
    reason: str


def describe(backend: KeyringBackend) -> str:
    """A name for people; avoids str(backend), which asks the class for its priority."""
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def is_plaintext(backend: KeyringBackend) -> bool:
    names = [c.__name__.lower() for c in type(backend).__mro__]
    if any("plaintext" in n or "unencrypted" in n for n in names):
        return True
    # keyrings.alt file backends are plain text unless an Encrypted mixin is in the MRO.
    module = type(backend).__module__
    return module.startswith("keyrings.alt.file") and not any("encrypted" in n for n in names)


def effective_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """Where a write would land: a chainer writes to its first (highest-priority) backend."""
    if isinstance(backend, chainer.ChainerBackend):
        chained = [b for b in backend.backends if not isinstance(b, (fail.Keyring, null.Keyring))]
        return chained[0] if chained else None
    return backend


def judge(backend: KeyringBackend, *, allow_plaintext: bool, config_path: str) -> Verdict:
    if isinstance(backend, fail.Keyring):
        return Verdict(
            False,
            "No system keyring is available (keyring found no backend): install and unlock one, "
            "e.g. GNOME Keyring or KWallet, or set MAIA_CLIENT_SECRET instead",
        )
    if isinstance(backend, null.Keyring):
        return Verdict(False, "The keyring is disabled (keyring's null backend is configured)")
    target = effective_backend(backend)
    if target is None:
        return Verdict(False, "No system keyring is available (the keyring chain has no usable backend)")
    if is_plaintext(target) and not allow_plaintext:
        location = getattr(target, "file_path", None)
        where = f" ({location})" if location else ""
        return Verdict(
            False,
            f"The keyring backend {describe(target)}{where} stores secrets as plain text on disk, "
            "so maia-tui will not use it: install and unlock a system keyring (e.g. GNOME Keyring), "
            "or " + OPT_IN_HINT.format(path=config_path),
        )
    return Verdict(True, f"Secrets are kept in {describe(target)}")
