"""Running one reader on one fuzzed input in a child process, under a memory cap.

The child is forked (the readers are already imported: milliseconds, not a new
interpreter), caps its address space at its own size plus ``HEADROOM`` with
``RLIMIT_AS``, runs the reader and reports back. The parent allows ``SECONDS``;
a child still running then is killed and the input is a failure, as is any
exception, a MemoryError included: a reader must answer bad input with problems.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
import traceback
from collections.abc import Callable
from typing import Any

HEADROOM = 512 * 1024 * 1024  # bytes above the child's baseline
SECONDS = 10.0  # per input, as the issue sets it


def _vm_size() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize")  # pragma: no cover - Linux only


def _child(reader: Callable[[Any], object], payload: Any, out: Any) -> None:
    limit = _vm_size() + HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        reader(payload)
    except BaseException:  # reported to the parent: every exception is a finding
        out.send(traceback.format_exc(limit=-8))
    else:
        out.send("")
    out.close()


def run_capped(reader: Callable[[Any], object], payload: Any) -> tuple[str, float]:
    """(traceback or "", seconds) of ``reader(payload)`` in a capped child process."""
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(reader, payload, send))
    started = time.monotonic()
    child.start()
    send.close()
    child.join(SECONDS)
    elapsed = time.monotonic() - started
    if child.is_alive():
        child.kill()
        child.join()
        return f"still running after {SECONDS} s", elapsed
    report = receive.recv() if receive.poll() else f"child died with exit code {child.exitcode}"
    return report, elapsed
