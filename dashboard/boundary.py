"""The callback requests the browser may send, checked before Dash reads them.

Dash trusts the body of `/_dash-update-component`: a forged one (a number where a list is
expected, a list where a place id is, an unknown callback) failed deep in a callback with a 500
and a traceback. Here each request is checked against the shape of the callbacks the app
registered and the JSON type of each property; anything else is a 400 with one line in the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import flask
from dash import Dash

from dashboard.ids import Explore, Kiosk, Present

log = logging.getLogger(__name__)
Check = Callable[[Any], bool]


class Refused(ValueError):
    """A callback request that no page of the atlas sends; the message says what is wrong with it."""


def optional(*types: type) -> Check:
    """None or a value of one of the types."""

    def check(value: Any) -> bool:
        # JSON has no separate booleans and numbers in Python's eyes: True is an int.
        return value is None or (isinstance(value, types) and not (isinstance(value, bool) and bool not in types))

    return check


def list_of(kind: type) -> Check:
    """None or a list of values of one type (a checklist's strings, a grid's rows)."""

    def check(value: Any) -> bool:
        return value is None or (isinstance(value, list) and all(isinstance(item, kind) for item in value))

    return check


def anything(_: Any) -> bool:
    """Any JSON value (stores the callbacks read defensively)."""
    return True


NUMBER = optional(int, float)
TEXT = optional(str)
# By property: what the components of the atlas send for it.
PROPERTIES: dict[str, Check] = {
    "n_clicks": optional(int),
    "n_intervals": optional(int),
    "clickData": optional(dict),
    "cellClicked": optional(dict),
    "eventData": optional(dict),
    "hideout": optional(dict),
    "center": optional(dict, list),
    "zoom": NUMBER,
    "is_open": optional(bool),
    "disabled": optional(bool),
    "aria-pressed": TEXT,
    "search_value": TEXT,
    "pathname": TEXT,
    "search": TEXT,
    "value": list_of(str),
    "data": anything,
}
# By component, where its property carries something else than the property's usual type.
COMPONENTS: dict[tuple[str, str], Check] = {
    (Explore.NEAR, "value"): TEXT,
    (Explore.RADIUS, "value"): NUMBER,
    (Explore.SEARCH, "value"): TEXT,
    (Explore.SHARE_LINK, "value"): TEXT,
    **{(store, "data"): TEXT for store in (Explore.LANG, Kiosk.LANG, Kiosk.HOME_LANG, Present.LANG)},
    **{(store, "data"): TEXT for store in (Explore.PLACE, Kiosk.PLACE, Present.TOUR)},
    (Present.STEP, "data"): optional(int),
    # Dash's page router: the browser's location, an absolute path.
    ("_pages_location", "pathname"): lambda value: isinstance(value, str) and value.startswith("/"),
}


def check_input(item: Any) -> None:
    """One input or state of a request: a component's id, a property and a value of its type."""
    if isinstance(item, list):  # a pattern-matching input (ALL): one entry a matching component
        for entry in item:
            check_input(entry)
        return
    if not isinstance(item, dict) or not isinstance(item.get("property"), str):
        raise Refused("an input is not an id with a property")
    component = item.get("id")
    if not isinstance(component, str | dict):
        raise Refused(f"input {item['property']!r} has no component id")
    if item["property"] == "id":
        # A component's id, read as a value, is the id itself.
        if item.get("value") != component:
            raise Refused(f"the id of {component} is given as another value")
        return
    check = COMPONENTS.get((component, item["property"])) if isinstance(component, str) else None
    check = check or PROPERTIES.get(item["property"], anything)
    if not check(item.get("value")):
        raise Refused(f"{component}.{item['property']} carries a {type(item.get('value')).__name__}")


def is_output(spec: str, given: Any) -> bool:
    """An output of a request: a component's id with a property, or for a pattern (ALL) a list of them."""
    if spec.startswith("{"):
        return isinstance(given, list) and all(isinstance(item, dict) for item in given)
    return isinstance(given, dict)


def check_request(body: Any, callbacks: Mapping[str, Mapping[str, Any]]) -> None:
    """A callback request as the app's pages send it.

    Raises:
        Refused: anything else.
    """
    if not isinstance(body, dict):
        raise Refused("the body is not a JSON object")
    output = body.get("output")
    # Clientside callbacks are in the map too, without a server function.
    if not isinstance(output, str) or "callback" not in callbacks.get(output, {}):
        raise Refused("no such callback")
    callback = callbacks[output]
    # Several outputs are a list, one output is itself: Dash reads a list for one as several (a 500).
    several = output.startswith("..")
    specs = output.strip(".").split("...") if several else [output]
    outputs = body.get("outputs")
    given = outputs if several else [outputs]
    if not isinstance(given, list) or len(given) != len(specs) or not all(map(is_output, specs, given)):
        raise Refused(f"outputs: {len(specs)} expected, as ids with properties")
    for part in ("inputs", "state"):
        items = body.get(part, [])
        if not isinstance(items, list) or len(items) != len(callback[part]):
            raise Refused(f"{part}: {len(callback[part])} expected")
        for item in items:
            check_input(item)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(name, str) for name in changed):
        raise Refused("changedPropIds is not a list of names")


CALLBACK_PATH = "/_dash-update-component"


def is_callback_request() -> bool:
    """Whether the request being served is a callback's (Dash's renderer posts them all to one address)."""
    return flask.request.path == CALLBACK_PATH and flask.request.method == "POST"


def guard(app: Dash) -> None:
    """Refuse (400, one line in the log) every callback request that `check_request` refuses."""

    @app.server.before_request
    def refuse_forged_callbacks() -> None:
        if not is_callback_request():
            return
        try:
            check_request(flask.request.get_json(silent=True), app.callback_map)
        except Refused as error:
            log.warning("refused a callback request: %s", error)
            flask.abort(400, description=str(error))
