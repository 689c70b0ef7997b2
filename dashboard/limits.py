"""Expensive answers (the PDF brief, the map image) bounded and remembered.

Drawing one costs most of a second of CPU and holds its worker's interpreter: a few at a time per
worker, a short queue, and beyond it a 503 with Retry-After, so the threads left answer cheap
requests. The data only changes with a new published database, so each answer is kept (by the
database version and everything it was drawn from) and revalidated by ETag.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cachetools import LRUCache


class Busy(Exception):
    """Too many expensive requests at once: try again shortly."""


class Gate:
    """At most `running` holders at once, at most `waiting` queued behind them; others are turned away."""

    def __init__(self, running: int, waiting: int, timeout: float):
        self._slots = threading.BoundedSemaphore(running)
        self._lock = threading.Lock()
        self._queued = 0
        self.waiting = waiting
        self.timeout = timeout

    @property
    def queued(self) -> int:
        """How many are waiting for a slot now."""
        return self._queued

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a slot for the block.

        Raises:
            Busy: the queue is full, or no slot came free within the timeout.
        """
        with self._lock:
            if self._queued >= self.waiting:
                raise Busy
            self._queued += 1
        try:
            acquired = self._slots.acquire(timeout=self.timeout)
        finally:
            with self._lock:
                self._queued -= 1
        if not acquired:
            raise Busy
        try:
            yield
        finally:
            self._slots.release()


class Results:
    """Drawn answers by key, the least recently used dropped beyond `max_bytes`; each drawn once at a time."""

    def __init__(self, max_bytes: int, gate: Gate):
        self._cache: LRUCache[str, bytes] = LRUCache(maxsize=max_bytes, getsizeof=len)
        self._lock = threading.Lock()
        self._gate = gate

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._cache.get(key)

    def get_or_draw(self, key: str, draw: Callable[[], bytes]) -> bytes:
        """The answer kept for the key, else drawn through the gate and kept.

        Raises:
            Busy: it had to be drawn and the gate turned it away.
        """
        found = self.get(key)
        if found is not None:
            return found
        with self._gate.slot():
            # Asked twice at once: the second waited for the first and takes its result.
            found = self.get(key)
            if found is None:
                found = draw()
                with self._lock:
                    if len(found) <= self._cache.maxsize:
                        self._cache[key] = found
        return found


def etag(*parts: object) -> str:
    """A strong validator of an answer from everything it is drawn from."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
