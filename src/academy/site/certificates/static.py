"""Write the certificate files straight into the built site, without MkDocs.

MkDocs renders its whole navigation into every page it builds; 20,000 certificate
pages take it minutes and over a gigabyte (``scripts/bench/bench_certificates.py``).
These pages are plain standalone HTML instead (the portal's header,
``certificates.css``, no external URL), written beside MkDocs: ``academy build``
starts the workers into a staging folder as soon as the pipeline has run (plain
``mkdocs`` starts them in the plugin's ``on_files``, once MkDocs has cleaned the
site folder), so they run while the pages are generated and rendered; ``finish()``
(in ``on_post_build``) joins them. The steps, in order:

1. ``views``: display values of every certificate, as of the build;
2. numbered tasks (``Tasks``), taken in turn from a shared counter by the worker
   processes (one per CPU but the builder's, when there are thousands: ``workers``)
   and, once it has built its pages, by the builder itself in ``finish()``:
   task 0, the site-wide files (the registry views, the lookup shards, the issuer
   profile, the public key, the revocation list, the achievements); then one task
   per ``CHUNK`` certificates: QR codes in numpy batches (``qr.paths_many``), the
   verification page with the printable certificate
   (``certificates/<ID>/index.html``), ``credential.json`` (with keys: the
   embedded-proof form for wallets) and, with keys, ``credential.jwt``. A chunk's
   proofs are cached in ``.cache/credential-proofs/`` of the repository, one file
   per chunk (``integrity.ProofCache``): the ledger only grows, so a chunk keeps
   its certificates and an unchanged credential is never canonicalised again.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing as mp
import os
import pickle
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from jinja2 import Environment
from markupsafe import Markup

from academy.core.certify import printcodes
from academy.core.credentials import badges, integrity
from academy.core.credentials.integrity import ProofCache
from academy.core.credentials.keys import (
    KeyProblem,
    PublicKey,
    Signer,
    jwk_path,
    load_public_key,
    public_pem,
    published_jwk,
    signer_from_environment,
    thumbprint,
)
from academy.core.vocabulary import CertStatus

from ...core.pipeline import Outcome
from .. import csp
from ..common import SiteContext, template_env
from . import qr
from .lookup import shards
from .registry import Registry, render_views, row
from .view import CertView, SettingProblem, chinese_date, site_url, views

CERT_ROOT = "../../"  # from certificates/<ID>/ back to the site root
PROOF_CACHE = ".cache/credential-proofs"  # in the repository; never committed
RETIRED_KEYS = "keys/retired.jwks.json"  # in the repository: earlier public keys, still published
KIT_PATH = "keys/verification-kit.json"  # the site's keys and status list, as one dated file


class Writer:
    """Writes files under the site directory and counts them.

    Plain ``os.open``/``os.write``: three times faster than ``open()`` with its
    text layer, which matters at 60,000 files.
    """

    FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = str(site_dir)
        self.count = 0
        self._made: set[str] = set()

    def write(self, rel: str, text: str) -> None:
        folder, _, _ = rel.rpartition("/")
        if folder not in self._made:
            os.makedirs(f"{self.site_dir}/{folder}", exist_ok=True)
            self._made.add(folder)
        fd = os.open(f"{self.site_dir}/{rel}", self.FLAGS, 0o666)
        try:
            data = memoryview(text.encode("utf-8"))
            while data:
                data = data[os.write(fd, data) :]
        finally:
            os.close(fd)
        self.count += 1


def environment() -> Environment:
    env = template_env()
    env.filters["cn"] = chinese_date
    env.globals["csp"] = csp.policy()  # the certificate pages run no inline script
    return env


class CertificateFiles:
    """Renders one certificate's files; built once per site build."""

    def __init__(
        self, outcome: Outcome, ctx: SiteContext, signer: Signer | None, wallet: bool = True
    ) -> None:
        self.programs = outcome.project.programs  # not the outcome: the workers get a copy
        self.ctx = ctx
        self.base = site_url(ctx)
        self.signer = signer
        self.wallet = wallet and signer is not None  # the embedded-proof form
        self.issuer = badges.issuer_profile(self.base, ctx.site_name)
        self.page = environment().get_template("certificates/certificate.html.j2")
        self.common: dict[str, Any] = {
            "root": CERT_ROOT,
            "site_name": ctx.site_name,
            "as_of": ctx.as_of.isoformat(),
            "signed": signer is not None,
            "wallet": self.wallet,
            "kid": signer.kid if signer else "",
            "alg": signer.algorithm if signer else "",
            "jwk": jwk_path(signer.jwt_public) if signer else "",
            "did": integrity.did_web(self.base),
        }
        self.achievements: dict[tuple[str, str], dict[str, Any]] = {}
        records, problems = printcodes.read(ctx.root)
        if problems:
            raise SettingProblem("；".join(map(str, problems)))
        self.print_codes = printcodes.by_certificate(records)

    def __getstate__(self) -> dict[str, Any]:
        """What a worker process is sent: everything but the compiled template."""
        return {k: v for k, v in self.__dict__.items() if k != "page"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.page = environment().get_template("certificates/certificate.html.j2")

    @property
    def cache_dir(self) -> Path:
        return self.ctx.root / PROOF_CACHE

    def achievement(self, c: CertView) -> dict[str, Any]:
        key = (c.program_id, c.level_id)
        if key not in self.achievements:
            program = self.programs.get(c.program_id)
            if program is None:  # a revoked certificate of a program since removed
                found = badges.retired_achievement(self.base, c.program_id, c.level_id, self.issuer)
                found["name"] = f"{c.program_title} · {c.level_label}"
            else:
                found = badges.achievement(self.base, program, c.level_id, self.issuer)
            self.achievements[key] = found
        return self.achievements[key]

    def credential(self, c: CertView) -> dict[str, Any]:
        found = self.achievement(c)
        return badges.credential(
            base=self.base,
            cert_id=c.id,
            employee_id=c.employee_id,
            index=c.index,
            name=found["name"],
            issued_on=c.issued_on,
            valid_until=c.valid_until,
            issuer=self.issuer,
            achievement_doc=found,
            signed=self.signer is not None,
        )

    def files(
        self, c: CertView, size: int, path: str, cache: ProofCache | None = None
    ) -> list[tuple[str, str]]:
        url = self.base + c.path
        label = f"证书 {c.id} 查验二维码：{url}"
        html = self.page.render(
            c=c,
            qr=Markup(qr.svg(path, size, label=label)),
            url=url,
            window=self._window(c),
            codes=json.dumps(self.print_codes.get(c.id, []), separators=(",", ":")),
            **self.common,
        )
        doc = self.credential(c)
        signer = self.signer
        wallet = badges.secured(doc, signer, self.base, cache) if signer and self.wallet else doc
        out = [(f"{c.path}index.html", html), (f"{c.path}credential.json", badges.dumps(wallet))]
        if signer is not None:
            out.append((f"{c.path}credential.jwt", badges.sign(doc, signer, self.base)))
        return out

    def _window(self, c: CertView) -> int:
        program = self.programs.get(c.program_id)
        rule = program.certificate if program else None
        return rule.renewal_window_months if rule else 1

    def published_keys(self) -> list[PublicKey]:
        """The signer's public keys, then the retired ones the repository keeps publishing."""
        keys = self.signer.publics() if self.signer is not None else []
        retired = self.ctx.root / RETIRED_KEYS
        if retired.is_file():
            try:
                keys += load_public_key(retired)
            except KeyProblem as err:
                raise SettingProblem(f"{RETIRED_KEYS}：{err}") from None
        unique: dict[str, PublicKey] = {}
        for key in keys:
            unique.setdefault(thumbprint(key), key)
        return list(unique.values())

    def shared(self, certs: list[CertView]) -> list[tuple[str, str]]:
        """Issuer, keys, DID document, status list, achievements: one file each for the site."""
        base, signer, as_of = self.base, self.signer, self.ctx.as_of
        keys = self.published_keys() if signer is not None else []
        urls = [base + jwk_path(k) for k in keys if not isinstance(k, Ed25519PublicKey)]
        doc = badges.issuer_document(base, self.ctx.site_name, signer, urls)
        out = [(badges.ISSUER_PATH, badges.dumps(doc))]
        jwks = {"keys": [published_jwk(k) for k in keys]}
        out.append((badges.JWKS_PATH, json.dumps(jwks, indent=2) + "\n"))
        revoked = [c.index for c in certs if c.status == CertStatus.REVOKED]
        listing = badges.status_list(base, self.issuer, revoked, as_of)
        if signer is None:
            out.append((badges.STATUS_LIST_PATH, badges.dumps(listing)))
        else:
            out.append((badges.PUBLIC_PEM_PATH, "".join(public_pem(k) for k in signer.publics())))
            for key in keys:  # the JWT kid is the URL of one of these: a single JWK each
                out.append((jwk_path(key), json.dumps(published_jwk(key), indent=2) + "\n"))
            ed25519 = [k for k in keys if isinstance(k, Ed25519PublicKey)]
            did = integrity.did_document(base, ed25519)
            out.append((integrity.did_document_path(base), json.dumps(did, indent=2) + "\n"))
            proved = badges.secured(listing, signer, base)
            out.append((badges.STATUS_LIST_PATH, badges.dumps(proved)))
            token = badges.sign(listing, signer, base)
            out.append((badges.STATUS_LIST_JWT_PATH, token))
            kit = badges.verification_kit(base, doc, jwks, token, as_of)
            out.append((KIT_PATH, badges.dumps(kit)))
        for c in certs:
            self.achievement(c)
        for doc in self.achievements.values():
            achievement_doc = {"@context": [integrity.VC_CONTEXT, integrity.OB_CONTEXT], **doc}
            out.append((doc["id"].removeprefix(base), badges.dumps(achievement_doc)))
        return out


MIN_PER_WORKER = 2000  # below this a second process costs more than it saves
CHUNK = 1000  # certificates per task: workers and, at the end, the builder take turns
SITE_WIDE = 0  # task 0: the site-wide files; task i ≥ 1: the i-th chunk of certificates


class Chunks:
    """The views, ``size`` at a time (in memory: no other process helps)."""

    def __init__(self, certs: list[CertView], size: int) -> None:
        self.certs, self.size, self.count = certs, size, len(certs)

    def chunk(self, number: int) -> list[CertView]:
        return self.certs[number * self.size : (number + 1) * self.size]

    def all(self) -> list[CertView]:
        return self.certs

    def close(self) -> None:
        pass


class Shelved(Chunks):
    """The views pickled chunk by chunk into a temporary file, for worker processes:
    each process loads only the chunk it writes (the site-wide task all of them), so
    no process holds every view while it writes (100,000 certificates: ~150 MB each)."""

    def __init__(self, certs: list[CertView], size: int) -> None:
        super().__init__([], size)
        self.count = len(certs)
        fd, self.path = tempfile.mkstemp(prefix="academy-views-", suffix=".pickle")
        self.offsets = [0]
        with os.fdopen(fd, "wb") as f:
            for start in range(0, len(certs), size):
                self.offsets.append(
                    self.offsets[-1] + f.write(pickle.dumps(certs[start : start + size]))
                )

    def chunk(self, number: int) -> list[CertView]:
        if number + 1 >= len(self.offsets):
            return []
        with open(self.path, "rb") as f:
            f.seek(self.offsets[number])
            found: list[CertView] = pickle.loads(
                f.read(self.offsets[number + 1] - self.offsets[number])
            )
        return found

    def all(self) -> list[CertView]:
        return [c for number in range(len(self.offsets) - 1) for c in self.chunk(number)]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)


