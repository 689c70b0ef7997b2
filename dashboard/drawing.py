"""Exports drawn in a process of their own, so that drawing never holds the server's interpreter.

Drawing a PDF brief or a map image is most of a second of pure Python (matplotlib, fpdf2): in the
server's threads it held the interpreter the other requests of that worker needed. Each server
process hands it to one drawing process and waits without holding anything; what every drawing
needs (the reference outlines, the catalogs, the street tiles) is opened there once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from dashboard import basemap, exports
from dashboard.i18n import Translator
from dashboard.limits import Busy
from dashboard.tilesets import TileSet
from dashboard.vocab import Vocabularies

log = logging.getLogger(__name__)


def draw(
    name: str, brief: exports.Brief, vocab: Vocabularies, reference: Path, t: Translator, streets: TileSet | None
) -> bytes:
    """The file `name` ("map.png" or "brief.pdf") of a brief's view."""
    if name == "map.png":
        return exports.map_png(brief.step, vocab, reference, t, brief.lang, streets)
    return exports.brief_pdf(brief, vocab, t, reference, streets)


# How far the drawing processes stand back when the server's processes want the CPU.
DRAWING_NICENESS = 10
# In a drawing process: what every drawing needs, opened once when it starts.
_opened: dict = {}


def _open(reference: Path, streets: Path | None) -> None:
    # Behind the server's processes for the CPU: pages come first, exports take what is left.
    os.nice(DRAWING_NICENESS)
    _opened.update(reference=reference, t=Translator.load(), streets=basemap.load(streets))


def _draw(name: str, brief: exports.Brief, vocab: Vocabularies) -> bytes:
    return draw(name, brief, vocab, _opened["reference"], _opened["t"], _opened["streets"])


class Drawer:
    """Draws exports in one process of its own per server process, or (`apart` false) in the caller's thread."""

    def __init__(
        self, reference: Path, t: Translator, streets: Path | None, opened: TileSet | None, apart: bool = True
    ):
        """`streets`: the street tiles' path, which a drawing process opens; `opened`: the set the app opened."""
        self.reference, self.t, self.streets, self.opened, self.apart = reference, t, streets, opened, apart
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._pid: int | None = None
        if apart:
            # Started now, with the server process: its imports (matplotlib…) take seconds of CPU
            # better spent before visitors come than in the first export's wait.
            self._current().submit(int)

    def __call__(self, name: str, brief: exports.Brief, vocab: Vocabularies) -> bytes:
        """The drawn file.

        Raises:
            Busy: the drawing process died (another is started for the next request).
        """
        if not self.apart:
            return draw(name, brief, vocab, self.reference, self.t, self.opened)
        pool = self._current()
        try:
            return pool.submit(_draw, name, brief, vocab).result()
        except BrokenProcessPool:
            log.error("the drawing process died; another starts with the next export")
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            raise Busy from None

    def _current(self) -> ProcessPoolExecutor:
        # One per server process: a pool inherited through gunicorn's fork would be its parent's.
        with self._lock:
            if self._pool is None or self._pid != os.getpid():
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    # A fresh interpreter: forking a threaded server process can copy held locks.
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_open,
                    initargs=(self.reference, self.streets),
                )
                self._pid = os.getpid()
            return self._pool
