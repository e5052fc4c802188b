"""QR codes for certificate URLs, thousands at a time.

``segno`` needs about 8 ms for one code, most of it spent choosing the data mask
in pure Python: 20,000 certificates would spend minutes on QR codes alone. This
module encodes a whole batch with numpy instead, following ISO/IEC 18004 exactly
as segno does (byte mode, error level M raised to Q or H when that fits in the
same version, the mask with the lowest penalty score, first one on a tie), so
every code is module for module ``segno.make(url, error="m", mode="byte",
micro=False)``; ``tests/site/certificates/test_qr.py`` holds it to that, and decodes every
symbol with zxing-cpp. Versions 1–10 (URLs up to 213 bytes) take the fast path;
anything longer or not ASCII goes to segno. ``scripts/bench/bench_qr.py`` measured
20,000 codes in 1.7 s against 142 s with segno (32 s with segno and a fixed mask)
on a busy 2-core machine: it stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import segno
from markupsafe import escape

from .qr_symbol import choose, codewords, layout, message

CHUNK = 2048  # codes evaluated together: bounds memory at ~100 MB for version 10


def _pack(lines: np.ndarray) -> np.ndarray:
    """(..., n) modules → (...) uint64, module j in bit j."""
    pad = [(0, 0)] * (lines.ndim - 1) + [(0, 64 - lines.shape[-1])]
    packed = np.packbits(np.pad(lines, pad), axis=-1, bitorder="little")
    return np.ascontiguousarray(packed).view("<u8")[..., 0]


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
    lay = layout(version)
    n = lay.size
    bits = np.unpackbits(message(codewords(payload, version, level), version, level), axis=1)
    k = payload.shape[0]
    base = np.broadcast_to(lay.template, (k, n * n)).copy()
    base[:, lay.positions[: bits.shape[1]]] = bits
    square = base.reshape(k, n, n)
    rows, cols = _pack(square), _pack(square.transpose(0, 2, 1))
    masks = lay.masks.reshape(8, n, n)
    mask_rows, mask_cols = _pack(masks), _pack(masks.transpose(0, 2, 1))
    scores = np.stack(
        [_penalties(rows ^ mask_rows[m], cols ^ mask_cols[m], n) for m in range(8)], axis=1
    )
    best = scores.argmin(axis=1)
    out = base ^ lay.masks[best]
    symbols = out.reshape(k, n, n)
    for mask in np.unique(best):
        chosen = symbols[best == mask]
        lay.finish(chosen, level, int(mask))
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
    for a, b in pairwise(bounds):
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


QUIET_ZONE = 4  # modules of light margin on every side, as ISO/IEC 18004 requires


def svg(path: str, size: int, *, label: str, border: int = QUIET_ZONE) -> str:
    """An inline SVG (no namespace, no fixed size): scales with CSS, dark on white in any theme.

    The white square includes the 4-module quiet zone, so the code scans on any
    background; CSS gives it at least 3 px a module on a phone (``certificates.css``)."""
    w = size + 2 * border
    return (
        f'<svg class="qr" viewBox="-{border} -{border} {w} {w}" role="img" '
        f'aria-label="{escape(label)}" shape-rendering="crispEdges">'
        f'<path fill="#fff" d="M-{border} -{border}h{w}v{w}h-{w}z"/>'
        f'<path stroke="#000" d="{path}"/></svg>'
    )
