"""Pure, parameterised queries: a cursor and a selection in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np

from dashboard.geo import CELL_PX, EARTH_RADIUS_KM, GONE_STATUSES, MapArea, union, world_px
from dashboard.i18n import LANGUAGES

# Columns that sites and zones share: the filter applies to both alike.
DESCRIPTIONS = tuple(f"description_{lang}" for lang in LANGUAGES)
# Who and where a place is, then what is known of it: the two ends of every record's columns.
IDENTITY = (
    "id",
    "name",
    "organisation",
    "category",
    "cluster",
    "drivers",
    "region_code",
    "commune_code",
    "commune_name",
)
FACTS = (
    "status",
    "status_since",
    "status_source",
    "jobs",
    "jobs_year",
    "jobs_source",
    "vehicles_per_year",
    "vehicles_year",
    "vehicles_source",
    "member_of",
    "member_source",
    *DESCRIPTIONS,
    "website",
    "source",
    "as_of",
)
DESCRIPTIVE = ", ".join((*IDENTITY, "location_source", *FACTS))
# The columns of data/sites.csv, in its order: a download reads back as a sources file.
EXPORT_COLUMNS = (
    *IDENTITY,
    "lat",
    "lon",
    "location_precision",
    "location_source",
    "same_address_as",
    *FACTS,
)
# Downloads add the labels of the codes after these columns: label column → (code column, vocabulary
# kind). The build ignores them, so a download reads back as a sources file.
LABEL_COLUMNS = {
    "category_label": ("category", "categories"),
    "cluster_label": ("cluster", "clusters"),
    "region_label": ("region_code", "regions"),
    "status_label": ("status", "statuses"),
    "drivers_label": ("drivers", "drivers"),
}
# Around a centre, each place's great-circle distance to it (km); downloads add it, the build ignores it.
DISTANCE_COLUMN = "distance_km"
# Shown unless the user asks for other statuses: closed sites and ended experiments stay in the data.
CURRENT_STATUSES = ("active", "planned")
# "Near a place": the radius in kilometres unless the user gives one, and the radii allowed.
DEFAULT_RADIUS = 20
RADII = (1, 200)
# A commune centre is named "commune:<INSEE code>"; a point "lat,lon"; anything else is a site id.
COMMUNE_PREFIX = "commune:"


@dataclass(frozen=True)
class Selection:
    """What the user selected; empty tuples mean no restriction."""

    drivers: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    q: str = ""
    # Only these sites or zones (a tour's highlighted places), when given.
    ids: tuple[str, ...] = ()
    # The statuses shown; empty means every status.
    statuses: tuple[str, ...] = CURRENT_STATUSES
    # Only places within `radius` km of this centre: a site id, "commune:<INSEE code>" or "lat,lon".
    near: str = ""
    radius: int = DEFAULT_RADIUS

    def is_empty(self) -> bool:
        """True when nothing restricts the selection beyond the default statuses."""
        narrowed = self.drivers or self.regions or self.categories or self.clusters or self.q or self.ids
        return not narrowed and not self.near and self.statuses == CURRENT_STATUSES


@dataclass(frozen=True)
class Figures:
    """Key figures of a selection."""

    sites: int = 0
    jobs: int = 0
    sites_with_jobs: int = 0
    # The years the known jobs figures were stated for (first, last), None when no figure is known.
    jobs_years: tuple[int, int] | None = None
    by_category: dict[str, int] = field(default_factory=dict)
    av_zones: int = 0
    # South, west, north, east of the selection's sites and zones; None when it has none.
    bounds: tuple[float, float, float, float] | None = None


def _centre(near: str) -> tuple[str, str, list[Any], list[Any]]:
    """SQL for the latitude and longitude of a centre, and the parameters of each."""
    if near.startswith(COMMUNE_PREFIX):
        code = near.removeprefix(COMMUNE_PREFIX)
        return "(SELECT lat FROM communes WHERE code = ?)", "(SELECT lon FROM communes WHERE code = ?)", [code], [code]
    if "," in near:
        lat, lon = (float(part) for part in near.split(","))
        return "?", "?", [lat], [lon]
    return "(SELECT lat FROM sites WHERE id = ?)", "(SELECT lon FROM sites WHERE id = ?)", [near], [near]


def distance(near: str, table: str = "sites") -> tuple[str, list[Any]]:
    """SQL for the great-circle kilometres from a centre to a site, or to the nearest point of a zone's box.

    Haversine on the sphere of geo.EARTH_RADIUS_KM, as the circle drawn on the map.
    """
    centre_lat, centre_lon, lat_params, lon_params = _centre(near)
    if table == "zones":
        lat, lon = f"least(greatest({centre_lat}, south), north)", f"least(greatest({centre_lon}, west), east)"
        own_lat, own_lon = lat_params, lon_params
    else:
        lat, lon, own_lat, own_lon = "lat", "lon", [], []
    sql = (
        f"2 * {EARTH_RADIUS_KM} * asin(least(1, sqrt(pow(sin(radians({lat} - {centre_lat}) / 2), 2)"
        f" + cos(radians({centre_lat})) * cos(radians({lat})) * pow(sin(radians({lon} - {centre_lon}) / 2), 2))))"
    )
    return sql, own_lat + lat_params + lat_params + own_lat + own_lon + lon_params


def where(selection: Selection, table: str = "sites") -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters for a selection, on the sites or the zones table."""
    clauses, params = ["TRUE"], []
    if selection.drivers:
        clauses.append("list_has_any(drivers, ?::VARCHAR[])")
        params.append(list(selection.drivers))
    for column, values in (
        ("id", selection.ids),
        ("region_code", selection.regions),
        ("category", selection.categories),
        ("cluster", selection.clusters),
        ("status", selection.statuses),
    ):
        if values:
            clauses.append(f"list_contains(?::VARCHAR[], {column})")
            params.append(list(values))
    if selection.q:
        pattern = "%" + _literal(selection.q) + "%"
        own = [_matches(column) for column in _SEARCHED]
        # A category, region or driver whose label (in any language) matches finds its places too.
        labelled = " OR ".join(_matches(column) for column in _LABELS)
        codes = "SELECT {} FROM vocabulary WHERE kind = '{}' AND (" + labelled + ")"
        coded = [
            f"category IN ({codes.format('code', 'categories')})",
            f"region_code IN ({codes.format('code', 'regions')})",
            f"list_has_any(drivers, ({codes.format('list(code)', 'drivers')}))",
        ]
        clauses.append("(" + " OR ".join(own + coded) + ")")
        params += [pattern] * (len(_SEARCHED) + 3 * len(_LABELS))
    if selection.near:
        sql, distance_params = distance(selection.near, table)
        clauses.append(f"{sql} <= ?")
        params += [*distance_params, selection.radius]
    return " AND ".join(clauses), params


