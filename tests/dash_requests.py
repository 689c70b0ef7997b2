"""Callback requests as the browser sends them, built from the app's own `/_dash-dependencies`."""

from __future__ import annotations

import json
from typing import Any


def callback_request(
    dependencies: list[dict[str, Any]], output: str, values: dict[tuple[str, str], Any] | None = None, changed=()
) -> dict[str, Any]:
    """The body of `/_dash-update-component` for the server callback whose output starts with `output`.

    Args:
        dependencies: what `/_dash-dependencies` answers.
        output: the first "component.property" of the callback's outputs.
        values: each input's or state's value by (component, property); None where not given.
        changed: the inputs that triggered it, as "component.property".
    """
    values = values or {}
    callback = next(
        c for c in dependencies if c["output"].lstrip(".").startswith(output) and not c.get("clientside_function")
    )
    outputs = [part.rsplit(".", 1) for part in callback["output"].strip(".").split("...")]

    def component(spec_id: str) -> dict[str, Any] | list[dict[str, Any]] | str:
        # A pattern (ALL) stands for the components it matched: here one, named "x".
        if not spec_id.startswith("{"):
            return spec_id
        return {key: "x" if value == ["ALL"] else value for key, value in json.loads(spec_id).items()}

    def entry(spec: dict[str, Any]) -> dict[str, Any] | list[dict[str, Any]]:
        # An id read as a value is the component's id itself.
        given = component(spec["id"]) if spec["property"] == "id" else values.get((spec["id"], spec["property"]))
        found = {"id": component(spec["id"]), "property": spec["property"], "value": given}
        return [found] if spec["id"].startswith("{") else found

    def output(spec_id: str, prop: str) -> dict[str, Any] | list[dict[str, Any]]:
        found = {"id": component(spec_id), "property": prop.split("@")[0]}
        return [found] if spec_id.startswith("{") else found

    return {
        "output": callback["output"],
        "outputs": [output(spec_id, prop) for spec_id, prop in outputs],
        "inputs": [entry(spec) for spec in callback["inputs"]],
        "state": [entry(spec) for spec in callback["state"]],
        "changedPropIds": list(changed),
    }
