"""The Procfile's server under faults: the database removed, broken and published again, cold workers."""

from __future__ import annotations

import csv
import io
import shutil
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pytest

from tests.browser.conftest import gunicorn
from tests.conftest import publish


def status(url: str) -> int:
    """The HTTP status of a GET, retried while the server does not accept connections yet."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def site_ids(base: str) -> set[str]:
    with urllib.request.urlopen(base + "/api/sites.csv", timeout=10) as response:
        return {row["id"] for row in csv.DictReader(io.StringIO(response.read().decode("utf-8-sig")))}


def statuses(base: str, path: str, times: int = 12) -> set[int]:
    """What `times` requests answer (spread over both workers by the kernel)."""
    with ThreadPoolExecutor(4) as pool:
        return set(pool.map(status, [base + path] * times))


def test_the_database_removed_broken_and_published_again_under_a_live_server(fixture_db, tmp_path):
    target = tmp_path / "atlas.duckdb"
    publish(fixture_db, target)
    fewer = tmp_path / "fewer.duckdb"
    shutil.copy(fixture_db, fewer)
    with duckdb.connect(str(fewer)) as con:
        con.execute("DELETE FROM sites WHERE id = 'esigelec'")
    with gunicorn(target, workers=2, ATLAS_DATA=str(fixture_db.parent)) as base:
        assert statuses(base, "/healthz") == {200}
        assert "esigelec" in site_ids(base)

        target.unlink()
        assert statuses(base, "/healthz") == {503}
        assert statuses(base, "/") == {503}
        assert statuses(base, "/api/sites.csv") == {503}

        target.write_bytes(b"\0" * 4096)
        assert statuses(base, "/healthz") == {503}

        publish(fewer, target)
        assert statuses(base, "/healthz") == {200}
        assert statuses(base, "/") == {200}
        assert not any("esigelec" in site_ids(base) for _ in range(6))


FIRST_REQUESTS = ["/assets/atlas.css", "/", "/_dash-layout", "/_dash-dependencies", "/kiosk", "/healthz"] * 2


@pytest.mark.parametrize("start", range(3))
def test_a_cold_worker_answers_its_first_concurrent_requests(fixture_db, start):
    with gunicorn(fixture_db, ready=False) as base, ThreadPoolExecutor(len(FIRST_REQUESTS)) as pool:
        answers = list(pool.map(status, [base + path for path in FIRST_REQUESTS]))
    assert answers == [200] * len(FIRST_REQUESTS)
