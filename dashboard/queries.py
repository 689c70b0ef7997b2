"""Pure, parameterised queries: a cursor and a selection in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

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
# Shown unless the user asks for other statuses: closed sites and ended experiments stay in the data.
CURRENT_STATUSES = ("active", "planned")


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

    def is_empty(self) -> bool:
        """True when nothing restricts the selection beyond the default statuses."""
        narrowed = self.drivers or self.regions or self.categories or self.clusters or self.q or self.ids
        return not narrowed and self.statuses == CURRENT_STATUSES


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


def where(selection: Selection) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters for a selection, valid for sites and zones alike."""
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
        pattern = "%" + selection.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
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
    return " AND ".join(clauses), params


_SEARCHED = ("name", "organisation", "commune_name")
# The label columns of the vocabulary table, in every language (short labels are the drivers').
_LABELS = tuple(f"{prefix}{lang}" for prefix in ("", "short_") for lang in LANGUAGES)


def _matches(column: str) -> str:
    """An accent- and case-insensitive LIKE of a column against one pattern parameter."""
    return f"strip_accents({column}) ILIKE strip_accents(?) ESCAPE '\\'"


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def sites(con: duckdb.DuckDBPyConnection, selection: Selection) -> list[dict[str, Any]]:
    """Point sites of a selection, ordered by name."""
    clause, params = where(selection)
    return _rows(
        con.execute(
            f"SELECT {', '.join(EXPORT_COLUMNS)} FROM sites WHERE {clause} ORDER BY name",
            params,
        )
    )


MAP_COLUMNS = ("id", "name", "organisation", "category", "status", "region_code", "commune_name", "jobs", "lat", "lon")


def map_sites(con: duckdb.DuckDBPyConnection, selection: Selection) -> list[dict[str, Any]]:
    """Only what the map and the table show of a selection's sites (the full rows are for downloads)."""
    clause, params = where(selection)
    return _rows(con.execute(f"SELECT {', '.join(MAP_COLUMNS)} FROM sites WHERE {clause} ORDER BY name", params))


def zones(con: duckdb.DuckDBPyConnection, selection: Selection) -> list[dict[str, Any]]:
    """Zones of a selection with their GeoJSON geometry and bounds."""
    clause, params = where(selection)
    return _rows(
        con.execute(
            f"SELECT {DESCRIPTIVE}, site_id, geometry_precision, geojson, west, south, east, north "
            f"FROM zones WHERE {clause} ORDER BY name",
            params,
        )
    )


def figures(con: duckdb.DuckDBPyConnection, selection: Selection) -> Figures:
    """Counts and sums of a selection, computed in DuckDB."""
    clause, params = where(selection)
    per_category = con.execute(
        f"SELECT category, count(*), coalesce(sum(jobs), 0), count(jobs), min(jobs_year), max(jobs_year) "
        f"FROM sites WHERE {clause} GROUP BY category",
        params,
    ).fetchall()
    (av_zones,) = con.execute(f"SELECT count(*) FROM zones WHERE {clause} AND category = 'av_zone'", params).fetchone()
    years = [year for row in per_category for year in row[4:6] if year is not None]
    return Figures(
        sites=sum(row[1] for row in per_category),
        jobs=int(sum(row[2] for row in per_category)),
        sites_with_jobs=sum(row[3] for row in per_category),
        jobs_years=(min(years), max(years)) if years else None,
        by_category={row[0]: row[1] for row in per_category},
        av_zones=int(av_zones),
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
