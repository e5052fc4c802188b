"""The hand-written numpy QR encoder, read back by an independent decoder (zxing-cpp).

Every generated symbol must decode, with zxing-cpp's C++ reader, to exactly the text
it was made from, at the version and error-correction level the encoder chose; and
be module for module the symbol segno's public API makes (segno is pinned in
pyproject.toml, since the mask choice is what both must agree on).
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
import segno
import zxingcpp

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
    assert svg.startswith('<svg class="qr" viewBox="-4 -4 41 41"')  # 4-module quiet zone
    assert "xmlns" not in svg and "http" not in svg and "width=" not in svg
    assert 'aria-label="证书 &lt;CS2024001&gt; &amp; &#34;x&#34;"' in svg


def image(matrix: np.ndarray, scale: int = 3, quiet: int = 4) -> np.ndarray:
    """The symbol as a grey-scale picture a scanner would see: black on white, quiet zone."""
    padded = np.pad(matrix, quiet, constant_values=0)
    big = np.kron(padded, np.ones((scale, scale), dtype=np.uint8))
    return np.where(big == 1, 0, 255).astype(np.uint8)


def decode(matrix: np.ndarray) -> zxingcpp.Barcode:
    found = zxingcpp.read_barcodes(image(matrix), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, "the decoder found no QR code"
    return found[0]


def test_every_symbol_decodes_to_its_text() -> None:
    """Does zxing-cpp read every symbol (versions 1-10, levels M/Q/H, all masks) back
    to its exact text, at the version and level the encoder chose?"""
    texts = sample_texts()
    seen: set[tuple[str, str, str]] = set()
    for text, matrix in zip(texts, qr.encode_many(texts), strict=True):
        barcode = decode(matrix)
        assert barcode.valid and barcode.text == text
        fit = qr_symbol.choose(len(text))
        assert fit is not None
        version, level = fit
        assert barcode.extra["Version"] == str(version), text
        assert barcode.extra["ECLevel"] == level == barcode.ec_level, text
        seen.add((barcode.extra["Version"], level, str(barcode.extra["DataMask"])))
    versions = {v for v, _, _ in seen}
    masks = {m for _, _, m in seen}
    assert versions == {str(v) for v in range(1, 11)}  # every version of the fast path
    assert {lv for _, lv, _ in seen} >= {"M", "Q", "H"} and len(masks) == 8


def test_svg_path_decodes_to_the_url() -> None:
    """Drawn from its SVG path (what the page shows), does the code still read as the URL?"""
    url = "https://academy.example.cn/certificates/CS2024001/"
    size, path = qr.paths_many([url])[0]
    assert decode(raster(size, path)).text == url


def test_segno_is_pinned() -> None:
    """Is segno (its mask choice is what the tests compare with) pinned to one version?"""
    import tomllib
    from importlib.metadata import version

    from tests.conftest import REPO

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    pins = [d for d in project["dependencies"] if d.startswith("segno")]
    assert pins == [f"segno=={version('segno')}"]
