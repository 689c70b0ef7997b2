"""GeoJSON payloads for the map and the downloads, and map views."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from dashboard.i18n import N_
from dashboard.vocab import Vocabularies

# The credits of the map, on the web map and under exported images alike (translated where shown):
# many site positions come from OpenStreetMap (ODbL), the boundaries and names from the bundled basemap.
MAP_ATTRIBUTION = N_(
    "Sites: © OpenStreetMap contributors (ODbL) · "
    "Boundaries: IGN, INSEE (Licence Ouverte 2.0) · Natural Earth · GeoNames (CC BY 4.0)"
)
# Closed sites and ended experiments (shown only when asked for) are drawn grey, as in assets/map.js.
GONE_STATUSES = ("closed", "ended")
GONE_COLOUR = "#8a9099"
# The sphere distances are measured on ("near a place"): the Earth's mean radius, within 0.5 % of the ellipsoid.
EARTH_RADIUS_KM = 6371.0088
# The zoom levels the atlas's maps offer (tours and shared views may ask for these only).
ZOOMS = (5, 16)
# The Seine axis and the east: the four atlas regions on open (south, west, north, east).
HOME_BOUNDS = ((46.2, -1.3), (50.1, 8.3))
# The zoom a map opens at, on the home view's centre (before it flies to its selection).
HOME_ZOOM = 6
# Sites are grouped on the server (dashboard.model.map_layer) up to this zoom, shown one by one beyond
# unless the view holds more than MAX_SINGLES of them (a dense register): the map's answer stays small.
CLUSTER_MAX_ZOOM = 11
MAX_SINGLES = 1000
# Sites are grouped by squares of this many pixels of the map at its zoom; neighbouring groups whose
# centres are closer than MERGE_PX are drawn as one, so that no two cluster symbols (48–56 px) overlap.
CELL_PX = 64
MERGE_PX = 48
# Web Mercator's tile size: a zoom's world is TILE_PX × 2^zoom pixels wide.
TILE_PX = 256
# Latitudes Web Mercator can draw.
MAX_LAT = 85.0511


def world_px(zoom: int) -> int:
    """The width of the Web Mercator world at a zoom, in pixels."""
    return TILE_PX * 2**zoom


def to_pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel (x, y) of a point at a zoom, as Leaflet places it."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2
    return (lon + 180) / 360 * world_px(zoom), y * world_px(zoom)


def from_pixel(x: float, y: float, zoom: int) -> tuple[float, float]:
    """The point (lat, lon) at a Web Mercator pixel of a zoom."""
    size = world_px(zoom)
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size)))), x / size * 360 - 180


@dataclass(frozen=True)
class MapArea:
    """What a map shows: its zoom and the box around its view (west, south, east, north)."""

    zoom: int
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, lat: float, lon: float, zoom: int, width: int = 2048, height: int = 1536) -> MapArea:
        """The box of a map `width` × `height` pixels centred on a point (a page's first view)."""
        x, y = to_pixel(lat, lon, zoom)
        north, west = from_pixel(x - width / 2, y - height / 2, zoom)
        south, east = from_pixel(x + width / 2, y + height / 2, zoom)
        return cls(zoom, max(west, -180), max(south, -MAX_LAT), min(east, 180), min(north, MAX_LAT))

    def cells(self) -> tuple[int, int, int, int]:
        """The first and last columns and rows of CELL_PX squares the box touches: x0, y0, x1, y1."""
        left, top = to_pixel(self.north, self.west, self.zoom)
        right, bottom = to_pixel(self.south, self.east, self.zoom)
        return (
            math.floor(left / CELL_PX),
            math.floor(top / CELL_PX),
            math.floor(right / CELL_PX),
            math.floor(bottom / CELL_PX),
        )

    def cell_box(self) -> tuple[float, float, float, float]:
        """South, west, north, east of the whole squares the box touches (what a grouping query reads)."""
        x0, y0, x1, y1 = self.cells()
        north, west = from_pixel(x0 * CELL_PX, y0 * CELL_PX, self.zoom)
        south, east = from_pixel((x1 + 1) * CELL_PX, (y1 + 1) * CELL_PX, self.zoom)
        return south, west, north, east


def opening_view(view: tuple[float, float, int] | None = None) -> tuple[float, float, int]:
    """Where a map opens: an address's view (lat, lon, zoom), else the centre of the home view at HOME_ZOOM."""
    (south, west), (north, east) = HOME_BOUNDS
    return view or ((south + north) / 2, (west + east) / 2, HOME_ZOOM)


class Group(NamedTuple):
    """Sites of one square of the map, or of neighbouring squares drawn as one cluster.

    A tuple, built whole: the densest views make hundreds of them.
    """

    count: int
    # The mean position of its sites.
    lat: float
    lon: float
    south: float
    west: float
    north: float
    east: float
    # For each category: how many sites, and how many of those are no longer there (drawn grey).
    categories: dict[str, list[int]]
    # Its site while it has only one (what the site's marker needs), else None.
    one: dict[str, Any] | None = None


def groups(parts: dict[str, np.ndarray], zoom: int) -> list[Group]:
    """Sites counted by square and category (columns of dashboard.queries.map_cells) as the map's groups.

    A square's sites form one group; a neighbouring square whose centre lies within MERGE_PX of a
    larger one's joins it (largest first, so that dense places gather their edges).
    """
    if not len(parts["n"]):
        return []
    # The rows come ordered by square: each row's square, and each square's first row.
    starts = np.r_[True, (np.diff(parts["cx"]) != 0) | (np.diff(parts["cy"]) != 0)]
    square = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    counts = np.add.reduceat(parts["n"], first)
    # The squares' centres in pixels of the zoom (the mean of their sites' Web Mercator positions).
    size = world_px(zoom)
    xs = (np.add.reduceat(parts["x_sum"], first) / counts * size).tolist()
    ys = (np.add.reduceat(parts["y_sum"], first) / counts * size).tolist()
    columns, rows = parts["cx"][first], parts["cy"][first]
    cxs, cys = columns.tolist(), rows.tolist()
    at = {key: index for index, key in enumerate(zip(cxs, cys, strict=True))}
    # Each square's group, named by its largest square: largest first, ties by position.
    leader = [-1] * len(first)
    leaders = []
    for index in np.lexsort((rows, columns, -counts)).tolist():
        if leader[index] >= 0:
            continue
        leader[index] = index
        leaders.append(index)
        for dx, dy in NEIGHBOURS:
            near = at.get((cxs[index] + dx, cys[index] + dy))
            close = near is not None and math.hypot(xs[index] - xs[near], ys[index] - ys[near]) < MERGE_PX
            if close and leader[near] < 0:
                leader[near] = index
    number = {index: position for position, index in enumerate(leaders)}
    group = np.array([number[index] for index in leader])[square]
    return _gathered(parts, group, len(leaders))


def _gathered(parts: dict[str, np.ndarray], group: np.ndarray, size: int) -> list[Group]:
    """The groups of the rows of `parts`, given each row's group number (0 to size - 1)."""
    count = np.bincount(group, parts["n"], size)
    lat = np.bincount(group, parts["lat_sum"], size) / count
    lon = np.bincount(group, parts["lon_sum"], size) / count
    # South, west, north, east of each group's sites.
    box = []
    for name, pick, start in (
        ("south", np.minimum, np.inf),
        ("west", np.minimum, np.inf),
        ("north", np.maximum, -np.inf),
        ("east", np.maximum, -np.inf),
    ):
        edge = np.full(size, start)
        pick.at(edge, group, parts[name])
        box.append(edge)
    categories: list[dict[str, list[int]]] = [{} for _ in range(size)]
    for number, code, sites, gone in zip(
        group.tolist(), parts["category"].tolist(), parts["n"].tolist(), parts["gone"].tolist(), strict=True
    ):
        mine = categories[number].setdefault(code, [0, 0])
        mine[0] += sites
        mine[1] += gone
    # A group of one site brings what the site's marker needs.
    ones: list[dict[str, Any] | None] = [None] * size
    for row in np.flatnonzero(count[group] == 1).tolist():
        number = int(group[row])
        site = {key: parts[key][row] for key in ("id", "name", "category", "status")}
        ones[number] = {**site, "lat": float(lat[number]), "lon": float(lon[number])}
    figures = (column.tolist() for column in (count.astype(int), lat, lon, *box))
    return [Group(*fields) for fields in zip(*figures, categories, ones, strict=True)]


# The eight squares around a square, by offset.
NEIGHBOURS = tuple((dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy)


def cluster_feature(group: Group) -> dict[str, Any]:
    """A GeoJSON point for a group of sites: its count, its categories (largest first) and its box.

    Each category is [code, sites, of which no longer there]: the symbol's donut draws the
    categories in their colours and the sites no longer there in grey.
    """
    categories = sorted(group.categories.items(), key=lambda pair: (-pair[1][0], pair[0]))
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(group.lon, 6), round(group.lat, 6)]},
        "properties": {
            "cluster": True,
            "point_count": group.count,
            "categories": [[code, count, gone] for code, (count, gone) in categories],
            "bounds": [group.south, group.west, group.north, group.east],
        },
    }


