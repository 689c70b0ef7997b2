"""The one owner of the DuckDB connection: read-only, one connection a process, a cursor a call.

The published file is looked at on every use: a newly published database is opened by the running
process (requests under way finish on the one they started with), and while the file is missing or
invalid every use raises `Unavailable` (pages and the health check answer 503) until a valid one is
published.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import duckdb

log = logging.getLogger(__name__)
Content = TypeVar("Content")
# The name the published file is attached under.
CATALOG = "atlas"


class Unavailable(Exception):
    """The published database is missing or cannot be read; the message says which and why (for the log).

    `state` says it without the server's paths, for whoever asks the health check.
    """

    def __init__(self, message: str, state: str):
        super().__init__(message)
        self.state = state


@dataclass(frozen=True)
class Identity:
    """What tells one version of the published file from another (a build replaces the file)."""

    device: int
    inode: int
    size: int
    modified_ns: int

    @classmethod
    def of(cls, path: Path) -> Identity:
        """The file's identity now.

        Raises:
            Unavailable: there is no file.
        """
        try:
            stat = path.stat()
        except OSError as error:
            raise Unavailable(f"{path} is missing: run `python -m dashboard build`", "missing") from error
        return cls(stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class Published(Generic[Content]):
    """One version of the database, opened, with what the app reads from it once (`content`)."""

    identity: Identity
    connection: duckdb.DuckDBPyConnection
    content: Content

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one request; cursors of one connection may be used from several threads."""
        cursor = self.connection.cursor()
        cursor.execute(f"USE {CATALOG}")
        return cursor


class Database(Generic[Content]):
    """The published atlas database, opened lazily in each process (gunicorn forks workers).

    `read` derives, from a new version, what the app keeps for it (vocabularies, headline figures…);
    a version it cannot read is refused like a corrupt file.
    """

    def __init__(self, path: Path, read: Callable[[duckdb.DuckDBPyConnection], Content] = lambda _: None):
        self.path = Path(path)
        self._read = read
        self._lock = threading.Lock()
        self._published: Published[Content] | None = None
        self._pid: int | None = None
        # The version last refused and why: it is not opened again until the file changes.
        self._refused: tuple[Identity, Unavailable] | None = None

    def current(self) -> Published[Content]:
        """The published version now.

        Raises:
            Unavailable: the file is missing or is not a readable atlas database.
        """
        identity = Identity.of(self.path)
        with self._lock:
            published = self._published
            if published is not None and published.identity == identity and self._pid == os.getpid():
                return published
            if self._refused is not None and self._refused[0] == identity:
                refused = self._refused[1]
                raise Unavailable(str(refused), refused.state)
            try:
                published = self._open(identity)
            except Unavailable as error:
                self._refused = (identity, error)
                log.error("%s", error)
                raise
            self._published, self._pid, self._refused = published, os.getpid(), None
            log.info("opened %s (%d bytes)", self.path, identity.size)
            return published

    def _open(self, identity: Identity) -> Published[Content]:
        # Attached to an instance of its own: `duckdb.connect(path)` would hand back the instance
        # still open on the replaced file (DuckDB caches instances by path).
        # One DuckDB thread: a request's queries are small, and the server's threads are the parallelism.
        connection = duckdb.connect(config={"threads": 1})
        try:
            connection.execute(f"ATTACH {sql_string(str(self.path))} AS {CATALOG} (READ_ONLY)")
        except (duckdb.Error, OSError) as error:
            connection.close()
            raise Unavailable(f"{self.path} cannot be opened: {one_line(error)}", "unreadable") from error
        published = Published(identity, connection, None)
        try:
            content = self._read(published.cursor())
        # Whatever a corrupt or foreign file makes the reading fail with, the app must stay up.
        except Exception as error:
            connection.close()
            message = f"{self.path} is not a valid atlas database: {one_line(error)}"
            raise Unavailable(message, "invalid") from error
        return Published(identity, connection, content)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the published version (see `current`)."""
        return self.current().cursor()


def one_line(error: BaseException) -> str:
    """An error's message on one line (DuckDB's span several), for logs and health answers."""
    return " ".join(str(error).split()) or type(error).__name__


def sql_string(value: str) -> str:
    """A SQL string literal (ATTACH takes no parameters)."""
    return "'" + value.replace("'", "''") + "'"
