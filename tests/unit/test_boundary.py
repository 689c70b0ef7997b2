"""Callback requests no page sends are refused with a 400 and one log line (regressions of fuzzed 500s)."""

from __future__ import annotations

import copy
import json
import logging

import pytest

from dashboard.ids import Explore

SELECTION = "..explore-sites.data...explore-zones.data.."


def explore_request(app) -> dict:
    """The explore page's filter request as the browser sends it (every input with a valid value)."""
    key = next(k for k in app.callback_map if k.startswith(SELECTION))
    callback = app.callback_map[key]
    valid = {"value": None, "data": None, "n_clicks": None}
    return {
        "output": key,
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in key.strip(".").split("...")],
        "inputs": [{**spec, "value": valid.get(spec["property"])} for spec in callback["inputs"]],
        "state": [{**spec, "value": None} for spec in callback["state"]],
        "changedPropIds": [],
    }


def post(client, body) -> int:
    return client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json").status_code


def with_input(body: dict, component: str, prop: str, value) -> dict:
    changed = copy.deepcopy(body)
    for item in changed["inputs"] + changed["state"]:
        if item["id"] == component and item["property"] == prop:
            item["value"] = value
            return changed
    raise AssertionError(f"{component}.{prop} is not an input of the request")


def test_the_browsers_request_is_answered(app, client):
    assert post(client, explore_request(app)) == 200


@pytest.mark.parametrize(
    ("component", "prop", "value"),
    [
        (Explore.REGIONS, "value", 28),  # a number where a checklist's list is expected
        (Explore.REGIONS, "value", [28, None]),
        (Explore.NEAR, "value", ["renault-flins"]),  # a list where a place id is expected
        (Explore.RADIUS, "value", "twenty"),
        (Explore.LANG, "data", {"lang": "fr"}),
    ],
)
def test_an_input_of_the_wrong_type_is_refused(app, client, caplog, component, prop, value):
    with caplog.at_level(logging.WARNING):
        assert post(client, with_input(explore_request(app), component, prop, value)) == 400
    refused = [r for r in caplog.records if "refused a callback request" in r.getMessage()]
    assert len(refused) == 1 and refused[0].exc_info is None and "\n" not in refused[0].getMessage()


DETAIL = "..explore-detail.is_open..."


def detail_request(app, prop: str, value) -> dict:
    key = next(k for k in app.callback_map if k.startswith(DETAIL))
    callback = app.callback_map[key]
    return {
        "output": key,
        "outputs": [],
        "inputs": [{**spec, "value": value if spec["property"] == prop else None} for spec in callback["inputs"]],
        "state": [{**spec, "value": value if spec["property"] == prop else None} for spec in callback["state"]],
        "changedPropIds": [f"{Explore.TABLE}.{prop}"],
    }


@pytest.mark.parametrize(("prop", "value"), [("cellClicked", "renault-flins"), ("clickData", [1, 2])])
def test_clicks_that_are_not_objects_are_refused(app, client, prop, value):
    assert post(client, detail_request(app, prop, value)) == 400


@pytest.mark.parametrize(
    "forge",
    [
        lambda body: [body],
        lambda body: {**body, "output": "nothing.children"},
        lambda body: {**body, "output": "..explore-filters.className...explore-filters-toggle.aria-expanded.."},
        lambda body: {**body, "changedPropIds": [1]},
        lambda body: {**body, "changedPropIds": "explore-regions.value"},
        lambda body: {**body, "inputs": body["inputs"][:-1]},
        lambda body: {**body, "inputs": [*body["inputs"][:-1], "x"]},
        lambda body: {**body, "state": {"id": "x"}},
        lambda body: {**body, "outputs": ["x"]},
    ],
)
def test_a_forged_request_body_is_refused(app, client, forge):
    assert post(client, forge(explore_request(app))) == 400


def test_a_body_that_is_not_json_is_a_bad_request(client):
    response = client.post("/_dash-update-component", data=b"{not json", content_type="application/json")
    assert response.status_code == 400
