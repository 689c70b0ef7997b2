"""Exports bounded (a gate and a queue) and remembered (by database version and view, with ETags)."""

from __future__ import annotations

import gc
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from dashboard import exports, limits, model
from tests.dash_requests import callback_request


def test_the_gate_queues_up_to_its_bound_and_turns_the_rest_away():
    gate = limits.Gate(running=1, waiting=1, timeout=5)
    inside, release = threading.Event(), threading.Event()
    order = []

    def hold():
        with gate.slot():
            inside.set()
            release.wait(5)
            order.append("first")

    def queued():
        with gate.slot():
            order.append("second")

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(hold)
        inside.wait(5)
        second = pool.submit(queued)
        while gate.queued == 0:  # the second is waiting for the slot
            threading.Event().wait(0.01)
        with pytest.raises(limits.Busy), gate.slot():
            pass
        release.set()
        first.result(), second.result()
    assert order == ["first", "second"]


def test_the_gate_gives_up_after_its_timeout():
    gate = limits.Gate(running=1, waiting=2, timeout=0.05)
    with gate.slot(), pytest.raises(limits.Busy), gate.slot():
        pass


def test_a_result_is_drawn_once_when_asked_for_at_once():
    results = limits.Results(1024, limits.Gate(running=1, waiting=8, timeout=5))
    draws = []

    def draw():
        draws.append(1)
        threading.Event().wait(0.05)
        return b"drawn"

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: results.get_or_draw("key", draw), range(4)))
    assert answers == [b"drawn"] * 4 and len(draws) == 1


def test_results_beyond_the_size_bound_are_dropped_least_recently_used_first():
    results = limits.Results(10, limits.Gate(running=1, waiting=1, timeout=1))
    results.get_or_draw("a", lambda: b"aaaa")
    results.get_or_draw("b", lambda: b"bbbb")
    results.get_or_draw("a", lambda: b"never")
    results.get_or_draw("c", lambda: b"cccc")
    assert results.get("a") == b"aaaa" and results.get("b") is None and results.get("c") == b"cccc"
    assert results.get_or_draw("huge", lambda: b"x" * 11) == b"x" * 11 and results.get("huge") is None


def counting(monkeypatch, owner, name: str) -> list[int]:
    """Each call of owner.name from now on, counted (a 1 a call), the function still doing its work."""
    calls = []
    original = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


@pytest.fixture
def counted(monkeypatch):
    """The brief's drawing, counted."""
    return counting(monkeypatch, exports, "brief_pdf")


