"""The selection in the URL query string.

`driver`, `region`, `category`, `cluster`, `status` (repeated), `q`, and `near` with `radius` (places
within so many km of a site, a commune or a point).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from dashboard.geo import MAX_LAT, ZOOMS, MapArea
from dashboard.queries import COMMUNE_PREFIX, CURRENT_STATUSES, DEFAULT_RADIUS, MAX_TABLE_ROWS, RADII, Selection
from dashboard.validate import point_problems
from dashboard.vocab import Vocabularies

# Query parameter → (Selection attribute, vocabulary kind).
PARAMETERS = {
    "driver": ("drivers", "drivers"),
    "region": ("regions", "regions"),
    "category": ("categories", "categories"),
    "cluster": ("clusters", "clusters"),
    "status": ("statuses", "statuses"),
}
# Parameters whose absence means a default rather than "no restriction".
DEFAULTS = {"statuses": CURRENT_STATUSES}
MAX_QUERY = 100
# What `near` may name: a site id (a slug), a commune's INSEE code, or a point "lat,lon".
SITE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
COMMUNE = re.compile(re.escape(COMMUNE_PREFIX) + r"[0-9][0-9AB][0-9]{3}")
POINT = re.compile(r"(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)")


def _values(raw: object) -> list[str]:
    # One value or a list of them; anything else (a number, an object from a forged request) is none.
    if isinstance(raw, str):
        return [raw]
    return [value for value in raw if isinstance(value, str)] if isinstance(raw, list | tuple) else []


def parse(params: Mapping[str, str | Iterable[str]], vocab: Vocabularies) -> Selection:
    """Read a selection from query parameters, dropping unknown or malformed values.

    Args:
        params: parameter → one value or several (Flask's lists, Dash pages' str-or-list).
        vocab: the vocabularies whose codes are accepted.
    """
    chosen: dict[str, tuple[str, ...]] = {}
    for name, (attribute, kind) in PARAMETERS.items():
        allowed = vocab.codes(kind)
        given = {value.strip() for value in _values(params.get(name))}
        chosen[attribute] = tuple(code for code in allowed if code in given) or DEFAULTS.get(attribute, ())
    q_values = _values(params.get("q"))
    q = " ".join(q_values[0].split())[:MAX_QUERY] if q_values else ""
    near = parse_near(params.get("near"))
    radius = parse_radius(params.get("radius")) if near else DEFAULT_RADIUS
    return Selection(q=q, near=near, radius=radius, **chosen)


def _first(raw: object) -> str:
    values = _values(raw)
    return values[0].strip() if values else ""


def parse_near(raw: object) -> str:
    """A centre from an address's `near`: a site id, "commune:<INSEE code>", or "lat,lon" in France.

    Empty when it is none of these; whether the site or commune exists is the database's to say.
    """
    value = _first(raw)
    point = POINT.fullmatch(value)
    if point:
        lat, lon = float(point.group(1)), float(point.group(2))
        return "" if point_problems(lat, lon) else f"{lat:.4f},{lon:.4f}"
    if COMMUNE.fullmatch(value) or SITE_ID.fullmatch(value):
        return value
    return ""


def parse_radius(raw: object) -> int:
    """Kilometres from an address's `radius`: a whole number in the allowed range, else the default."""
    try:
        radius = int(_first(raw))
    except ValueError:
        return DEFAULT_RADIUS
    low, high = RADII
    return radius if low <= radius <= high else DEFAULT_RADIUS


def parse_view(raw: object) -> tuple[float, float, int] | None:
    """A map view from an address's `view` parameter ("lat,lon,zoom", e.g. view=49.4431,1.0993,12).

    None when it is absent or malformed: not three numbers, outside metropolitan France, a zoom the
    map does not offer.
    """
    value = _first(raw)
    parts = value.split(",") if value else []
    if len(parts) != 3:
        return None
    try:
        lat, lon, zoom = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        return None
    low, high = ZOOMS
    if point_problems(lat, lon) or not low <= zoom <= high:
        return None
    return round(lat, 5), round(lon, 5), zoom


# The widest view the map's sites are sent for, in squares of geo.CELL_PX pixels each way (a 4K
# screen and a tile around it is about 70).
MAX_AREA_CELLS = 128


def parse_area(raw_zoom: object, raw_bbox: object) -> MapArea | None:
    """What a map shows, from a request's `zoom` and `bbox` ("west,south,east,north" in degrees).

    None when either is malformed: a zoom the map does not offer, a box that is not four numbers,
    turned over, off the map, or wider than MAX_AREA_CELLS squares at its zoom.
    """
    try:
        zoom = int(_first(raw_zoom))
        west, south, east, north = (float(part) for part in _first(raw_bbox).split(","))
    except ValueError:
        return None
    low, high = ZOOMS
    on_map = -180 <= west < east <= 180 and -MAX_LAT <= south < north <= MAX_LAT
    if not (low <= zoom <= high and on_map):
        return None
    area = MapArea(zoom, west, south, east, north)
    x0, y0, x1, y1 = area.cells()
    return area if max(x1 - x0, y1 - y0) < MAX_AREA_CELLS else None


def parse_rows(raw_start: object, raw_end: object) -> tuple[int, int] | None:
    """Which rows of the table a request asks for: `start` (from 0) to `end` (excluded).

    None when either is not a whole number, the range is empty or turned over, or longer than
    queries.MAX_TABLE_ROWS.
    """
    try:
        start, end = int(_first(raw_start)), int(_first(raw_end))
    except ValueError:
        return None
    return (start, end) if 0 <= start < end <= start + MAX_TABLE_ROWS else None


def chosen(selection: Selection) -> list[tuple[str, str, tuple[str, ...]]]:
    """What a selection narrows beyond the defaults: (parameter, vocabulary kind, codes) of each filter."""
    return [
        (name, kind, getattr(selection, attribute))
        for name, (attribute, kind) in PARAMETERS.items()
        if getattr(selection, attribute) and getattr(selection, attribute) != DEFAULTS.get(attribute, ())
    ]


def to_query(selection: Selection) -> str:
    """The query string (without '?') for a selection; empty when nothing is selected."""
    pairs = [(name, value) for name, _, codes in chosen(selection) for value in codes]
    if selection.q:
        pairs.append(("q", selection.q))
    if selection.near:
        pairs += [("near", selection.near), ("radius", str(selection.radius))]
    return urlencode(pairs, safe=":,")
