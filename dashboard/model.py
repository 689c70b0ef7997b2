"""What the explore page shows for a selection, computed from the database in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from dashboard import geo, queries, urlstate
from dashboard.queries import Figures, Selection
from dashboard.vocab import Vocabularies


@dataclass(frozen=True)
class ExploreView:
    """Everything the explore page's outputs need for one selection."""

    sites_layer: dict[str, Any]
    zones_layer: dict[str, Any]
    figures: Figures
    viewport: dict[str, Any] | None
    rows: list[dict[str, Any]]
    query: str


def explore_view(con: duckdb.DuckDBPyConnection, selection: Selection, vocab: Vocabularies) -> ExploreView:
    """Query a selection and shape it for the map, the figures and the table."""
    sites = queries.map_sites(con, selection)
    zones = queries.zones(con, selection)
    sites_layer, zones_layer = geo.map_layers(sites, zones, vocab)
    if selection.is_empty():
        viewport = geo.viewport(None)
    else:
        found = geo.bounds(sites, zones)
        viewport = geo.viewport(found) if found else None
    rows = [
        {
            "id": s["id"],
            "name": s["name"],
            "organisation": s["organisation"],
            "category_label": vocab.label("categories", s["category"]),
            "region_label": vocab.label("regions", s["region_code"]),
            "commune_name": s["commune_name"],
            "jobs": s["jobs"],
        }
        for s in sites
    ]
    return ExploreView(
        sites_layer=sites_layer,
        zones_layer=zones_layer,
        figures=queries.figures(con, selection),
        viewport=viewport,
        rows=rows,
        query=urlstate.to_query(selection),
    )


def clicked_place(click: dict[str, Any] | None) -> str | None:
    """The id of the site or zone a map click landed on; None for a cluster or no click."""
    properties = (click or {}).get("properties") or {}
    if properties.get("cluster") or not properties.get("id"):
        return None
    return str(properties["id"])


def result_summary(view: ExploreView) -> str:
    """One sentence on the size of the selection, read out to screen readers too."""
    sites = view.figures.sites
    zones = len(view.zones_layer["features"])
    if not sites and not zones:
        return "No site matches these filters."
    return f"{sites} site{'s' if sites != 1 else ''} and {zones} zone{'s' if zones != 1 else ''} shown."