@pytest.mark.parametrize("address", ["/api/brief.pdf?region=28&lang=fr", "/api/tours/pitch/2/brief.pdf?lang=en"])
def test_the_same_export_is_drawn_once_and_revalidated_by_etag(client, counted, address):
    first = client.get(address)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(address)
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    unchanged = client.get(address, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert len(counted) == 1


def test_another_view_or_language_is_another_export(client, counted):
    tags = {
        client.get(address).headers["ETag"]
        for address in (
            "/api/brief.pdf?region=28&lang=fr",
            "/api/brief.pdf?region=28&lang=de",
            "/api/brief.pdf?region=11&lang=fr",
        )
    }
    assert len(tags) == 3 and len(counted) == 3


def test_exports_beyond_the_queue_get_503_with_retry_after(client, monkeypatch):
    started, release = threading.Event(), threading.Event()

    def slow_map(*args, **kwargs):
        started.set()
        release.wait(10)
        return b"png"

    monkeypatch.setattr(exports, "map_png", slow_map)
    views = counting(monkeypatch, model, "step_view")
    with ThreadPoolExecutor(2) as pool:
        drawing = pool.submit(client.get, "/api/map.png?region=28")
        started.wait(5)
        queued = pool.submit(client.get, "/api/map.png?region=11")
        threading.Event().wait(0.2)
        turned_away = client.get("/api/map.png?region=44")
        release.set()
        assert drawing.result().status_code == 200 and queued.result().status_code == 200
    assert turned_away.status_code == 503
    assert turned_away.headers["Retry-After"] and turned_away.get_json()["status"] == "busy"
    assert len(views) == 2, "turned away before any work"
    # Cheap requests never queue behind exports.
    assert client.get("/healthz").status_code == 200


@pytest.fixture
def selections(monkeypatch):
    """The explore page's selections computed, counted."""
    from callbacks import explore as explore_callbacks

    return counting(monkeypatch, explore_callbacks, "explore_view")


def filter_request(client, regions: list[str]) -> str:
    body = callback_request(
        client.get("/_dash-dependencies").get_json(), "explore-zones.data", {("explore-regions", "value"): regions}
    )
    return json.dumps(body)


def post(client, body: str, **headers):
    return client.post("/_dash-update-component", data=body, content_type="application/json", headers=headers)


def test_a_callback_answer_is_computed_once_and_kept_compressed(client, selections):
    body = filter_request(client, ["28"])
    first = post(client, body, **{"Accept-Encoding": "br"})
    again = post(client, body, **{"Accept-Encoding": "br"})
    assert first.status_code == again.status_code == 200
    assert again.headers["Content-Encoding"] == "br" and again.data == first.data
    assert again.headers["Content-Security-Policy"]  # the headers of every response, on kept ones too
    assert len(selections) == 1
    assert post(client, filter_request(client, ["11"])).status_code == 200
    assert len(selections) == 2


@pytest.mark.parametrize("header", [{"Accept-Language": "de"}, {"Accept-Encoding": "gzip"}, {"Host": "127.0.0.1"}])
def test_answers_are_kept_apart_by_language_encoding_and_host(client, selections, header):
    body = filter_request(client, ["28"])
    post(client, body)
    post(client, body, **header)
    assert len(selections) == 2


def test_kept_answers_follow_a_new_database_and_edited_tours(live, published, fixture_db, selections, tmp_path):
    body = filter_request(live, ["28"])
    post(live, body)
    os.utime(published, ns=(published.stat().st_atime_ns, published.stat().st_mtime_ns + 10**9))
    post(live, body)
    assert len(selections) == 2
    tour = fixture_db.parent / "tours" / "pitch.yaml"
    post(live, body)
    assert len(selections) == 2
    os.utime(tour, ns=(tour.stat().st_atime_ns, tour.stat().st_mtime_ns + 10**9))
    post(live, body)
    assert len(selections) == 3


def test_exports_are_drawn_in_a_process_of_their_own(fixture_db, monkeypatch):
    import dash

    from dashboard.factory import create_app
    from dashboard.settings import Settings

    def not_here(*args, **kwargs):
        raise AssertionError("drawn in the server's own process")

    monkeypatch.setattr(exports, "brief_pdf", not_here)
    dash.page_registry.clear()
    client = create_app(Settings(database=fixture_db, data_dir=fixture_db.parent, tile_url="")).server.test_client()
    response = client.get("/api/brief.pdf?region=28&lang=de")
    dash.page_registry.clear()
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


@pytest.fixture
def collector():
    """The garbage collector's settings restored after the test."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_worker_sets_aside_what_its_app_holds_and_collects_young_objects_less_often(collector):
    limits.steady_collector()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == limits.YOUNG_COLLECTION_EVERY


@pytest.fixture
def compressions(monkeypatch):
    """The bodies flask-compress compresses, as it compresses them."""
    import flask_compress.flask_compress as module

    bodies = []
    compress = module._compress_data

    def counted(app, data, algorithm):
        bodies.append(data)
        return compress(app, data, algorithm)

    monkeypatch.setattr(module, "_compress_data", counted)
    return bodies


LEAFLET = "/_dash-component-suites/dash_leaflet/dash_leaflet.v1_1_3m1.js"


def test_a_component_librarys_script_is_compressed_once_per_encoding(client, compressions):
    import brotli

    plain = client.get(LEAFLET).data
    first, again = (client.get(LEAFLET, headers={"Accept-Encoding": "br"}) for _ in range(2))
    assert first.headers["Content-Encoding"] == again.headers["Content-Encoding"] == "br"
    assert brotli.decompress(again.data) == brotli.decompress(first.data) == plain
    assert len(compressions) == 1
    gzipped = client.get(LEAFLET, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip" and len(compressions) == 2


def test_answers_and_partial_files_are_compressed_each_time(client, compressions):
    for _ in range(2):
        client.get("/api/sites.geojson", headers={"Accept-Encoding": "br"})
        client.get(LEAFLET, headers={"Accept-Encoding": "br", "Range": "bytes=0-99999"})
    assert len(compressions) == 4


def test_compressed_files_keep_only_static_files_keys():
    files = limits.CompressedFiles(1024)
    files.set("br;", b"an answer")
    files.set(f"br;{LEAFLET}", b"a script")
    assert files.get("br;") is None
    assert files.get(f"br;{LEAFLET}") == b"a script"
