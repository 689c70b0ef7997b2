"""Callback requests as the browser sends them, built from the app's own `/_dash-dependencies`."""

from __future__ import annotations

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

    def entry(spec: dict[str, Any]) -> dict[str, Any]:
        return {**spec, "value": values.get((spec["id"], spec["property"]))}

    return {
        "output": callback["output"],
        "outputs": [{"id": component, "property": prop.split("@")[0]} for component, prop in outputs],
        "inputs": [entry(spec) for spec in callback["inputs"]],
        "state": [entry(spec) for spec in callback["state"]],
        "changedPropIds": list(changed),
    }
