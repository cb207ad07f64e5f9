"""UUIDs that carry an index, so lookups need no tables, and that verify, so made-up UUIDs 404.

The last 48 bits hold the index scrambled by an invertible affine map (mod 2**48); the first
80 bits are a keyed hash of those 48, so only ids this emulator minted decode.
"""

from __future__ import annotations

import hashlib
import uuid

_BITS = 48
_MASK = (1 << _BITS) - 1


class IdCodec:
    def __init__(self, seed: int, kind: str) -> None:
        key = hashlib.blake2b(f"maia-emulator:{seed}:{kind}".encode(), digest_size=32).digest()
        self._mul = int.from_bytes(key[:6], "big") | 1  # odd, hence invertible mod 2**48
        self._add = int.from_bytes(key[6:12], "big")
        self._inv = pow(self._mul, -1, 1 << _BITS)
        self._key = key[12:28]

    def encode(self, index: int) -> str:
        if not 0 <= index <= _MASK:
            raise ValueError("index out of range")
        node = ((index * self._mul + self._add) & _MASK).to_bytes(6, "big")
        raw = bytearray(hashlib.blake2b(node, key=self._key, digest_size=10).digest() + node)
        raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
        raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
        return str(uuid.UUID(bytes=bytes(raw)))

    def decode(self, text: str) -> int | None:
        """The index behind an id this codec minted, or None for anything else."""
        try:
            parsed = uuid.UUID(text)
        except (ValueError, TypeError, AttributeError):
            return None
        node = int.from_bytes(parsed.bytes[10:], "big")
        index = ((node - self._add) * self._inv) & _MASK
        return index if self.encode(index) == str(parsed) else None
