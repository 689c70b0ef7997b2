"""The self-hosted street basemap: its tiles, TileJSON and MapLibre style, served by the app itself.

Configured with ATLAS_BASEMAP (a tile set in the OpenMapTiles schema, see dashboard.tilesets); the
page draws it with MapLibre GL between the bundled land (under it) and the atlas's layers (above).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from flask import Flask, Response, abort, jsonify, request

from dashboard.i18n import DEFAULT_LANGUAGE, language
from dashboard.tilesets import GZIP_MAGIC, TileSet, TileSetError, open_tileset, valid_address

log = logging.getLogger(__name__)

PREFIX = "/basemap"
# Glyphs (Noto Sans, SIL Open Font License) are served from the assets folder.
FONT = "Noto Sans Regular"
GLYPHS = "/assets/vendor/glyphs/{fontstack}/{range}.pbf"
# Tiles do not change while the app runs: browsers keep them a week, then ask again with the ETag.
TILE_CACHE = "public, max-age=604800"
CREDIT = "© OpenStreetMap contributors"
# The page's zoom from which the street basemap's names replace the bundled city names (MapLibre's
# zooms are one less, its tiles being 512 pixels).
NAMES_FROM_ZOOM = 8

# The atlas's quiet palette: the bundled basemap's land shows through, water is the sea's colour.
WATER = "#cfe0ec"
RIVER = "#9dbdd6"
BUILT_UP = "#e7e2d8"
INDUSTRIAL = "#e2dbe6"
RAIL = "#a3a7ad"
# Road class → colour, first zoom drawn, widths at zooms 6 and 14.
ROADS = {
    "motorway": ("#e3a857", 5, 1, 5),
    "trunk": ("#eabf7f", 6, 0.8, 4),
    "primary": ("#f1d6a6", 7, 0.6, 3.5),
    "secondary": ("#fbf0dc", 9, 0.4, 3),
}
LABEL = "#3d4b5a"


def _line_width(low: float, high: float) -> list:
    """A width growing with the zoom, from `low` px at zoom 6 to `high` px at zoom 14."""
    return ["interpolate", ["linear"], ["zoom"], 6, low, 14, high]


def style(lang: str, layers: frozenset[str] = frozenset(), tiles_url: str = f"{PREFIX}/tiles.json") -> dict:
    """The MapLibre style of the street basemap, labels in a language where the tiles have it.

    `layers` are the set's layers: the style draws only those (all when the set names none), as the
    renderer refuses a style layer whose source layer the set does not declare.
    """
    name = ["coalesce", ["get", f"name:{lang}"], ["get", "name:latin"], ["get", "name"]]
    # The smaller roads first, so the motorways are drawn over them.
    roads = [
        {
            "id": f"road-{kind}",
            "type": "line",
            "source": "streets",
            "source-layer": "transportation",
            "minzoom": minzoom,
            "filter": ["==", ["get", "class"], kind],
            "layout": {"line-cap": "round", "line-join": "round"},
            "paint": {"line-color": colour, "line-width": _line_width(low, high)},
        }
        for kind, (colour, minzoom, low, high) in reversed(ROADS.items())
    ]
    drawn = [layer for layer in _layers(name, roads) if not layers or layer["source-layer"] in layers]
    return {
        "version": 8,
        "name": "Mobility Valley Atlas streets",
        "sources": {"streets": {"type": "vector", "url": tiles_url, "attribution": CREDIT}},
        "glyphs": GLYPHS,
        "layers": drawn,
    }


def _layers(name: list, roads: list[dict]) -> list[dict]:
    """The style's layers, bottom to top: built-up and industrial areas, water, rivers, railways, roads, names."""
    return [
        {
            "id": "built-up",
            "type": "fill",
            "source": "streets",
            "source-layer": "landuse",
            "filter": [
                "in",
                ["get", "class"],
                ["literal", ["residential", "suburb", "neighbourhood", "commercial", "retail"]],
            ],
            "paint": {"fill-color": BUILT_UP, "fill-opacity": 0.7},
        },
        {
            "id": "industrial",
            "type": "fill",
            "source": "streets",
            "source-layer": "landuse",
            "filter": ["in", ["get", "class"], ["literal", ["industrial", "railway", "quarry"]]],
            "paint": {"fill-color": INDUSTRIAL, "fill-opacity": 0.85},
        },
        {
            "id": "water",
            "type": "fill",
            "source": "streets",
            "source-layer": "water",
            "paint": {"fill-color": WATER},
        },
        {
            "id": "rivers",
            "type": "line",
            "source": "streets",
            "source-layer": "waterway",
            "filter": ["==", ["get", "class"], "river"],
            "layout": {"line-cap": "round", "line-join": "round"},
            "paint": {"line-color": RIVER, "line-width": _line_width(0.8, 4)},
        },
        {
            "id": "canals-and-streams",
            "type": "line",
            "source": "streets",
            "source-layer": "waterway",
            "minzoom": 11,
            "filter": ["in", ["get", "class"], ["literal", ["canal", "stream"]]],
            "paint": {"line-color": RIVER, "line-width": 0.8},
        },
        {
            "id": "railways",
            "type": "line",
            "source": "streets",
            "source-layer": "transportation",
            "minzoom": 8,
            "filter": ["==", ["get", "class"], "rail"],
            "paint": {"line-color": RAIL, "line-width": 1, "line-dasharray": [3, 2]},
        },
        *roads,
        {
            "id": "places",
            "type": "symbol",
            "source": "streets",
            "source-layer": "place",
            # From zoom 7 (the page's 8), where the bundled city names give way to these (assets/basemap.js);
            # villages from zoom 9.
            "filter": [
                "match",
                ["get", "class"],
                ["city", "town"],
                True,
                "village",
                [">=", ["zoom"], 9],
                False,
            ],
            "minzoom": NAMES_FROM_ZOOM - 1,
            "layout": {
                "text-field": name,
                "text-font": [FONT],
                "text-size": ["match", ["get", "class"], "city", 14, "town", 12, 11],
                "symbol-sort-key": ["match", ["get", "class"], "city", 0, "town", 1, 2],
                "text-max-width": 8,
            },
            "paint": {"text-color": LABEL, "text-halo-color": "#ffffff", "text-halo-width": 1.5},
        },
    ]


