"""The map both pages share: a bundled vector basemap, optional raster tiles, zones and clustered sites.

The vector basemap (countries, regions, departments, city and country names) lies in panes below
Leaflet's tile pane: where tiles load they cover it, and where they cannot (venue offline, test
machines) it is what the visitor sees, a finished map rather than a broken one.
"""

from __future__ import annotations

from typing import Protocol

import dash_leaflet as dl
from dash_extensions.javascript import Namespace

from dashboard.geo import MAP_ATTRIBUTION, ZOOMS, opening_view
from dashboard.i18n import N_, Translator
from dashboard.vocab import Vocabularies

MAP_JS = Namespace("atlas", "map")
TILE_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
# Custom panes: their z-index (in atlas.css) puts them under the tile pane (200).
BASEMAP_PANE = "atlas-basemap"
LABEL_PANE = "atlas-labels"
ZOOM_IN = N_("Zoom in")
MAP_NAME = N_("Map of the places: Tab moves through its groups and sites, the arrow keys pan, + and − zoom")
ZOOM_OUT = N_("Zoom out")


class MapIds(Protocol):
    """The component IDs a page gives its map (each page's enum in dashboard.ids has these)."""

    MAP: str
    SITES: str
    ZONES: str
    LABELS: str


def basemap_layers(labels_id: str, lang: str, t: Translator) -> list:
    """Land, boundaries and place names, drawn from the reference files the app serves.

    The labels layer, always present, also carries the map's and its zoom buttons' names in the page's language.
    """
    outline = {"interactive": False}
    return [
        dl.Pane(
            [
                dl.GeoJSON(url="/api/reference/countries.geojson", style=MAP_JS("countryStyle"), **outline),
                dl.GeoJSON(url="/api/reference/regions.geojson", style=MAP_JS("regionStyle"), **outline),
                dl.GeoJSON(url="/api/reference/departments.geojson", style=MAP_JS("departmentStyle"), **outline),
            ],
            name=BASEMAP_PANE,
        ),
        dl.Pane(
            dl.GeoJSON(
                id=labels_id,
                url="/api/reference/labels.geojson",
                pointToLayer=MAP_JS("placeLabel"),
                hideout={
                    "lang": lang,
                    "pane": LABEL_PANE,
                    "map": t.gettext(lang, MAP_NAME),
                    "zoomIn": t.gettext(lang, ZOOM_IN),
                    "zoomOut": t.gettext(lang, ZOOM_OUT),
                },
                **outline,
            ),
            name=LABEL_PANE,
        ),
    ]


def near_area(data: dict | None = None, **ids) -> dl.GeoJSON:
    """The circle of "near a place" (explore callbacks fill it; the embed page draws it as given)."""
    return dl.GeoJSON(data=data, style=MAP_JS("nearStyle"), interactive=False, **ids)


def map_texts(vocab: Vocabularies, t: Translator, lang: str, keyboard: bool = True) -> dict:
    """What assets/map.js needs to draw clusters and name markers and clusters for screen readers, in a language.

    `keyboard` puts markers and clusters in the tab order (Enter opens a site, zooms into a cluster).
    """
    return {
        "categories": {code: vocab.label("categories", code, lang) for code in vocab.codes("categories")},
        # The colours of the categories, for the clusters' donuts.
        "colours": {code: vocab.attribute("categories", code, "colour") for code in vocab.codes("categories")},
        # {count} and {categories} are filled in the browser, e.g. "12 sites: Plant (5), Test track (2)".
        "cluster": t.gettext(lang, "{count} sites: {categories}", count="{count}", categories="{categories}"),
        "keyboard": keyboard,
    }


def atlas_map(
    ids: MapIds,
    tile_url: str,
    lang: str,
    t: Translator,
    vocab: Vocabularies,
    class_name: str = "atlas-map",
    overlays: tuple = (),
    view: tuple[float, float, int] | None = None,
    places: tuple[dict, dict] | None = None,
    **options,
) -> dl.Map:
    """The map: basemap, optional tiles (hidden again if they fail to load), zones, sites.

    `overlays` are drawn above the sites (e.g. the ring around the open site); `view` (lat, lon,
    zoom) replaces the home view; `places` (sites and zones layers) fill the map where no callback
    does, the sites' layer holding clusters too (dashboard.model.map_layer); `options` go to
    Leaflet's map (e.g. `keyboard=False` where the page owns the arrow keys).
    """
    sites, zones = places or (None, None)
    layers = [
        *basemap_layers(ids.LABELS, lang, t),
        # The basemap is always drawn, so its credit is part of the control itself.
        dl.AttributionControl(prefix=t.gettext(lang, MAP_ATTRIBUTION), position="bottomright"),
        dl.ScaleControl(imperial=False, position="bottomleft"),
        dl.GeoJSON(id=ids.ZONES, data=zones, style=MAP_JS("zoneStyle"), onEachFeature=MAP_JS("bindName")),
        dl.GeoJSON(
            id=ids.SITES,
            data=sites,
            pointToLayer=MAP_JS("marker"),
            onEachFeature=MAP_JS("bindName"),
            hideout=map_texts(vocab, t, lang, keyboard=options.get("keyboard", True)),
        ),
        *overlays,
    ]
    if tile_url:
        tiles = dl.TileLayer(
            url=tile_url,
            attribution=TILE_ATTRIBUTION,
            className="atlas-tiles",
            eventHandlers={"tileerror": MAP_JS("tilesFailed"), "tileload": MAP_JS("tilesLoaded")},
        )
        layers.insert(0, tiles)
    lat, lon, zoom = opening_view(view)
    return dl.Map(
        layers,
        id=ids.MAP,
        # dash-leaflet tracks the viewport from `center`, so it must be given (not only bounds).
        center=[lat, lon],
        zoom=zoom,
        minZoom=ZOOMS[0],
        maxZoom=ZOOMS[1],
        className=class_name,
        attributionControl=False,
        **options,
    )
