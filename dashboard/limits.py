"""Answers bounded and remembered: the data only changes with a new published database.

Drawing an export (the PDF brief, the map image) costs most of a second of CPU and holds its
worker's interpreter: a few at a time per worker, a short queue, and beyond it a 503 with
Retry-After, so the threads left answer cheap requests. Each drawn file is kept (by the database
version and everything it was drawn from) and revalidated by ETag.

Callback answers are pure functions of the request and the published data: each is kept by the
database version, the tour files' version and the request itself, and answered again without
running the callback.

The component libraries' scripts never change while the app runs: each is compressed once per
worker and encoding, not for every page that loads it.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

import flask
from cachetools import LRUCache

from dashboard.boundary import is_callback_request

Value = TypeVar("Value")


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


class Kept(Generic[Value]):
    """Values by key in this process, the least recently used dropped beyond `max_bytes`; thread-safe."""

    def __init__(self, max_bytes: int, size: Callable[[Value], int]):
        self._cache: LRUCache[str, Value] = LRUCache(maxsize=max_bytes, getsizeof=size)
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str) -> Value | None:
        with self._lock:
            return self._cache.get(key)

    def keep(self, key: str, value: Value) -> None:
        """Keep a value (one larger than the whole bound is not kept)."""
        if self._size(value) <= self._cache.maxsize:
            with self._lock:
                self._cache[key] = value


class Results(Kept[bytes]):
    """Drawn answers by key, the least recently used dropped beyond `max_bytes`; each drawn once at a time."""

    def __init__(self, max_bytes: int, gate: Gate):
        super().__init__(max_bytes, len)
        self._gate = gate

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
                self.keep(key, found)
        return found


# Python collects its youngest objects every 700 allocations by default: an answer made of a few
# thousand small objects (a map's groups, a table's page) paid for several passes over everything
# young, and its slowest answers took twice its usual time (the map at 100,000 sites, Paris at
# zoom 13: p95 92 → 55 ms with these settings).
YOUNG_COLLECTION_EVERY = 10_000


def steady_collector() -> None:
    """Tune this process's garbage collector for answers' tails, once its app is loaded.

    What the loaded app holds (modules, layouts, vocabularies) is set aside from the collector's
    passes, and the youngest objects are collected every YOUNG_COLLECTION_EVERY allocations.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, old)


def etag(*parts: object) -> str:
    """A strong validator of an answer from everything it is drawn from."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def remember_callbacks(server: flask.Flask, version: Callable[[], object], max_bytes: int) -> None:
    """Answer a callback request seen before (in this worker, for the same data) from memory.

    `version` names the data the answers come from (it changes when they may). The request's host
    and languages are part of what is remembered, as links and page texts follow them, and so are
    the encodings it accepts: answers are kept compressed (compression registered after this).
    """
    kept: Kept[tuple[str, dict[str, str], bytes]] = Kept(max_bytes, lambda answer: len(answer[2]))

    @server.before_request
    def answer_from_memory() -> flask.Response | None:
        if not is_callback_request():
            return None
        request = flask.request
        headers = request.headers
        key = etag(
            version(), request.host, headers.get("Accept-Language"), headers.get("Accept-Encoding"), request.get_data()
        )
        found = kept.get(key)
        if found is not None:
            return flask.Response(found[2], 200, found[1], mimetype=found[0])
        flask.g.callback_key = key
        return None

    @server.after_request
    def keep_answer(response: flask.Response) -> flask.Response:
        key = flask.g.pop("callback_key", None)
        if key is not None and response.status_code == 200 and not response.is_streamed:
            headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
            kept.keep(key, (response.mimetype, headers, response.get_data()))
        return response


class CompressedFiles(Kept[bytes]):
    """flask-compress's cache (COMPRESS_CACHE_BACKEND): the compressed bodies of the app's static files.

    flask-compress asks it for every answer it compresses, by "<encoding>;<static_file_key>": an
    empty static_file_key (anything but a static file) is neither found nor kept.
    """

    def __init__(self, max_bytes: int):
        super().__init__(max_bytes, len)

    def get(self, key: str) -> bytes | None:
        return None if key.endswith(";") else super().get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";"):
            self.keep(key, value)


def static_file_key(prefixes: tuple[str, ...]) -> Callable[[flask.Request], str]:
    """flask-compress's cache key (COMPRESS_CACHE_KEY): a static file's address, else "" (not kept).

    Static files are those under `prefixes` (the component libraries' scripts), asked for whole: a
    range's partial body is not the file's.
    """

    def key(request: flask.Request) -> str:
        whole = request.method == "GET" and "Range" not in request.headers
        return request.full_path if whole and request.path.startswith(prefixes) else ""

    return key


# What a kept answer says again besides its body (the security headers are added to every response).
KEPT_HEADERS = ("Content-Encoding", "Vary")