def _distance_column(selection: Selection, table: str) -> tuple[str, list[Any], str]:
    """The distance_km column (one decimal) when the selection has a centre, its parameters and the order."""
    if not selection.near:
        return "", [], "name"
    sql, params = distance(selection.near, table)
    return f", round({sql}, 1) AS {DISTANCE_COLUMN}", params, f"{DISTANCE_COLUMN}, name"


_SEARCHED = ("name", "organisation", "commune_name")
# The label columns of the vocabulary table, in every language (short labels are the drivers').
_LABELS = tuple(f"{prefix}{lang}" for prefix in ("", "short_") for lang in LANGUAGES)


def _matches(column: str) -> str:
    """An accent- and case-insensitive LIKE of a column against one pattern parameter."""
    return f"strip_accents({column}) ILIKE strip_accents(?) ESCAPE '\\'"


def _literal(text: str) -> str:
    """Text for a LIKE pattern, its wildcards and escape character taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _select(con: duckdb.DuckDBPyConnection, columns: str, table: str, selection: Selection) -> list[dict[str, Any]]:
    """Columns of a selection's sites or zones (and distance_km to its centre, nearest first), else by name."""
    clause, params = where(selection, table)
    distance_km, distance_params, order = _distance_column(selection, table)
    sql = f"SELECT {columns}{distance_km} FROM {table} WHERE {clause} ORDER BY {order}"
    return _rows(con.execute(sql, distance_params + params))


def sites(
    con: duckdb.DuckDBPyConnection, selection: Selection, lang: str = "en", sort: str | None = None
) -> list[dict[str, Any]]:
    """Point sites of a selection, every column of a download, in the table's order (table_sort, in a language)."""
    sort = table_sort(sort, selection)
    rows, params = _sortable(selection, lang, sort)
    distance_km, distance_params, _ = _distance_column(selection, "sites")
    sql = (
        f"SELECT {', '.join(EXPORT_COLUMNS)}{distance_km} FROM sites "
        f"JOIN (SELECT id, row_number() OVER (ORDER BY {_order(sort)}) AS n FROM ({rows})) USING (id) ORDER BY n"
    )
    return _rows(con.execute(sql, distance_params + params))


