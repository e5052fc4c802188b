"""QR codes for certificate URLs, thousands at a time.

``segno`` needs about 8 ms for one code, most of it spent choosing the data mask
in pure Python: 20,000 certificates would spend minutes on QR codes alone. This
module encodes a whole batch with numpy instead, following ISO/IEC 18004 exactly
as segno does (byte mode, error level M raised to Q or H when that fits in the
same version, the mask with the lowest penalty score, first one on a tie), so
every code is module for module ``segno.make(url, error="m", mode="byte",
micro=False)``; ``tests/certs/test_qr.py`` holds it to that. Versions 1–10 (URLs
up to 213 bytes) take the fast path; anything longer or not ASCII goes to segno.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import segno
from markupsafe import escape

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
ALIGNMENT = {2: (6, 18), 3: (6, 22), 4: (6, 26), 5: (6, 30), 6: (6, 34)}
ALIGNMENT |= {7: (6, 22, 38), 8: (6, 24, 42), 9: (6, 26, 46), 10: (6, 28, 50)}
MAX_VERSION = 10
LEVEL_BITS = {"L": 1, "M": 0, "Q": 3, "H": 2}
BOOST = ("M", "Q", "H")
CHUNK = 2048  # codes evaluated together: bounds memory at ~100 MB for version 10

Matrix = np.ndarray  # (n, n) uint8, 1 = dark


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


class _Layout:
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
        i, j = np.indices((n, n))
        rules = (
            (i + j) % 2 == 0,
            i % 2 == 0,
            j % 3 == 0,
            (i + j) % 3 == 0,
            (i // 2 + j // 3) % 2 == 0,
            (i * j) % 2 + (i * j) % 3 == 0,
            ((i * j) % 2 + (i * j) % 3) % 2 == 0,
            ((i + j) % 2 + (i * j) % 3) % 2 == 0,
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
def _layout(version: int) -> _Layout:
    return _Layout(version)


@cache
def _interleave(version: int, level: str) -> np.ndarray:
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


def _codewords(payload: np.ndarray, version: int, level: str) -> np.ndarray:
    """Byte-mode data codewords with padding, (k, length) bytes → (k, capacity)."""
    k, length = payload.shape
    count = [length >> 4, length & 15] if version < 10 else [(length >> s) & 15 for s in (12, 8, 4, 0)]
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


def _message(data: np.ndarray, version: int, level: str) -> np.ndarray:
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
    return np.concatenate(parts, axis=1)[:, _interleave(version, level)]


def _pack(lines: np.ndarray) -> np.ndarray:
    """(..., n) modules → (...) uint64, module j in bit j."""
    pad = [(0, 0)] * (lines.ndim - 1) + [(0, 64 - lines.shape[-1])]
    packed = np.packbits(np.pad(lines, pad), axis=-1, bitorder="little")
    return packed.view("<u8")[..., 0]


def _count(bits: np.ndarray) -> np.ndarray:
    return np.bitwise_count(bits).sum(axis=1, dtype=np.int64)


def _penalties(rows: np.ndarray, cols: np.ndarray, n: int) -> np.ndarray:
    """Penalty score N1 + N2 + N3 + N4 of each symbol, exactly as segno computes it.

    ``rows`` and ``cols`` are (k, n) uint64 bit rows, module j in bit j; bits
    beyond the symbol are 0, which makes the quiet zone light as segno assumes.
    """
    one = np.uint64(1)
    below = (one << np.uint64(n - 1)) - one
    lines = np.concatenate([rows, cols], axis=1)

    def sh(x: np.ndarray, k: int) -> np.ndarray:
        return x >> np.uint64(k) if k > 0 else x << np.uint64(-k)

    eq = ~(lines ^ sh(lines, 1)) & below  # bit j: module j == module j+1
    five = eq & sh(eq, 1) & sh(eq, 2) & sh(eq, 3)  # modules j..j+4 alike
    first = five & ~sh(eq, -1)  # ... and the run starts at j
    n1 = _count(five) + 2 * _count(first)  # a run of L >= 5 scores L - 2
    a, b = rows[:, :-1], rows[:, 1:]
    n2 = 3 * _count(~(a ^ b) & ~(a ^ sh(a, 1)) & ~(b ^ sh(b, 1)) & below)
    width = (one << np.uint64(n - 6)) - one
    found = lines & ~sh(lines, 1) & sh(lines, 2) & sh(lines, 3) & sh(lines, 4)
    found &= ~sh(lines, 5) & sh(lines, 6) & width  # 1011101 starts at j
    before = sh(lines, -1) | sh(lines, -2) | sh(lines, -3) | sh(lines, -4)
    after = sh(lines, 7) | sh(lines, 8) | sh(lines, 9) | sh(lines, 10)
    scoring = found & ~(before & after)  # 4 light modules on at least one side
    # segno resumes its search 7 modules after a scoring match, which hides a
    # match overlapping it 4 or 6 modules on; settle that from left to right.
    hits = scoring
    while True:
        seen = found & ~(sh(hits, -4) | sh(hits, -6))
        nxt = seen & scoring
        if np.array_equal(nxt, hits):
            break
        hits = nxt
    n3 = 40 * _count(hits)
    percent = _count(rows).astype(np.float64) / float(n * n)
    n4 = 10 * (np.abs(percent * 100 - 50) / 5).astype(np.int64)
    return n1 + n2 + n3 + n4


def _encode_group(payload: np.ndarray, version: int, level: str) -> np.ndarray:
    """(k, length) ASCII bytes → (k, n, n) finished symbols."""
    layout = _layout(version)
    n = layout.size
    bits = np.unpackbits(_message(_codewords(payload, version, level), version, level), axis=1)
    k = payload.shape[0]
    base = np.broadcast_to(layout.template, (k, n * n)).copy()
    base[:, layout.positions[: bits.shape[1]]] = bits
    square = base.reshape(k, n, n)
    rows, cols = _pack(square), _pack(square.transpose(0, 2, 1))
    masks = layout.masks.reshape(8, n, n)
    mask_rows, mask_cols = _pack(masks), _pack(masks.transpose(0, 2, 1))
    scores = np.stack(
        [_penalties(rows ^ mask_rows[m], cols ^ mask_cols[m], n) for m in range(8)], axis=1
    )
    best = scores.argmin(axis=1)
    out = base ^ layout.masks[best]
    symbols = out.reshape(k, n, n)
    for mask in np.unique(best):
        chosen = symbols[best == mask]
        layout.finish(chosen, level, int(mask))
        symbols[best == mask] = chosen
    return symbols


def _segno_matrix(text: str) -> np.ndarray:
    code = segno.make(text, error="m", mode="byte", micro=False)
    return np.array([list(r) for r in code.matrix], dtype=np.uint8)


def _symbols(texts: Sequence[str]) -> list[tuple[list[int], np.ndarray]]:
    """(indices into texts, (k, n, n) symbols) per batch; fast path or segno."""
    batches: list[tuple[list[int], np.ndarray]] = []
    groups: dict[tuple[int, str, int], list[int]] = {}
    for i, text in enumerate(texts):
        fit = choose(len(text)) if text.isascii() else None
        if fit is None:
            batches.append(([i], _segno_matrix(text)[None]))
        else:
            groups.setdefault((*fit, len(text)), []).append(i)
    for (version, level, length), members in sorted(groups.items()):
        for start in range(0, len(members), CHUNK):
            chunk = members[start : start + CHUNK]
            raw = "".join(texts[i] for i in chunk).encode("ascii")
            payload = np.frombuffer(raw, dtype=np.uint8).reshape(len(chunk), length)
            batches.append((chunk, _encode_group(payload, version, level)))
    return batches


def encode_many(texts: Sequence[str]) -> list[np.ndarray]:
    """One (n, n) QR matrix per text (1 = dark), in order."""
    out: list[np.ndarray] = [np.empty(0)] * len(texts)
    for members, symbols in _symbols(texts):
        for i, symbol in zip(members, symbols, strict=True):
            out[i] = symbol
    return out


class _Moves(dict[int, str]):
    """``m{dx} {dy}h{run}`` path steps, made once and looked up by a packed key."""

    def __missing__(self, key: int) -> str:
        step = f"m{(key >> 12) - 64} {(key >> 6) & 63}h{key & 63}"
        self[key] = step
        return step


_MOVES = _Moves()


def _paths(symbols: np.ndarray) -> list[str]:
    """Each (n, n) symbol's dark modules as one path: a horizontal line per run."""
    k, n, _ = symbols.shape
    padded = np.zeros((k, n, n + 2), dtype=np.int8)
    padded[:, :, 1:-1] = symbols
    edges = np.diff(padded, axis=2)
    code, rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[2]
    dx = starts - np.concatenate([[0], ends[:-1]])
    dy = rows - np.concatenate([[0], rows[:-1]])
    keys = (((dx + 64) << 12) | (dy << 6) | (ends - starts)).tolist()
    bounds = np.searchsorted(code, np.arange(k + 1)).tolist()
    first_x, first_y, first_run = starts.tolist(), rows.tolist(), (ends - starts).tolist()
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        head = f"M{first_x[a]} {first_y[a]}.5h{first_run[a]}" if b > a else ""
        out.append(head + "".join(map(_MOVES.__getitem__, keys[a + 1 : b])))
    return out


def paths_many(texts: Sequence[str]) -> list[tuple[int, str]]:
    """(modules per side, SVG path) of each text's QR code, in order (see :func:`svg`)."""
    out: list[tuple[int, str]] = [(0, "")] * len(texts)
    for members, symbols in _symbols(texts):
        size = symbols.shape[1]
        for i, path in zip(members, _paths(symbols), strict=True):
            out[i] = (size, path)
    return out


def svg(path: str, size: int, *, label: str, border: int = 2) -> str:
    """An inline SVG (no namespace, no fixed size): scales with CSS, dark on white in any theme."""
    w = size + 2 * border
    return (
        f'<svg class="qr" viewBox="-{border} -{border} {w} {w}" role="img" '
        f'aria-label="{escape(label)}" shape-rendering="crispEdges">'
        f'<path fill="#fff" d="M-{border} -{border}h{w}v{w}h-{w}z"/>'
        f'<path stroke="#000" d="{path}"/></svg>'
    )
