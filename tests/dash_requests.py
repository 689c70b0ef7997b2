"""Callback requests as the browser sends them, built from the app's own `/_dash-dependencies`."""

from __future__ import annotations

import json
from typing import Any


def callback_request(
    dependencies: list[dict[str, Any]],
    output: str,
    values: dict[tuple[str, str], Any] | None = None,
    changed=(),
    matched: str = "x",
) -> dict[str, Any]:
    """The body of `/_dash-update-component` for the server callback whose output starts with `output`.

    Args:
        dependencies: what `/_dash-dependencies` answers.
        output: the first "component.property" of the callback's outputs, or its whole output key.
        values: each input's or state's value by (component, property); None where not given.
        changed: the inputs that triggered it, as "component.property".
        matched: the name of the one component a pattern (ALL) stands for.
    """
    values = values or {}
    found = [
        c
        for c in dependencies
        if (c["output"] == output or c["output"].lstrip(".").startswith(output)) and not c.get("clientside_function")
    ]
    # A whole key names its callback even where another's key begins the same ("…viewport@1a2b").
    callback = next((c for c in found if c["output"] == output), found[0])
    outputs = [part.rsplit(".", 1) for part in callback["output"].strip(".").split("...")]

    def component(spec_id: str) -> dict[str, Any] | list[dict[str, Any]] | str:
        # A pattern (ALL) stands for the components it matched: here one.
        if not spec_id.startswith("{"):
            return spec_id
        return {key: matched if value == ["ALL"] else value for key, value in json.loads(spec_id).items()}

    def entry(spec: dict[str, Any]) -> dict[str, Any] | list[dict[str, Any]]:
        # An id read as a value is the component's id itself.
        given = component(spec["id"]) if spec["property"] == "id" else values.get((spec["id"], spec["property"]))
        found = {"id": component(spec["id"]), "property": spec["property"], "value": given}
        return [found] if spec["id"].startswith("{") else found

    def output(spec_id: str, prop: str) -> dict[str, Any] | list[dict[str, Any]]:
        found = {"id": component(spec_id), "property": prop.split("@")[0]}
        return [found] if spec_id.startswith("{") else found

    several = [output(spec_id, prop) for spec_id, prop in outputs]
    return {
        "output": callback["output"],
        # As the browser sends them: a list for several outputs, the output itself for one.
        "outputs": several if callback["output"].startswith("..") else several[0],
        "inputs": [entry(spec) for spec in callback["inputs"]],
        "state": [entry(spec) for spec in callback["state"]],
        "changedPropIds": list(changed),
    }


def page_request(dependencies: list[dict[str, Any]], path: str, search: str = "") -> dict[str, Any]:
    """The request for a page's content, as the browser sends it on moving to `path` + `search` (a link, Back)."""
    values = {("_pages_location", "pathname"): path, ("_pages_location", "search"): search}
    return callback_request(dependencies, "_pages_content.children", values, changed=["_pages_location.pathname"])
