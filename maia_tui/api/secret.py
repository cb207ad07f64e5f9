"""A masked holder for client secrets and access tokens.

Textual prints crash tracebacks with every frame's local variables, and loggers print
whatever they are given, so a secret travels as a `Secret` from the login form to the HTTP
request and is revealed only at the last moment, inline, never into a named local.
"""

from __future__ import annotations

from typing import NoReturn


class Secret:
    """A string that never shows itself in repr(), str(), format() or pickling."""

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, str):
            raise TypeError("Secret holds a str")
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        """The real value. Use it inline where it is sent; never keep it in a variable."""
        return self._value

    @property
    def fingerprint(self) -> str:
        """A short, one-way tag that tells two secrets apart without showing either."""
        if not self._value:
            return "empty"
        import hashlib  # here, not at start-up: ~1 ms of import before the login form paints

        return "sha256:" + hashlib.sha256(self._value.encode()).hexdigest()[:8]

    def __bool__(self) -> bool:
        return bool(self._value)

    def __len__(self) -> int:
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            return self._value == other._value
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __repr__(self) -> str:
        return f"Secret({self.fingerprint})"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Secret is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")
