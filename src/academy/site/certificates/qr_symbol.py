"""QR code symbols, the parts that do not depend on the data mask (ISO/IEC 18004:2015).

Byte mode only, versions 1–10: tables, Reed-Solomon over GF(256), BCH-coded format
and version information, the function patterns and the order in which data
modules are placed. ``qr.py`` encodes batches with it and chooses masks.
"""

from __future__ import annotations

from functools import cache

import numpy as np

# (blocks, codewords per block, data codewords per block) for versions 1-10;
# ISO/IEC 18004:2015 table 9, the same numbers as segno.consts.ECC.
EC_BLOCKS: dict[int, dict[str, tuple[tuple[int, int, int], ...]]] = {
    1: {"L": ((1, 26, 19),), "M": ((1, 26, 16),), "Q": ((1, 26, 13),), "H": ((1, 26, 9),)},
    2: {"L": ((1, 44, 34),), "M": ((1, 44, 28),), "Q": ((1, 44, 22),), "H": ((1, 44, 16),)},
    3: {"L": ((1, 70, 55),), "M": ((1, 70, 44),), "Q": ((2, 35, 17),), "H": ((2, 35, 13),)},
    4: {"L": ((1, 100, 80),), "M": ((2, 50, 32),), "Q": ((2, 50, 24),), "H": ((4, 25, 9),)},
    5: {
        "L": ((1, 134, 108),),
        "M": ((2, 67, 43),),
        "Q": ((2, 33, 15), (2, 34, 16)),
        "H": ((2, 33, 11), (2, 34, 12)),
    },
    6: {"L": ((2, 86, 68),), "M": ((4, 43, 27),), "Q": ((4, 43, 19),), "H": ((4, 43, 15),)},
    7: {
        "L": ((2, 98, 78),),
        "M": ((4, 49, 31),),
        "Q": ((2, 32, 14), (4, 33, 15)),
        "H": ((4, 39, 13), (1, 40, 14)),
    },
    8: {
        "L": ((2, 121, 97),),
        "M": ((2, 60, 38), (2, 61, 39)),
        "Q": ((4, 40, 18), (2, 41, 19)),
        "H": ((4, 40, 14), (2, 41, 15)),
    },
    9: {
        "L": ((2, 146, 116),),
        "M": ((3, 58, 36), (2, 59, 37)),
        "Q": ((4, 36, 16), (4, 37, 17)),
        "H": ((4, 36, 12), (4, 37, 13)),
    },
    10: {
        "L": ((2, 86, 68), (2, 87, 69)),
        "M": ((4, 69, 43), (1, 70, 44)),
        "Q": ((6, 43, 19), (2, 44, 20)),
        "H": ((6, 43, 15), (2, 44, 16)),
    },
}
ALIGNMENT: dict[int, tuple[int, ...]] = {2: (6, 18), 3: (6, 22), 4: (6, 26), 5: (6, 30), 6: (6, 34)}
ALIGNMENT |= {7: (6, 22, 38), 8: (6, 24, 42), 9: (6, 26, 46), 10: (6, 28, 50)}
MAX_VERSION = 10
LEVEL_BITS = {"L": 1, "M": 0, "Q": 3, "H": 2}
BOOST = ("M", "Q", "H")


def _gf_tables() -> tuple[np.ndarray, np.ndarray]:
    exp = np.zeros(512, dtype=np.int64)
    log = np.zeros(256, dtype=np.int64)
    x = 1
    for i in range(255):
        exp[i] = x
        log[x] = i
        x <<= 1
        if x & 0x100:
            x ^= 0x11D
    exp[255:510] = exp[0:255]
    return exp, log


_EXP, _LOG = _gf_tables()
_MUL = np.zeros((256, 256), dtype=np.uint8)
_MUL[1:, 1:] = _EXP[(_LOG[1:, None] + _LOG[None, 1:]) % 255]


