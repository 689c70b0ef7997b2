"""The published database's life in a running app: missing, corrupt, replaced, restored."""

from __future__ import annotations

import shutil

import dash
import duckdb
import pytest

from dashboard.db import Database, Unavailable
from dashboard.factory import create_app
from dashboard.model import read_contents
from tests.conftest import app_settings, publish
from tests.dash_requests import page_request


def test_a_missing_file_is_unavailable(tmp_path):
    with pytest.raises(Unavailable, match="missing"):
        Database(tmp_path / "atlas.duckdb", read_contents).current()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a database", "cannot be opened"),
        (b"", "cannot be opened"),
    ],
)
def test_a_file_that_is_no_database_is_unavailable(tmp_path, content, reason):
    path = tmp_path / "atlas.duckdb"
    path.write_bytes(content)
    with pytest.raises(Unavailable, match=reason) as refused:
        Database(path, read_contents).current()
    assert refused.value.state == "unreadable"


def test_a_database_without_the_atlas_tables_is_unavailable(tmp_path):
    path = tmp_path / "atlas.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(Unavailable, match="not a valid atlas database") as refused:
        Database(path, read_contents).current()
    assert refused.value.state == "invalid"


def test_a_truncated_database_is_unavailable(published):
    db = Database(published, read_contents)
    db.current()
    with published.open("r+b") as file:
        file.truncate(published.stat().st_size // 3)
    with pytest.raises(Unavailable):
        db.current()


def test_a_new_version_is_opened_and_the_old_one_still_answers(published, tmp_path):
    db = Database(published, read_contents)
    old = db.current()
    smaller = tmp_path / "smaller.duckdb"
    shutil.copy(published, smaller)
    with duckdb.connect(str(smaller)) as con:
        con.execute("DELETE FROM sites WHERE id = 'esigelec'")
    publish(smaller, published)
    new = db.current()
    assert new.identity != old.identity
    count = "SELECT count(*) FROM sites WHERE id = 'esigelec'"
    assert new.cursor().execute(count).fetchone() == (0,)
    # A request that started on the old version finishes on it.
    assert old.cursor().execute(count).fetchone() == (1,)


def test_a_refused_version_is_not_read_again_until_it_changes(published, fixture_db):
    reads = []

    def read(con):
        reads.append(1)
        return read_contents(con)

    db = Database(published, read)
    published.write_bytes(b"broken")
    for _ in range(3):
        with pytest.raises(Unavailable):
            db.current()
    publish(fixture_db, published)
    assert db.current().content.vocab.codes("categories")
    assert len(reads) == 1


# What Chromium asks for when it opens a page.
BROWSER_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7"
)


@pytest.mark.parametrize(
    ("method", "address", "kind"),
    [
        ("get", "/", "text/html"),
        ("get", "/kiosk?lang=fr", "text/html"),
        ("get", "/present/pitch/2", "text/html"),
        ("get", "/api/sites.csv", "application/json"),
        ("get", "/api/brief.pdf", "application/json"),
        ("post", "/_dash-update-component", "application/json"),
    ],
)
def test_without_a_valid_database_everything_answers_503_until_one_is_published(
    live, published, fixture_db, method, address, kind
):
    published.unlink()
    accept = BROWSER_ACCEPT if kind == "text/html" else "*/*"  # a browser's page, or a tool's request
    layout = page_request(live.get("/_dash-dependencies").get_json(), "/")
    options = {"json": layout} if method == "post" else {"headers": {"Accept": accept}}
    response = getattr(live, method)(address, **options)
    assert response.status_code == 503
    assert response.mimetype == kind
    assert response.headers["Retry-After"]
    assert b"Traceback" not in response.data and str(published).encode() not in response.data
    health = live.get("/healthz")
    assert health.status_code == 503 and health.get_json() == {"status": "unavailable", "database": "missing"}
    publish(fixture_db, published)
    assert getattr(live, method)(address, **options).status_code == 200
    assert live.get("/healthz").status_code == 200


def test_the_unavailable_page_speaks_the_visitors_language(live, published):
    published.write_bytes(b"broken")
    response = live.get("/?lang=fr", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 503
    assert '<html lang="fr">' in response.text and "mise à jour" in response.text


def test_the_app_starts_without_a_database_and_serves_once_one_is_published(tmp_path, fixture_db):
    target = tmp_path / "atlas.duckdb"
    dash.page_registry.clear()
    client = create_app(app_settings(target, fixture_db.parent)).server.test_client()
    assert client.get("/healthz").status_code == 503
    with client.get("/assets/atlas.css") as stylesheet:
        assert stylesheet.status_code == 200
    publish(fixture_db, target)
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200
    dash.page_registry.clear()


def test_dash_finishes_its_set_up_before_the_first_request(app):
    # Done lazily by the first requests, it raced between a fresh worker's threads.
    callbacks = dict(app.callback_map)
    with app.server.test_client().get("/assets/atlas.css") as response:
        assert response.status_code == 200
    assert app.callback_map == callbacks