MAP_COLUMNS = ("id", "name", "organisation", "category", "status", "region_code", "commune_name", "jobs", "lat", "lon")


def map_sites(con: duckdb.DuckDBPyConnection, selection: Selection) -> list[dict[str, Any]]:
    """Only what the map and the table show of a selection's sites (the full rows are for downloads)."""
    return _select(con, ", ".join(MAP_COLUMNS), "sites", selection)


# The table's columns (layouts.explore.COLUMNS shows them): a place, its codes' labels in the page's
# language, and around a centre its distance.
TABLE_LABELS = ("category_label", "region_label", "status_label")
TABLE_COLUMNS = ("id", "name", "organisation", *TABLE_LABELS, "commune_name", "jobs")
# How the table and the downloads can be sorted (a column; '-' in front for descending).
SORTABLE = ("name", "organisation", *TABLE_LABELS, "commune_name", "jobs", DISTANCE_COLUMN)
NUMERIC = ("jobs", DISTANCE_COLUMN)
# The longest page of rows one request may ask for.
MAX_TABLE_ROWS = 1000


def table_sort(value: object, selection: Selection) -> str:
    """A valid sort of a selection's table, else its default: nearest first around a centre, else by name."""
    default = DISTANCE_COLUMN if selection.near else "name"
    if not isinstance(value, str) or value.removeprefix("-") not in SORTABLE:
        return default
    return value if selection.near or value.removeprefix("-") != DISTANCE_COLUMN else default


def _order(sort: str) -> str:
    """ORDER BY of a valid sort: text without regard to case, unknown figures last, then by name and id."""
    column = sort.removeprefix("-")
    value = column if column in NUMERIC else f"lower({column})"
    ties = "id" if column == "name" else "lower(name), id"
    return f"{value} {'DESC' if sort.startswith('-') else 'ASC'} NULLS LAST, {ties}"


def _listed(selection: Selection) -> tuple[str, list[Any]]:
    """SQL of a selection's table rows, with their codes: its sites, and its zones that are not a site's footprint.

    Zones are listed so that keyboards and screen readers reach them (their outlines can be a few
    pixels wide).
    """
    parts, params = [], []
    for table, own in (("sites", "TRUE"), ("zones", "site_id IS NULL")):
        clause, where_params = where(selection, table)
        distance_km, distance_params, _ = _distance_column(selection, table)
        parts.append(
            "SELECT id, name, organisation, category, region_code, status, commune_name, jobs"
            f"{distance_km} FROM {table} WHERE {clause} AND {own}"
        )
        params += distance_params + where_params
    return " UNION ALL ".join(parts), params


def _labelled(rows: str, lang: str, near: bool) -> str:
    """SQL of the table's columns of some rows (what _listed gives): their codes' labels in a language.

    `lang` is one of i18n.LANGUAGES: a column of the vocabulary table; `near`: the rows have a distance.
    """
    joins, columns = [], []
    for column in TABLE_COLUMNS:
        if column in TABLE_LABELS:
            code, kind = LABEL_COLUMNS[column]
            term = f"{code}_term"
            joins.append(f"LEFT JOIN vocabulary AS {term} ON {term}.kind = '{kind}' AND {term}.code = p.{code}")
            columns.append(f'coalesce({term}."{lang}", {term}.en, p.{code}) AS {column}')
        else:
            columns.append(f"p.{column}")
    if near:
        columns.append(DISTANCE_COLUMN)
    return f"SELECT {', '.join(columns)} FROM ({rows}) AS p {' '.join(joins)}"


def _by_label(sort: str) -> bool:
    """Whether a valid sort orders the rows by one of their codes' labels (which must be looked up first)."""
    return sort.removeprefix("-") in TABLE_LABELS


def _sortable(selection: Selection, lang: str, sort: str) -> tuple[str, list[Any]]:
    """SQL of a selection's table rows with what a valid sort orders them by: their labels only when it is one."""
    rows, params = _listed(selection)
    return (_labelled(rows, lang, bool(selection.near)) if _by_label(sort) else rows), params


