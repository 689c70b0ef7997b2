"""Forged and random requests (Hypothesis): a 4xx or an answer, never a 5xx nor an uncaught exception."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode

import pytest
from dash._utils import split_callback_id
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import urlstate
from tests.conftest import app_settings

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


def concrete(spec: dict, values) -> list | dict:
    """A request's entry for one input or output: a component, or the components a pattern matched."""
    component = spec["id"]
    try:
        pattern = json.loads(component) if isinstance(component, str) and component.startswith("{") else None
    except ValueError:
        pattern = None
    prop = spec["property"].split("@")[0]
    name = str(component) if pattern is None else {k: "plant" if v == ["ALL"] else v for k, v in pattern.items()}
    value = values.pop() if values else None
    # Mostly the id itself where the id is read, so that requests get past the boundary.
    entry = {"id": name, "property": prop, "value": name if prop == "id" and value is not None else value}
    return entry if pattern is None else [entry]


@pytest.fixture(scope="module")
def fuzz_app(fixture_db):
    import dash

    from dashboard.factory import create_app

    dash.page_registry.clear()
    application = create_app(app_settings(fixture_db, fixture_db.parent))
    yield application
    dash.page_registry.clear()


@settings(FUZZ, max_examples=600)
@given(data=st.data())
def test_callbacks_answer_random_inputs_without_a_server_error(fuzz_app, data):
    key = data.draw(st.sampled_from(sorted(k for k, c in fuzz_app.callback_map.items() if "callback" in c)))
    callback = fuzz_app.callback_map[key]
    specs = callback["inputs"] + callback["state"]
    values = data.draw(st.lists(VALUES, min_size=len(specs), max_size=len(specs)))
    inputs = [concrete(spec, values) for spec in callback["inputs"]]
    state = [concrete(spec, values) for spec in callback["state"]]
    outputs = split_callback_id(key)
    outputs = [concrete(o, []) for o in outputs] if isinstance(outputs, list) else concrete(outputs, [])
    names = [f"{spec['id']}.{spec['property']}" for spec in callback["inputs"]]
    changed = data.draw(st.lists(st.sampled_from(names), max_size=1)) if names else []
    body = {"output": key, "outputs": outputs, "inputs": inputs, "state": state, "changedPropIds": changed}
    response = fuzz_app.server.test_client().post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code < 500, (key, body, response.data[:300])


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
def test_pages_answer_any_query_string(fuzz_app, pairs, path):
    client = fuzz_app.server.test_client()
    search = "?" + urlencode(pairs)
    assert client.get(path + search).status_code < 500
    layout = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
    }
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
