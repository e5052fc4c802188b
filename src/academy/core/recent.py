"""A bounded, thread-safe memory of the last results of a pure function.

For work that a process repeats on unchanged input (``serve`` from one build to the
next, the tests' many runs): the key must hold everything the result depends on, so
a caller can never tell a remembered result from a fresh one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """``get`` and ``put``; past ``limit`` (summed ``weight`` of the keys, 1 each by
    default) the least recently used are forgotten."""

    def __init__(self, limit: int, weight: Callable[[K], int] = lambda key: 1) -> None:
        self._limit, self._weight = limit, weight
        self._lock = threading.Lock()
        self._items: OrderedDict[K, V] = OrderedDict()
        self._total = 0

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            if key not in self._items:
                self._total += self._weight(key)
            self._items[key] = value
            self._items.move_to_end(key)
            while self._total > self._limit and len(self._items) > 1:
                old, _ = self._items.popitem(last=False)
                self._total -= self._weight(old)
