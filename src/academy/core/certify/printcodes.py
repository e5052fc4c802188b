"""防伪码: the verification codes printed on paper certificates, kept only as salted hashes.

A printed certificate carries the holder's full name, which the public site never
shows. To let a verifier confirm a paper certificate without publishing the name,
``academy print`` prints a random code (80 bits, 16 Crockford base-32 characters:
``7K3M-Q9XA-2BHD-RT5W``) on the paper only, and appends to ``rosters/print-codes.csv``
the certificate number, the day, a random salt and ``SHA-256(salt + ":" + code)``.
The certificate's public page carries the salts and hashes; the browser hashes what
the verifier types and compares. 80 random bits cannot be guessed from the hash (a
hash of the name could: with the surname shown and common given names few, it falls
to brute force in minutes). The code itself is never stored.

The file only grows (a reprint adds a row; every printed paper stays checkable). It
is read strictly, like the ledger: a malformed row is an ``E460`` problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from academy.core.errors import Problem
from academy.core.load.files import check_file

FILE = "rosters/print-codes.csv"
HEADER = ("certificate", "printed_on", "salt", "sha256")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U
CODE_BITS = 80
CERT_ID = re.compile(r"[A-Z]{1,6}[0-9]{7,}")
HEX32 = re.compile(r"[0-9a-f]{32}")
HEX64 = re.compile(r"[0-9a-f]{64}")
_READS_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


@dataclass(frozen=True)
class PrintRecord:
    certificate: str
    printed_on: dt.date
    salt: str
    sha256: str
    line: int = 0  # in rosters/print-codes.csv, when read from it

    def row(self) -> list[str]:
        return [self.certificate, self.printed_on.isoformat(), self.salt, self.sha256]


def new_code() -> str:
    """80 random bits as four groups of four base-32 characters."""
    import secrets  # only academy print makes codes (grade and build read the file)

    value = secrets.randbits(CODE_BITS)
    chars = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in range(CODE_BITS // 5))
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def normalise(code: str) -> str:
    """What the verifier typed, as it was printed: upper case, no separators, I/L→1, O→0."""
    kept = "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())
    return kept.translate(_READS_AS)


def digest(salt: str, code: str) -> str:
    import hashlib

    return hashlib.sha256(f"{salt}:{normalise(code)}".encode("ascii")).hexdigest()


def record(certificate: str, code: str, printed_on: dt.date) -> PrintRecord:
    import secrets

    salt = secrets.token_hex(16)
    return PrintRecord(certificate, printed_on, salt, digest(salt, code))


def _problem(line: int, column: int, message: str) -> Problem:
    return Problem(FILE, line, column, "E460", message)


def read(root: Path) -> tuple[list[PrintRecord], list[Problem]]:
    """Every record of ``rosters/print-codes.csv`` (none if there is no file), and problems."""
    path = root / FILE
    if not path.exists() and not path.is_symlink():
        return [], []
    refused = check_file(root, path)  # a link out of the repository, a directory, a FIFO
    if refused is not None:
        return [], [refused]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return [], [_problem(1, 1, "文件无法读取或不是 UTF-8 编码")]
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    try:
        rows.extend(reader)
    except csv.Error:  # an unclosed quote running on past the field limit, a NUL
        return [], [_problem(reader.line_num, 1, "CSV 格式有误（引号不成对或字段过长）")]
    if not rows or tuple(rows[0]) != HEADER:
        return [], [_problem(1, 1, f"第一行必须是 {','.join(HEADER)}")]
    records: list[PrintRecord] = []
    problems: list[Problem] = []
    for line, row in enumerate(rows[1:], 2):
        if len(row) != len(HEADER):
            problems.append(_problem(line, 1, f"应有 {len(HEADER)} 列，实有 {len(row)} 列"))
            continue
        cert, day, salt, sha = row
        try:
            printed_on = dt.date.fromisoformat(day) if len(day) == 10 else None
        except ValueError:
            printed_on = None
        checks = [
            (CERT_ID.fullmatch(cert), 1, f"证书编号“{cert[:40]}”格式不对"),
            (printed_on is not None, 2, f"打印日期“{day[:40]}”不是 YYYY-MM-DD 格式的真实日期"),
            (HEX32.fullmatch(salt), 3, "salt 必须是 32 位小写十六进制"),
            (HEX64.fullmatch(sha), 4, "sha256 必须是 64 位小写十六进制"),
        ]
        bad = [(field, message) for ok, field, message in checks if not ok]
        for field, message in bad:
            column = sum(len(v) + 1 for v in row[: field - 1]) + 1
            problems.append(_problem(line, column, message))
        if not bad and printed_on is not None:
            records.append(PrintRecord(cert, printed_on, salt, sha, line))
    return records, problems


def check_certificates(
    records: list[PrintRecord], issued: set[str], revoked: dict[str, dt.date]
) -> list[Problem]:
    """Rows only for certificates of the ledger, printed before any revocation: a row
    added by hand for a revoked certificate would make its page accept a chosen code."""
    problems = []
    for r in records:
        if r.certificate not in issued:
            problems.append(_problem(r.line, 1, f"证书账本中没有证书 {r.certificate}"))
        elif r.certificate in revoked and r.printed_on >= revoked[r.certificate]:
            problems.append(
                _problem(
                    r.line,
                    len(r.certificate) + 2,
                    f"证书 {r.certificate} 已于 {revoked[r.certificate]} 撤销，之后不能打印",
                )
            )
    return problems


def append(root: Path, new: PrintRecord) -> None:
    """Add one record (creating the file with its header first)."""
    path = root / FILE
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    if not path.exists():
        writer.writerow(HEADER)
    writer.writerow(new.row())
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())


def by_certificate(records: list[PrintRecord]) -> dict[str, list[dict[str, str]]]:
    """What a certificate page publishes: salt and hash of each printed paper (never a code)."""
    found: dict[str, list[dict[str, str]]] = {}
    for r in records:
        found.setdefault(r.certificate, []).append(
            {"salt": r.salt, "sha256": r.sha256, "printed_on": r.printed_on.isoformat()}
        )
    return found
