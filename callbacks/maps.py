"""The map's sites follow its view: grouped by the server for what the map shows (assets/map.js asks)."""

from __future__ import annotations

from typing import Protocol

from dash import ClientsideFunction, Dash, Input, Output

from layouts.basemap import MapIds


class ViewMapIds(MapIds, Protocol):
    """A map whose sites come by view, and the store of the query string it asks them with."""

    MAP_QUERY: str


def register(app: Dash, ids: ViewMapIds) -> None:
    """Ask /api/map.geojson for the sites in the map's view whenever it moves or its selection changes.

    Only the newest answer is drawn. The page itself carries its opening view's sites, so that its
    first markers wait for no request.
    """
    app.clientside_callback(
        ClientsideFunction("atlas_map", "sites"),
        Output(ids.SITES, "data"),
        Input(ids.MAP, "bounds"),
        Input(ids.MAP, "zoom"),
        # Also run as the page arrives, without asking anything: the map learns its selection, and
        # asks for its sites as soon as it first stops moving (assets/map.js).
        Input(ids.MAP_QUERY, "data"),
    )