def table_rows(
    con: duckdb.DuckDBPyConnection, selection: Selection, lang: str, sort: str, start: int, end: int
) -> tuple[list[dict[str, Any]], int]:
    """Rows start to end (excluded) of a selection's table in a valid sort (table_sort), and how many it has."""
    rows, params = _listed(selection)
    (count,) = con.execute(f"SELECT count(*) FROM ({rows})", params).fetchone()
    order, near = _order(sort), bool(selection.near)
    if _by_label(sort):
        page = f"{_labelled(rows, lang, near)} ORDER BY {order} LIMIT ? OFFSET ?"
    else:
        # The page cut first, then labelled: a hundred rows' labels looked up, not every row's.
        page = f"{_labelled(f'SELECT * FROM ({rows}) ORDER BY {order} LIMIT ? OFFSET ?', lang, near)} ORDER BY {order}"
    return _rows(con.execute(page, [*params, end - start, start])), count


def table_index(
    con: duckdb.DuckDBPyConnection, selection: Selection, lang: str, sort: str, place_id: str
) -> int | None:
    """Where a place stands in a selection's table in a valid sort (from 0), None when it is not listed."""
    rows, params = _sortable(selection, lang, sort)
    found = con.execute(
        f"SELECT n FROM (SELECT id, row_number() OVER (ORDER BY {_order(sort)}) - 1 AS n FROM ({rows})) WHERE id = ?",
        [*params, place_id],
    ).fetchone()
    return found[0] if found else None


def map_cells(con: duckdb.DuckDBPyConnection, selection: Selection, area: MapArea) -> dict[str, np.ndarray]:
    """A selection's sites in an area counted by square of geo.CELL_PX pixels and category, as columns.

    A row per square (cx, cy) and category present, ordered by square: n, how many of those are no
    longer there (gone: one of geo.GONE_STATUSES), the sums of their latitudes and longitudes and of
    their Web Mercator positions (x_sum, y_sum), their box, and when the row is a single site what its
    marker needs (id, name, status; else None). Numpy columns, flat: no JSON built per square nor a
    dict per row, as the map's densest views have thousands of rows.
    """
    clause, params = where(selection)
    south, west, north, east = area.cell_box()
    cell = world_px(area.zoom) / CELL_PX
    alone = ", ".join(
        f"CASE WHEN count(*) = 1 THEN any_value({name}) END AS {name}" for name in ("id", "name", "status")
    )
    return con.execute(
        f"""
        SELECT floor(mercator_x * ?)::INTEGER AS cx, floor(mercator_y * ?)::INTEGER AS cy, category,
               count(*) AS n, count(*) FILTER (list_contains(?::VARCHAR[], status)) AS gone,
               sum(lat) AS lat_sum, sum(lon) AS lon_sum, sum(mercator_x) AS x_sum, sum(mercator_y) AS y_sum,
               min(lat) AS south, min(lon) AS west, max(lat) AS north, max(lon) AS east, {alone}
        FROM sites
        -- The squares' box, its south and east edges left out: they are the next squares'.
        WHERE {clause} AND lat > ? AND lat <= ? AND lon >= ? AND lon < ?
        GROUP BY cx, cy, category
        ORDER BY cx, cy, category
        """,
        [cell, cell, list(GONE_STATUSES), *params, south, north, west, east],
    ).fetchnumpy()


def count_in(con: duckdb.DuckDBPyConnection, selection: Selection, area: MapArea) -> int:
    """How many of a selection's sites lie in an area's box."""
    clause, params = where(selection)
    sql = f"SELECT count(*) FROM sites WHERE {clause} AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
    return con.execute(sql, [*params, area.south, area.north, area.west, area.east]).fetchone()[0]


def sites_in(con: duckdb.DuckDBPyConnection, selection: Selection, area: MapArea) -> list[dict[str, Any]]:
    """A selection's sites in an area's box, one by one, each with its place in its stack (sites at one point).

    `stack` is [index, size] for sites that share their point with others (in the selection's
    order), else None, as geo.stacks gives it.
    """
    clause, params = where(selection)
    distance_km, distance_params, order = _distance_column(selection, "sites")
    return _rows(
        con.execute(
            f"""
            SELECT id, name, category, status, lat, lon,
                   CASE WHEN count(*) OVER spot > 1
                        THEN [row_number() OVER (spot ORDER BY {order}) - 1, count(*) OVER spot] END AS stack
            FROM (SELECT *{distance_km} FROM sites WHERE {clause})
            WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?
            WINDOW spot AS (PARTITION BY lat, lon)
            ORDER BY {order}
            """,
            [*distance_params, *params, area.south, area.north, area.west, area.east],
        )
    )


