"""UUIDs that carry an index, so lookups need no tables, and that verify, so made-up UUIDs 404.

The last `bits` bits (48 by default, at most 56) hold the index scrambled by an invertible affine
map; the bytes before them are a keyed hash of those, so only ids this emulator minted decode.
"""

from __future__ import annotations

import hashlib
import uuid


class IdCodec:
    def __init__(self, seed: int, kind: str, bits: int = 48) -> None:
        if bits % 8 or not 8 <= bits <= 56:  # the version and variant bytes must stay in the hash
            raise ValueError("bits must be a multiple of 8 between 8 and 56")
        self.bits = bits
        self.mask = (1 << bits) - 1
        key = hashlib.blake2b(f"maia-emulator:{seed}:{kind}".encode(), digest_size=32).digest()
        n = bits // 8
        self._mul = int.from_bytes(key[:n], "big") | 1  # odd, hence invertible mod 2**bits
        self._add = int.from_bytes(key[n : 2 * n], "big")
        self._inv = pow(self._mul, -1, 1 << bits)
        self._key = key[2 * n : 2 * n + 16]

    def encode(self, index: int) -> str:
        if not 0 <= index <= self.mask:
            raise ValueError("index out of range")
        node = ((index * self._mul + self._add) & self.mask).to_bytes(self.bits // 8, "big")
        raw = bytearray(hashlib.blake2b(node, key=self._key, digest_size=16 - self.bits // 8).digest() + node)
        raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
        raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
        return str(uuid.UUID(bytes=bytes(raw)))

    def decode(self, text: str) -> int | None:
        """The index behind an id this codec minted, or None for anything else."""
        try:
            parsed = uuid.UUID(text)
        except (ValueError, TypeError, AttributeError):
            return None
        node = int.from_bytes(parsed.bytes[16 - self.bits // 8 :], "big")
        index = ((node - self._add) * self._inv) & self.mask
        return index if self.encode(index) == str(parsed) else None