def site_feature(site: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON point feature for a site."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [site["lon"], site["lat"]]},
        "properties": properties,
    }


def zone_feature(zone: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON polygon feature for a zone."""
    return {"type": "Feature", "geometry": json.loads(zone["geojson"]), "properties": properties}


def _style(record: dict[str, Any], vocab: Vocabularies) -> dict[str, Any]:
    category = record["category"]
    return {
        "category": category,
        "colour": vocab.attribute("categories", category, "colour", "#555555"),
        "shape": vocab.attribute("categories", category, "shape", "circle"),
    }


def _flags(record: dict[str, Any]) -> dict[str, Any]:
    # Only what differs from the usual carries a flag (a tour's highlight, a place no longer there):
    # the payload of an ordinary selection stays small.
    flags: dict[str, Any] = {"highlight": True} if record.get("highlight") else {}
    if record.get("status") not in (None, "active"):
        flags["status"] = record["status"]
    return flags


def stacks(sites: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """For sites that share one point (one address): each one's place in its stack and the stack's size.

    The map fans a stack's markers out around the point, so each stays visible and clickable at
    every zoom; sites alone at their point are not listed.
    """
    at: dict[tuple[float, float], list[str]] = {}
    for site in sites:
        at.setdefault((site["lat"], site["lon"]), []).append(site["id"])
    return {site_id: (index, len(ids)) for ids in at.values() if len(ids) > 1 for index, site_id in enumerate(ids)}


def site_point(site: dict[str, Any], vocab: Vocabularies, stack: tuple[int, int] | None = None) -> dict[str, Any]:
    """A site's marker: what the symbol and its name need, no more (and its place in a stack)."""
    properties = {"id": site["id"], "name": site["name"], **_style(site, vocab), **_flags(site)}
    return site_feature(site, {**properties, "stack": list(stack)} if stack else properties)


def sites_layer(sites: list[dict[str, Any]], vocab: Vocabularies) -> dict[str, Any]:
    """Every given site's marker, those at one point fanned out (a tour step's few sites)."""
    stacked = stacks(sites)
    return collection([site_point(s, vocab, stacked.get(s["id"])) for s in sites])


def zones_layer(zones: list[dict[str, Any]], vocab: Vocabularies) -> dict[str, Any]:
    """The zones' outlines, with what their style and name need."""
    return collection(
        [
            zone_feature(z, {"id": z["site_id"] or z["id"], "name": z["name"], **_style(z, vocab), **_flags(z)})
            for z in zones
        ]
    )


def grouped_layer(found: list[Group], vocab: Vocabularies) -> dict[str, Any]:
    """The map's sites as groups: a cluster symbol per group, a site's own marker where it is alone."""
    return collection([cluster_feature(group) if group.count > 1 else site_point(group.one, vocab) for group in found])


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection."""
    return {"type": "FeatureCollection", "features": features}


def bounds(sites: list[dict[str, Any]], zones: list[dict[str, Any]]) -> tuple[float, float, float, float] | None:
    """South, west, north, east of the given sites and zones, or None when there are none."""
    return union(
        [(s["lat"], s["lon"], s["lat"], s["lon"]) for s in sites]
        + [(z["south"], z["west"], z["north"], z["east"]) for z in zones]
    )


def union(boxes: list) -> tuple[float, float, float, float] | None:
    """The box (south, west, north, east) around boxes of the same form; None around none."""
    if not boxes:
        return None
    souths, wests, norths, easts = zip(*boxes, strict=True)
    return min(souths), min(wests), max(norths), max(easts)


def circle(lat: float, lon: float, radius_km: float, points: int = 96) -> dict[str, Any]:
    """A GeoJSON polygon of the points `radius_km` from a centre on the sphere "near" measures on."""
    angle = radius_km / EARTH_RADIUS_KM
    lat0, lon0 = math.radians(lat), math.radians(lon)
    ring = []
    for step in range(points + 1):
        bearing = 2 * math.pi * step / points
        lat1 = math.asin(math.sin(lat0) * math.cos(angle) + math.cos(lat0) * math.sin(angle) * math.cos(bearing))
        lon1 = lon0 + math.atan2(
            math.sin(bearing) * math.sin(angle) * math.cos(lat0), math.cos(angle) - math.sin(lat0) * math.sin(lat1)
        )
        ring.append([round(math.degrees(lon1), 5), round(math.degrees(lat1), 5)])
    return {"type": "Polygon", "coordinates": [ring]}


def polygon_bounds(polygon: dict[str, Any]) -> tuple[float, float, float, float]:
    """South, west, north, east of a GeoJSON polygon."""
    lons, lats = zip(*polygon["coordinates"][0], strict=True)
    return min(lats), min(lons), max(lats), max(lons)


def viewport(
    bounds: tuple[float, float, float, float] | None, duration: float = 0.8, max_zoom: int = 12
) -> dict[str, Any]:
    """A map view flying to bounds (south, west, north, east); the home view when None."""
    corners = HOME_BOUNDS if bounds is None else ((bounds[0], bounds[1]), (bounds[2], bounds[3]))
    return {
        "bounds": [list(corners[0]), list(corners[1])],
        "transition": "flyToBounds",
        "options": {"padding": [40, 40], "maxZoom": max_zoom, "duration": duration},
    }


def fly_to(center: list[float], zoom: int, duration: float = 0.8) -> dict[str, Any]:
    """A map view flying to a centre [lat, lon] at a zoom level."""
    return {"center": list(center), "zoom": zoom, "transition": "flyTo", "options": {"duration": duration}}


@dataclass(frozen=True)
class View:
    """Where a map looks: a centre and zoom, else a box to fit, else the home view."""

    bounds: tuple[float, float, float, float] | None = None
    center: tuple[float, float] | None = None
    zoom: int | None = None

    def leaflet(self, duration: float = 0.8) -> dict[str, Any]:
        """The dash-leaflet viewport that flies there."""
        if self.center is not None and self.zoom is not None:
            return fly_to(list(self.center), self.zoom, duration)
        return viewport(self.bounds, duration, max_zoom=13)

    def box(self) -> tuple[float, float, float, float]:
        """South, west, north, east to fit: the bounds, else the home view (a centred view has a zoom instead)."""
        (south, west), (north, east) = HOME_BOUNDS
        return self.bounds or (south, west, north, east)