Task = tuple[CertificateFiles, Chunks, Path]


def _write_chunk(task: Task, chunk: int) -> int:
    """Write the certificates of ``chunk`` (from 0): QR codes, pages, credentials."""
    maker, certs, site_dir = task
    mine = certs.chunk(chunk)
    writer = Writer(site_dir)
    cache = ProofCache(maker.cache_dir / f"chunk-{chunk}.json" if maker.wallet else None)
    codes = qr.paths_many([maker.base + c.path for c in mine])
    for c, (size, path) in zip(mine, codes, strict=True):
        for rel, text in maker.files(c, size, path, cache):
            writer.write(rel, text)
    cache.save()
    return writer.count


def _do(task: Task, number: int) -> int:
    maker, certs, site_dir = task
    if number == SITE_WIDE:
        return _write_site_wide(maker, certs.all(), site_dir)
    return _write_chunk(task, number - 1)


def task_count(certs: int, chunk: int) -> int:
    """The site-wide task and one per ``chunk`` certificates."""
    return 1 + -(-certs // chunk)


class Tasks:
    """Numbered tasks taken in turn by every process that helps (a shared counter)."""

    def __init__(self, task: Task, total: int, counter: Any = None) -> None:
        self.task, self.total, self.counter = task, total, counter

    def take(self) -> int | None:
        """The next task's number; None when all are taken (or nothing is shared)."""
        if self.counter is None:
            return None
        with self.counter.get_lock():
            number = int(self.counter.value)
            if number >= self.total:
                return None
            self.counter.value = number + 1
        return number

    def drain(self) -> int:
        """Do tasks until none is left; the number of files written."""
        count = 0
        while (number := self.take()) is not None:
            count += _do(self.task, number)
        return count


_WORKER_TASKS: Tasks | None = None  # set only inside the worker processes, by _init_worker


def _init_worker(tasks: Tasks) -> None:
    global _WORKER_TASKS
    _WORKER_TASKS = tasks


def _worker_drain() -> int:
    assert _WORKER_TASKS is not None
    return _WORKER_TASKS.drain()


def workers(count: int) -> int:
    """Worker processes for ``count`` certificates (0: this process writes them).

    The building process has its own work meanwhile (generating and rendering the
    pages), so it keeps one CPU: one worker per other CPU, and none below
    ``MIN_PER_WORKER`` certificates, where a second process costs more than it saves.
    When the builder is done with its pages it takes the tasks still left (``finish``).
    Workers run only beside a single-threaded builder (``academy build``); under
    ``serve`` (live-reload threads) the files are written in this process.
    ``ACADEMY_WORKERS`` overrides the number (0 = no worker).
    """
    wanted = os.environ.get("ACADEMY_WORKERS", "")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    parts = int(wanted) if wanted.isdigit() else min((cpus or 1) - 1, count // MIN_PER_WORKER)
    alone = threading.active_count() == 1
    return max(0, parts) if alone else 0


class Pending:
    """Certificate files being written by worker processes and, at the end, this one."""

    def __init__(self, tasks: Tasks, pool: Any = None, result: Any = None, done: int = 0) -> None:
        self._tasks = tasks
        self._pool = pool
        self._result = result
        self._done = done  # files already written by this process

    def wait(self) -> int:
        """Help with the tasks left, wait for the workers; the number of files written."""
        try:
            count = self._done + self._tasks.drain()
        except BaseException:
            self.cancel()
            raise
        if self._pool is not None:
            with self._pool:
                count += sum(self._result.get())
            self._pool = None
        self._tasks.task[1].close()
        return count

    def cancel(self) -> None:
        """Stop the workers (the build failed; its folder is thrown away)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._tasks.task[1].close()


def _start(maker: CertificateFiles, certs: list[CertView], site_dir: Path) -> Pending:
    """Begin writing the certificate files; ``wait()`` finishes and returns their count."""
    total = task_count(len(certs), CHUNK)
    parts = workers(len(certs))
    if parts == 0:
        task: Task = (maker, Chunks(certs, CHUNK), site_dir)
        done = sum(_do(task, number) for number in range(total))
        return Pending(Tasks(task, total), done=done)
    task = (maker, Shelved(certs, CHUNK), site_dir)
    # fresh processes, sent the views and the renderer (a few hundred bytes a
    # certificate): a forked worker would share the builder's whole heap (the
    # outcome, the pages), and both sides copy it page by page as they touch it
    # (refcounts, collections): twice the memory at 100,000 certificates
    ctx = mp.get_context("spawn")
    tasks = Tasks(task, total, ctx.Value("i", 0))
    pool = ctx.Pool(parts, initializer=_init_worker, initargs=(tasks,))
    return Pending(tasks, pool, pool.starmap_async(_worker_drain, [()] * parts, chunksize=1))


class Started:
    """``start_static``'s handle: ``finish()`` completes the files and waits."""

    def __init__(self, outcome: Outcome, ctx: SiteContext, site_dir: Path) -> None:
        self.outcome, self.ctx, self.site_dir = outcome, ctx, site_dir
        certs = views(outcome, ctx)
        signer = signer_from_environment()
        if signer is not None and signer.warning:
            print(signer.warning, file=sys.stderr)
        # ACADEMY_WALLET_FORM=0 leaves the embedded-proof form out (benchmarks compare)
        wallet = os.environ.get("ACADEMY_WALLET_FORM", "1") != "0"
        self.maker = CertificateFiles(outcome, ctx, signer, wallet)
        self.pending = _start(self.maker, certs, site_dir)

    def finish(self) -> int:
        """Take the tasks still left, then wait for the workers; the number of files."""
        return self.pending.wait()

    def cancel(self) -> None:
        self.pending.cancel()


def start_static(outcome: Outcome, ctx: SiteContext, site_dir: Path) -> Started:
    """Start writing the certificates' own files into ``site_dir`` (worker processes
    when it pays, so this can run while MkDocs renders its pages); ``finish()`` it."""
    return Started(outcome, ctx, site_dir)


def _write_site_wide(maker: CertificateFiles, certs: list[CertView], site_dir: Path) -> int:
    """Registry views, lookup shards, issuer, keys, revocation list, achievements."""
    writer = Writer(site_dir)
    ctx = maker.ctx
    registry = Registry(certs, maker.programs)
    page = environment().get_template("certificates/registry.html.j2")
    common = {k: maker.common[k] for k in ("site_name", "as_of")}
    rows = {c.id: row(c) for c in certs}
    for rel, html in render_views(registry, lambda **kw: page.render(**kw, **common), rows):
        writer.write(rel, html)
    for rel, text in shards(certs, ctx.as_of.isoformat()):
        writer.write(rel, text)
    for rel, text in maker.shared(certs):
        writer.write(rel, text)
    return writer.count


def write_static(outcome: Outcome, ctx: SiteContext, site_dir: Path) -> int:
    """Every certificate file, written into ``site_dir``; returns the number of files."""
    return start_static(outcome, ctx, site_dir).finish()
