"""The numpy QR encoder against segno, module for module."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
import segno

from academy.site.certificates import qr, qr_symbol


def segno_matrix(text: str) -> np.ndarray:
    code = segno.make(text, error="m", mode="byte", micro=False)
    return np.array([list(row) for row in code.matrix], dtype=np.uint8)


def sample_texts() -> list[str]:
    rng = random.Random(2026)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:.-_?=&%"
    texts = [f"https://academy.example.cn/certificates/CS2024{i:03d}/" for i in range(1, 120)]
    texts += [f"http://127.0.0.1:8000/certificates/AB{2020 + i}{i * 7:04d}/" for i in range(40)]
    for length in [*range(1, 214, 4), 14, 26, 42, 62, 84, 106, 122, 152, 180, 213]:
        texts += ["".join(rng.choice(alphabet) for _ in range(length)) for _ in range(3)]
    return texts


def test_every_symbol_is_the_one_segno_makes() -> None:
    """Does the batch encoder give segno's symbol (version, level, mask, modules) every time?"""
    texts = sample_texts()
    for text, matrix in zip(texts, qr.encode_many(texts), strict=True):
        expected = segno_matrix(text)
        assert matrix.shape == expected.shape, text
        assert np.array_equal(matrix, expected), text


@pytest.mark.parametrize("text", ["x" * 214, "x" * 400, "证书 CS2024001"])
def test_long_or_non_ascii_text_goes_to_segno(text: str) -> None:
    """Is text beyond version 10 or outside ASCII still encoded, by segno itself?"""
    assert qr_symbol.choose(len(text)) is None or not text.isascii()
    assert np.array_equal(qr.encode_many([text])[0], segno_matrix(text))


def raster(size: int, path: str) -> np.ndarray:
    out = np.zeros((size, size), dtype=np.uint8)
    x = y = 0
    for cmd, dx, dy, run in re.findall(r"([Mm])(-?\d+) (\d+)(?:\.5)?h(\d+)", path):
        if cmd == "M":
            x, y = int(dx), int(dy)
        else:
            x, y = x + int(dx), y + int(dy)
        out[y, x : x + int(run)] = 1
        x += int(run)
    return out


def test_svg_path_draws_exactly_the_dark_modules() -> None:
    """Does the compact path, drawn back, give the matrix it was made from?"""
    texts = sample_texts()[::7]
    for (size, path), matrix in zip(qr.paths_many(texts), qr.encode_many(texts), strict=True):
        assert size == matrix.shape[0]
        assert np.array_equal(raster(size, path), matrix)


def test_svg_is_inline_and_self_contained() -> None:
    """Is the SVG free of namespaces, sizes and URLs, and is its label escaped?"""
    size, path = qr.paths_many(["https://academy.example.cn/certificates/CS2024001/"])[0]
    svg = qr.svg(path, size, label='证书 <CS2024001> & "x"')
    assert svg.startswith('<svg class="qr" viewBox="-2 -2 37 37"')
    assert "xmlns" not in svg and "http" not in svg and "width=" not in svg
    assert 'aria-label="证书 &lt;CS2024001&gt; &amp; &#34;x&#34;"' in svg


def test_format_and_version_bits_match_the_standard_tables() -> None:
    """Are the BCH-coded format and version words those of ISO/IEC 18004 (and segno)?"""
    from segno import consts

    for level, bits in qr_symbol.LEVEL_BITS.items():
        for mask in range(8):
            assert qr_symbol.format_bits(level, mask) == consts.FORMAT_INFO[(bits << 3) | mask]
    for version in range(7, 11):
        assert qr_symbol.version_bits(version) == consts.VERSION_INFO[version - 7]


def test_block_table_matches_segno() -> None:
    """Is the copied error-correction block table the one segno uses?"""
    from segno import consts

    levels = {"L": consts.ERROR_LEVEL_L, "M": consts.ERROR_LEVEL_M}
    levels |= {"Q": consts.ERROR_LEVEL_Q, "H": consts.ERROR_LEVEL_H}
    for version, table in qr_symbol.EC_BLOCKS.items():
        for level, blocks in table.items():
            assert blocks == tuple(tuple(b) for b in consts.ECC[version][levels[level]])
