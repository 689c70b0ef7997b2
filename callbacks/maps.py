"""The map's sites follow its view: grouped by the server for what the map shows (assets/map.js asks)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from dash import ClientsideFunction, Dash, Input, Output, State

from layouts.basemap import MapIds


class ViewMapIds(MapIds, Protocol):
    """A map whose sites come by view, and the store of the query string it asks them with."""

    MAP_QUERY: str


class SelectionMapIds(ViewMapIds, Protocol):
    """A map whose page asks for the rest of a new selection's view once the map has drawn its sites."""

    DRAWN_QUERY: str


def follow_selection(app: Dash, ids: SelectionMapIds, filters: Iterable[tuple[str, str]], *states: State) -> None:
    """A changed filter's sites are asked for at once, the rest of the page's view once the map has drawn them.

    The selection's parameters are built in the browser from the filters (assets/history.js) into
    ids.MAP_QUERY; ids.DRAWN_QUERY follows once the map has drawn its sites: the figures, zones and
    table are asked on it, as drawn alongside they would hold the new markers back by some 40 ms.
    """
    app.clientside_callback(
        ClientsideFunction("atlas_selection", "query"),
        Output(ids.MAP_QUERY, "data"),
        *(Input(*part) for part in filters),
        *states,
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("atlas_map", "drawn"),
        Output(ids.DRAWN_QUERY, "data"),
        Input(ids.MAP_QUERY, "data"),
        State(ids.MAP, "id"),
        prevent_initial_call=True,
    )


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