# The tile layers the style draws: `basemap build` keeps only these unless asked for all.
STYLE_LAYERS = frozenset(layer["source-layer"] for layer in style(DEFAULT_LANGUAGE)["layers"])

# MapLibre GL and its Leaflet binding: vendored, loaded by assets/basemap.js on pages that draw the basemap.
SCRIPTS = ("/assets/vendor/maplibre/maplibre-gl.js", "/assets/vendor/maplibre/leaflet-maplibre-gl.js")
STYLESHEET = "/assets/vendor/maplibre/maplibre-gl.css"


def meta_tag(tiles: TileSet) -> str:
    """What tells the page's scripts that a basemap is served: its style, what draws it and where it covers."""
    bounds = ",".join(f"{value:.5f}" for value in tiles.metadata().get("bounds", [-180, -85, 180, 85]))
    return (
        f'<meta name="atlas-basemap" content="{PREFIX}/style.json" data-bounds="{bounds}" '
        f'data-scripts="{" ".join(SCRIPTS)}" data-stylesheet="{STYLESHEET}" data-names-from="{NAMES_FROM_ZOOM}">'
    )


def tilejson(found: dict, base: str) -> dict:
    """The TileJSON of the served set (its metadata, `found`): address template, bounds, zooms and layers."""
    return {
        "tilejson": "3.0.0",
        "tiles": [f"{base}{PREFIX}/tiles/{{z}}/{{x}}/{{y}}.pbf"],
        "minzoom": found.get("minzoom", 0),
        "maxzoom": found.get("maxzoom", 14),
        "bounds": found.get("bounds", [-180, -85.0511, 180, 85.0511]),
        "attribution": CREDIT,
        "vector_layers": found.get("vector_layers", []),
    }


def load(path: Path | None) -> TileSet | None:
    """The configured tile set, or None (none configured, or unreadable: the bundled basemap stays)."""
    if path is None:
        return None
    try:
        tiles = open_tileset(path)
        tiles.metadata()
    except (TileSetError, OSError, ValueError) as error:
        log.error("basemap not served: %s", error)
        return None
    log.info("basemap served from %s", path)
    return tiles


def register(server: Flask, tiles: TileSet) -> None:
    """Serve a tile set's tiles, its TileJSON and the style under /basemap."""
    # The set does not change while the app runs: its metadata is read once.
    found = tiles.metadata()
    layers = frozenset(layer["id"] for layer in found.get("vector_layers", []))

    @server.get(f"{PREFIX}/tiles.json")
    def basemap_tilejson():
        return jsonify(tilejson(found, request.host_url.rstrip("/")))

    @server.get(f"{PREFIX}/style.json")
    def basemap_style():
        return jsonify(style(language(request.args.get("lang")), layers))

    @server.get(f"{PREFIX}/tiles/<int:z>/<int:x>/<int:y>.pbf")
    def basemap_tile(z: int, x: int, y: int):
        if not valid_address(z, x, y):
            abort(400)
        data = tiles.tile(z, x, y)
        if not data:
            # No tile here (outside the set, or past its deepest zoom): the renderer draws nothing.
            return Response(status=204, headers={"Cache-Control": TILE_CACHE})
        response = Response(data, mimetype="application/vnd.mapbox-vector-tile")
        if data[:2] == GZIP_MAGIC:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Cache-Control"] = TILE_CACHE
        response.set_etag(hashlib.blake2b(data, digest_size=16).hexdigest())
        return response.make_conditional(request)
