"""The one owner of the DuckDB connection: read-only, one connection a process, a cursor a call."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb


class Database:
    """A read-only atlas database, opened lazily in each process (gunicorn forks workers)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._pid: int | None = None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one request; cursors of one connection may be used from several threads."""
        with self._lock:
            if self._connection is None or self._pid != os.getpid():
                if not self.path.is_file():
                    raise FileNotFoundError(f"{self.path} not found: run `python -m dashboard build` first")
                self._connection = duckdb.connect(str(self.path), read_only=True)
                self._pid = os.getpid()
            return self._connection.cursor()

    def readable(self) -> bool:
        """Whether the database answers a query (for the health check)."""
        try:
            return self.cursor().execute("SELECT count(*) FROM sites").fetchone() is not None
        except (duckdb.Error, OSError):
            return False