@cache
def _generator(degree: int) -> np.ndarray:
    """Coefficients of prod(x - a^i), i < degree, without the leading 1."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, c in enumerate(poly):
            nxt[j] ^= c
            nxt[j + 1] ^= int(_MUL[c, _EXP[i]])
        poly = nxt
    return np.array(poly[1:], dtype=np.uint8)


def _bch(value: int, poly: int, bits: int) -> int:
    rem = value << bits
    top = poly.bit_length() - 1
    while rem.bit_length() > top:
        rem ^= poly << (rem.bit_length() - 1 - top)
    return (value << bits) | rem


def format_bits(level: str, mask: int) -> int:
    return _bch((LEVEL_BITS[level] << 3) | mask, 0x537, 10) ^ 0x5412


def version_bits(version: int) -> int:
    return _bch(version, 0x1F25, 12)


def data_capacity(version: int, level: str) -> int:
    """Data codewords of a symbol."""
    return sum(n * d for n, _, d in EC_BLOCKS[version][level])


def byte_mode_bits(version: int, length: int) -> int:
    return 4 + (8 if version < 10 else 16) + 8 * length


@cache
def choose(length: int) -> tuple[int, str] | None:
    """Smallest version for level M, then the best level that still fits (segno's boost)."""
    for version in range(1, MAX_VERSION + 1):
        if byte_mode_bits(version, length) <= 8 * data_capacity(version, "M"):
            level = "M"
            for better in BOOST[1:]:
                if byte_mode_bits(version, length) > 8 * data_capacity(version, better):
                    break
                level = better
            return version, level
    return None


class Layout:
    """Everything about a version that does not depend on the data."""

    def __init__(self, version: int) -> None:
        n = self.size = 17 + 4 * version
        self.version = version
        base = np.full((n, n), 2, dtype=np.uint8)  # 2 = free for data
        for r, c in ((0, 0), (0, n - 7), (n - 7, 0)):  # finder patterns + separators
            base[max(r - 1, 0) : r + 8, max(c - 1, 0) : c + 8] = 0
            base[r : r + 7, c : c + 7] = 1
            base[r + 1 : r + 6, c + 1 : c + 6] = 0
            base[r + 2 : r + 5, c + 2 : c + 5] = 1
        pos = ALIGNMENT.get(version, ())
        for r in pos:
            for c in pos:
                if (r, c) in ((pos[0], pos[0]), (pos[0], pos[-1]), (pos[-1], pos[0])):
                    continue
                base[r - 2 : r + 3, c - 2 : c + 3] = 1
                base[r - 1 : r + 2, c - 1 : c + 2] = 0
                base[r, c] = 1
        base[0:9, 8] = 0  # format areas, light while the mask is chosen
        base[8, 0:9] = 0
        base[n - 8 :, 8] = 0
        base[8, n - 8 :] = 0
        timing = (np.arange(8, n - 8) % 2 == 0).astype(np.uint8)
        base[6, 8 : n - 8] = timing
        base[8 : n - 8, 6] = timing
        if version >= 7:
            base[0:6, n - 11 : n - 8] = 0
            base[n - 11 : n - 8, 0:6] = 0
        order = []
        for right in range(n - 1, 0, -2):
            if right <= 6:
                right -= 1
            upwards = (right & 2) == 0
            for vertical in range(n):
                for z in (0, 1):
                    j = right - z
                    i = n - 1 - vertical if upwards ^ (j < 6) else vertical
                    if base[i, j] == 2:
                        order.append(i * n + j)
        self.positions = np.array(order, dtype=np.intp)
        free = base.reshape(-1) == 2
        base[base == 2] = 0
        self.template = base.reshape(-1)
        gi, gj = np.indices((n, n))
        rules = (
            (gi + gj) % 2 == 0,
            gi % 2 == 0,
            gj % 3 == 0,
            (gi + gj) % 3 == 0,
            (gi // 2 + gj // 3) % 2 == 0,
            (gi * gj) % 2 + (gi * gj) % 3 == 0,
            ((gi * gj) % 2 + (gi * gj) % 3) % 2 == 0,
            ((gi + gj) % 2 + (gi * gj) % 3) % 2 == 0,
        )
        self.masks = np.stack([r.reshape(-1) & free for r in rules]).astype(np.uint8)

    def finish(self, matrix: np.ndarray, level: str, mask: int) -> None:
        """Write format information, the dark module and version information, in place.

        ``matrix`` is one (n, n) symbol or a stack of them with the same mask.
        """
        n = self.size
        fmt = format_bits(level, mask)
        for i in range(8):
            v, h = (fmt >> i) & 1, (fmt >> (14 - i)) & 1
            matrix[..., i + (i >= 6), 8] = v
            matrix[..., 8, i + (i >= 6)] = h
            matrix[..., 8, n - 1 - i] = v
            matrix[..., n - 1 - i, 8] = h
        matrix[..., n - 8, 8] = 1
        if self.version >= 7:
            info = version_bits(self.version)
            for i in range(18):
                bit = (info >> i) & 1
                matrix[..., n - 11 + i % 3, i // 3] = bit
                matrix[..., i // 3, n - 11 + i % 3] = bit


@cache
def layout(version: int) -> Layout:
    return Layout(version)


@cache
def interleave(version: int, level: str) -> np.ndarray:
    """Index order of [data codewords..., EC codewords...] in the final message."""
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    d = 0
    total_data = data_capacity(version, level)
    e = total_data
    for count, total, data in EC_BLOCKS[version][level]:
        for _ in range(count):
            data_blocks.append(list(range(d, d + data)))
            ec_blocks.append(list(range(e, e + total - data)))
            d += data
            e += total - data
    order: list[int] = []
    for blocks in (data_blocks, ec_blocks):
        for k in range(max(len(b) for b in blocks)):
            order.extend(b[k] for b in blocks if k < len(b))
    return np.array(order, dtype=np.intp)


def codewords(payload: np.ndarray, version: int, level: str) -> np.ndarray:
    """Byte-mode data codewords with padding, (k, length) bytes → (k, capacity)."""
    k, length = payload.shape
    count = (
        [length >> 4, length & 15] if version < 10 else [(length >> s) & 15 for s in (12, 8, 4, 0)]
    )
    nibbles = np.empty((k, 2 + len(count) + 2 * length), dtype=np.uint8)
    nibbles[:, 0] = 4  # byte mode
    nibbles[:, 1 : 1 + len(count)] = count
    nibbles[:, 1 + len(count) : -1 : 2] = payload >> 4
    nibbles[:, 2 + len(count) :: 2] = payload & 15
    nibbles[:, -1] = 0  # terminator
    cw = (nibbles[:, 0::2] << 4) | nibbles[:, 1::2]
    # Byte mode always ends on a codeword boundary here; segno then still writes
    # one zero byte before the pad codewords (decoders stop at the terminator).
    capacity = data_capacity(version, level)
    pad = np.zeros(max(capacity - cw.shape[1], 0), dtype=np.uint8)
    pad[1:] = np.resize(np.array([0xEC, 0x11], dtype=np.uint8), max(pad.size - 1, 0))
    return np.concatenate([cw, np.broadcast_to(pad, (k, pad.size))], axis=1)


def message(data: np.ndarray, version: int, level: str) -> np.ndarray:
    """Data + Reed-Solomon codewords, interleaved: (k, total codewords)."""
    parts = [data]
    start = 0
    for count, total, size in EC_BLOCKS[version][level]:
        gen = _generator(total - size)
        for _ in range(count):
            block = data[:, start : start + size]
            rem = np.zeros((data.shape[0], total - size), dtype=np.uint8)
            for i in range(size):
                factor = block[:, i] ^ rem[:, 0]
                rem[:, :-1] = rem[:, 1:]
                rem[:, -1] = 0
                rem ^= _MUL[factor[:, None], gen[None, :]]
            parts.append(rem)
            start += size
    return np.concatenate(parts, axis=1)[:, interleave(version, level)]