def zones(con: duckdb.DuckDBPyConnection, selection: Selection) -> list[dict[str, Any]]:
    """Zones of a selection with their GeoJSON geometry and bounds."""
    columns = f"{DESCRIPTIVE}, site_id, geometry_precision, geojson, west, south, east, north"
    return _select(con, columns, "zones", selection)


# What `geojson` writes of each table: its geometry, and its columns as the features' properties.
_FEATURES = {
    "sites": (
        "json_object('type', 'Point', 'coordinates', json_array(lon, lat))",
        tuple(column for column in EXPORT_COLUMNS if column not in ("lat", "lon")),
    ),
    "zones": ("json(geojson)", (*DESCRIPTIVE.split(", "), "site_id", "geometry_precision")),
}


def geojson(con: duckdb.DuckDBPyConnection, selection: Selection) -> str:
    """A selection's sites then zones as one GeoJSON FeatureCollection, every field of a download.

    DuckDB writes the document itself: no Python object per place, however many there are.
    """
    parts, params = [], []
    for table, (geometry, columns) in _FEATURES.items():
        clause, where_params = where(selection, table)
        distance_km, distance_params, order = _distance_column(selection, table)
        shown = [*columns, DISTANCE_COLUMN] if distance_km else list(columns)
        kind = table.removesuffix("s")
        properties = ", ".join([f"'kind': '{kind}'", *(f"'{column}': {column}" for column in shown)])
        feature = f"json_object('type', 'Feature', 'geometry', {geometry}, 'properties', to_json({{{properties}}}))"
        parts.append(
            f"SELECT {len(parts)} AS part, row_number() OVER (ORDER BY {order}) AS n, {feature} AS feature "
            f"FROM (SELECT *{distance_km} FROM {table} WHERE {clause})"
        )
        params += distance_params + where_params
    (document,) = con.execute(
        'SELECT \'{"type": "FeatureCollection", "features": [\' '
        "|| coalesce(string_agg(feature, ', ' ORDER BY part, n), '') || ']}' "
        f"FROM ({' UNION ALL '.join(parts)})",
        params,
    ).fetchone()
    return document


def figures(con: duckdb.DuckDBPyConnection, selection: Selection) -> Figures:
    """Counts, sums and bounds of a selection, computed in DuckDB (one pass over the sites)."""
    clause, params = where(selection)
    per_category = con.execute(
        f"SELECT category, count(*), coalesce(sum(jobs), 0), count(jobs), min(jobs_year), max(jobs_year), "
        f"min(lat), min(lon), max(lat), max(lon) FROM sites WHERE {clause} GROUP BY category",
        params,
    ).fetchall()
    zone_clause, zone_params = where(selection, "zones")
    av_zones, *zone_box = con.execute(
        f"SELECT count(*) FILTER (category = 'av_zone'), min(south), min(west), max(north), max(east) "
        f"FROM zones WHERE {zone_clause}",
        zone_params,
    ).fetchone()
    years = [year for row in per_category for year in row[4:6] if year is not None]
    boxes = [row[6:10] for row in per_category] + ([zone_box] if zone_box[0] is not None else [])
    return Figures(
        sites=sum(row[1] for row in per_category),
        jobs=int(sum(row[2] for row in per_category)),
        sites_with_jobs=sum(row[3] for row in per_category),
        jobs_years=(min(years), max(years)) if years else None,
        by_category={row[0]: row[1] for row in per_category},
        av_zones=int(av_zones),
        bounds=union(boxes),
    )


def place(con: duckdb.DuckDBPyConnection, place_id: str) -> dict[str, Any] | None:
    """One site or zone by id, for the detail panel; a footprint zone resolves to its site."""
    columns = ", ".join(EXPORT_COLUMNS)
    found = _rows(con.execute(f"SELECT {columns}, 'site' AS kind FROM sites WHERE id = ?", [place_id]))
    if found:
        return found[0]
    found = _rows(
        con.execute(
            f"SELECT {DESCRIPTIVE}, site_id, geometry_precision, west, south, east, north, 'zone' AS kind "
            "FROM zones WHERE id = ?",
            [place_id],
        )
    )
    if not found:
        return None
    zone = found[0]
    return place(con, zone["site_id"]) if zone["site_id"] else zone


@dataclass(frozen=True)
class Centre:
    """Where "near" measures from: a site, a commune or a point."""

    near: str
    lat: float
    lon: float
    # "site", "commune" or "point"; the site's category, for its label.
    kind: str
    name: str = ""
    detail: str = ""


