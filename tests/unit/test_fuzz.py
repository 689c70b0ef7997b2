"""Forged and random requests (Hypothesis): a 4xx or an answer, never a 5xx nor an uncaught exception."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import urlstate
from tests.conftest import app_settings
from tests.dash_requests import callback_request, page_request

# Any JSON value, Infinity and NaN included (Python's json reads them).
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)
CODES = st.sampled_from(["plant", "28", "11", "low_footprint", "nextmove", "active", "en", "fr", "x", ""])
# Values of the right type, so that requests also get past the boundary into the callbacks.
TYPED = st.one_of(
    st.lists(CODES, max_size=3),
    CODES,
    st.integers(-5, 500),
    st.floats(),
    st.booleans(),
    st.fixed_dictionaries(
        {"properties": st.fixed_dictionaries({"id": CODES}), "latlng": st.lists(st.floats(), max_size=2)}
    ),
    st.fixed_dictionaries({"rowId": CODES, "data": st.dictionaries(CODES, CODES, max_size=2)}),
    st.just(None),
)
VALUES = st.one_of(TYPED, JSON)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def fuzz_app(fixture_db):
    import dash

    from dashboard.factory import create_app

    dash.page_registry.clear()
    application = create_app(app_settings(fixture_db, fixture_db.parent))
    yield application
    dash.page_registry.clear()


@pytest.fixture(scope="module")
def dependencies(fuzz_app):
    return fuzz_app.server.test_client().get("/_dash-dependencies").get_json()


@settings(FUZZ, max_examples=600)
@given(data=st.data())
def test_callbacks_answer_random_inputs_without_a_server_error(fuzz_app, dependencies, data):
    callback = data.draw(st.sampled_from([c for c in dependencies if not c.get("clientside_function")]))
    specs = callback["inputs"] + callback["state"]
    values = {(spec["id"], spec["property"]): data.draw(VALUES) for spec in specs}
    names = [f"{spec['id']}.{spec['property']}" for spec in callback["inputs"]]
    changed = data.draw(st.lists(st.sampled_from(names), max_size=1)) if names else []
    body = callback_request(dependencies, callback["output"], values, changed, matched="plant")
    response = fuzz_app.server.test_client().post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code < 500, (callback["output"], body, response.data[:300])


@FUZZ
@given(body=JSON)
def test_forged_callback_bodies_are_refused(fuzz_app, body):
    response = fuzz_app.server.test_client().post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    assert 400 <= response.status_code < 500


PARAMETERS = st.sampled_from(
    ["driver", "region", "category", "cluster", "status", "q", "near", "radius", "view", "site", "lang", "sort", "idle"]
)
QUERIES = st.lists(st.tuples(PARAMETERS, st.text(max_size=30) | CODES), max_size=6)


@FUZZ
@given(pairs=QUERIES, path=st.sampled_from(["/", "/kiosk", "/embed", "/present/pitch/2", "/present/x/y/z"]))
def test_pages_answer_any_query_string(fuzz_app, dependencies, pairs, path):
    client = fuzz_app.server.test_client()
    search = "?" + urlencode(pairs)
    assert client.get(path + search).status_code < 500
    layout = page_request(dependencies, path, search)
    response = client.post("/_dash-update-component", data=json.dumps(layout), content_type="application/json")
    assert response.status_code < 500, (path, search, response.data[:300])


@FUZZ
@given(pairs=QUERIES, address=st.sampled_from(["/api/sites.csv", "/api/sites.geojson", "/api/sites.xlsx"]))
def test_downloads_answer_any_query_string(fuzz_app, pairs, address):
    assert fuzz_app.server.test_client().get(address + "?" + urlencode(pairs)).status_code < 500


@FUZZ
@given(params=st.dictionaries(PARAMETERS, st.lists(st.text(max_size=30) | CODES, max_size=3) | JSON))
def test_url_parsing_never_raises_and_what_it_keeps_reads_back(vocab, params):
    selection = urlstate.parse(params, vocab)
    assert urlstate.parse(parse_qs(urlstate.to_query(selection)), vocab) == selection
    for parse in (urlstate.parse_view, urlstate.parse_near, urlstate.parse_radius):
        parse(params.get("view"))
