"""Callback requests no page sends are refused with a 400 and one log line (regressions of fuzzed 500s)."""

from __future__ import annotations

import copy
import json
import logging

import pytest

from dashboard.ids import Explore
from tests.dash_requests import callback_request


def explore_request(client) -> dict:
    """The explore page's filter request as the browser sends it."""
    return callback_request(client.get("/_dash-dependencies").get_json(), "explore-zones.data")


def post(client, body) -> int:
    return client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json").status_code


def with_input(body: dict, component: str, prop: str, value) -> dict:
    changed = copy.deepcopy(body)
    for item in changed["inputs"] + changed["state"]:
        if item["id"] == component and item["property"] == prop:
            item["value"] = value
            return changed
    raise AssertionError(f"{component}.{prop} is not an input of the request")


def test_the_browsers_request_is_answered(client):
    assert post(client, explore_request(client)) == 200


def test_a_request_whose_outputs_are_patterns_is_answered(client):
    # The kiosk's translation writes to every text element (ALL): its outputs are lists of components.
    body = callback_request(client.get("/_dash-dependencies").get_json(), "{", {("kiosk-lang", "data"): "de"})
    assert isinstance(body["outputs"][0], list)
    assert post(client, body) == 200
    # The ids it reads back (to know each text's message) must be the components' own.
    body["state"][0][0]["value"] = None
    assert post(client, body) == 400


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
def test_an_input_of_the_wrong_type_is_refused(client, caplog, component, prop, value):
    with caplog.at_level(logging.WARNING):
        assert post(client, with_input(explore_request(client), component, prop, value)) == 400
    refused = [r for r in caplog.records if "refused a callback request" in r.getMessage()]
    assert len(refused) == 1 and refused[0].exc_info is None and "\n" not in refused[0].getMessage()


def detail_request(client, prop: str, value) -> dict:
    """The request that opens a place's panel, with one kind of click forged."""
    dependencies = client.get("/_dash-dependencies").get_json()
    body = callback_request(dependencies, "explore-detail.is_open", changed=[f"{Explore.TABLE}.{prop}"])
    for item in body["inputs"] + body["state"]:
        if item["property"] == prop:
            item["value"] = value
    return body


@pytest.mark.parametrize(("prop", "value"), [("cellClicked", "renault-flins"), ("clickData", [1, 2])])
def test_clicks_that_are_not_objects_are_refused(client, prop, value):
    assert post(client, detail_request(client, prop, value)) == 400


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
        lambda body: {**body, "outputs": body["outputs"][:-1]},
        lambda body: {**body, "outputs": body["outputs"][0]},
    ],
)
def test_a_forged_request_body_is_refused(client, forge):
    assert post(client, forge(explore_request(client))) == 400


def test_one_output_sent_as_a_list_is_refused(client):
    # Dash would read the list as several outputs and fail on the callback's answer (a 500).
    body = callback_request(client.get("/_dash-dependencies").get_json(), "kiosk-lang.data")
    assert isinstance(body["outputs"], dict) and post(client, body) in (200, 204)
    assert post(client, {**body, "outputs": [body["outputs"]]}) == 400


def test_a_body_that_is_not_json_is_a_bad_request(client):
    response = client.post("/_dash-update-component", data=b"{not json", content_type="application/json")
    assert response.status_code == 400