def centre(con: duckdb.DuckDBPyConnection, near: str) -> Centre | None:
    """The centre a selection's `near` names, None when there is no such site or commune."""
    if not near:
        return None
    if near.startswith(COMMUNE_PREFIX):
        found = con.execute(
            "SELECT lat, lon, name, code FROM communes WHERE code = ?", [near.removeprefix(COMMUNE_PREFIX)]
        ).fetchone()
        return Centre(near, found[0], found[1], "commune", found[2], found[3][:2]) if found else None
    if "," in near:
        lat, lon = (float(part) for part in near.split(","))
        return Centre(near, lat, lon, "point")
    found = con.execute("SELECT lat, lon, name, category FROM sites WHERE id = ?", [near]).fetchone()
    return Centre(near, found[0], found[1], "site", found[2], found[3]) if found else None


def centres(con: duckdb.DuckDBPyConnection, text: str, limit: int = 8) -> list[Centre]:
    """Sites and communes whose name contains a text (accent- and case-insensitive).

    Names starting with the text come first, communes before sites, shorter names first.
    """
    words = " ".join(text.split())[:100]
    if len(words) < 2:
        return []
    starts = _literal(words) + "%"
    pattern = "%" + starts
    rows = con.execute(
        f"""
        SELECT * FROM (
            (SELECT id AS near, lat, lon, 'site' AS kind, name, category AS detail FROM sites
             WHERE {_matches("name")} ORDER BY NOT ({_matches("name")}), name LIMIT ?)
            UNION ALL
            (SELECT '{COMMUNE_PREFIX}' || code, lat, lon, 'commune', name, left(code, 2) FROM communes
             WHERE {_matches("name")} ORDER BY NOT ({_matches("name")}), length(name), name LIMIT ?)
        )
        ORDER BY NOT ({_matches("name")}), kind = 'site', length(name), name
        """,
        [pattern, starts, limit, pattern, starts, limit, starts],
    ).fetchall()
    return [Centre(*row) for row in rows]


def vocabulary(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, dict[str, str]]]:
    """The published vocabularies: kind → code → attributes."""
    terms: dict[str, dict[str, dict[str, str]]] = {}
    for row in _rows(con.execute("SELECT * EXCLUDE (position) FROM vocabulary ORDER BY kind, position")):
        kind, code = row.pop("kind"), row.pop("code")
        terms.setdefault(kind, {})[code] = {k: v for k, v in row.items() if v is not None}
    return terms


def headline_figures(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The headline figures quoted from the cluster documents."""
    return _rows(con.execute("SELECT * FROM figures"))


def highlights(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The kiosk's attract loop in order: captions, the place's name and the box to fly to."""
    captions = ", ".join(f"h.{lang}" for lang in LANGUAGES)
    return _rows(
        con.execute(
            f"""
            SELECT h.place, h.seconds, {captions}, coalesce(s.name, z.name) AS name,
                   coalesce(s.lat, z.south) AS south, coalesce(s.lon, z.west) AS west,
                   coalesce(s.lat, z.north) AS north, coalesce(s.lon, z.east) AS east
            FROM highlights h
            LEFT JOIN sites s ON s.id = h.place
            LEFT JOIN zones z ON z.id = h.place
            ORDER BY h.position
            """
        )
    )


# What a chart can break the sites of a selection down by: the grouping expression of each.
BREAKDOWNS = {"region": "region_code", "category": "category", "driver": "unnest(drivers)"}


@dataclass(frozen=True)
class Share:
    """Sites and known jobs of one region, category or driver."""

    code: str
    sites: int
    jobs: int
    sites_with_jobs: int


def breakdown(con: duckdb.DuckDBPyConnection, selection: Selection, by: str) -> list[Share]:
    """Sites and jobs of a selection by region, category or driver (a site counts for each of its drivers)."""
    clause, params = where(selection)
    rows = con.execute(
        f"SELECT code, count(*), coalesce(sum(jobs), 0), count(jobs) "
        f"FROM (SELECT {BREAKDOWNS[by]} AS code, jobs FROM sites WHERE {clause}) GROUP BY code ORDER BY code",
        params,
    ).fetchall()
    return [Share(code, sites, int(jobs), with_jobs) for code, sites, jobs, with_jobs in rows]


def place_ids(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """The ids of every site and of every zone."""
    sites = [row[0] for row in con.execute("SELECT id FROM sites ORDER BY id").fetchall()]
    zones = [row[0] for row in con.execute("SELECT id FROM zones ORDER BY id").fetchall()]
    return sites, zones
