"""Validate the sources and publish them atomically as the atlas DuckDB database."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import shapely

from dashboard import vocab as vocabularies
from dashboard.db import sql_string
from dashboard.i18n import LANGUAGES
from dashboard.reference import Reference
from dashboard.settings import ROOT
from dashboard.validate import (
    Problem,
    check_links,
    check_quality,
    check_shared_points,
    read_figures,
    read_highlights,
    read_sites,
    read_vocabularies,
    read_zones,
)

# Sites are stored by strips of the map, 1/MAP_STRIPS of the world's height each (zoom 12's rows of
# tiles), west to east within a strip, in groups of ROW_GROUP_SIZE rows (DuckDB's smallest): a
# view's query reads only the part of the table its box touches (DuckDB skips what the minimum and
# maximum of a column rule out).
MAP_STRIPS = 4096
ROW_GROUP_SIZE = 2048


@dataclass(frozen=True)
class Sources:
    """Where the human-editable sources live inside a data folder."""

    folder: Path

    @property
    def sites(self) -> Path:
        return self.folder / "sites.csv"

    @property
    def zones(self) -> Path:
        return self.folder / "zones.geojson"

    @property
    def vocabularies(self) -> Path:
        return self.folder / "vocabularies.yaml"

    @property
    def figures(self) -> Path:
        return self.folder / "figures.yaml"

    @property
    def highlights(self) -> Path:
        return self.folder / "highlights.yaml"

    @property
    def reference(self) -> Path:
        return self.folder / "reference"


class BuildFailed(Exception):
    """The sources have problems; nothing was published."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the sources")
        self.problems = problems


@dataclass(frozen=True)
class Validated:
    """Sources that passed validation."""

    sites: list[dict[str, Any]]
    zones: list[dict[str, Any]]
    vocab: vocabularies.Vocabularies
    figures: list[dict[str, Any]]
    highlights: list[dict[str, Any]]
    regions: dict
    # A point of each commune of the atlas regions, the centres "near a commune" measures from.
    communes: list[dict[str, Any]]


def validate(sources: Sources, progress: Callable[[str], None] = lambda _: None) -> Validated:
    """Read and check every source, raising BuildFailed with all problems at once."""
    started = time.perf_counter()
    vocab, vocab_problems = read_vocabularies(sources.vocabularies)
    if vocab is None:
        raise BuildFailed(vocab_problems)
    progress("reading reference geodata…")
    reference = Reference.load(sources.reference)
    progress(f"checking {sources.sites.name}…")
    sites, problems = read_sites(sources.sites, vocab, reference, ROOT)
    progress(f"checking {sources.zones.name}…")
    zones, zone_problems = read_zones(sources.zones, vocab, reference, ROOT)
    problems += zone_problems + check_links(sites, zones, (sources.sites.name, sources.zones.name))
    problems += check_shared_points(sites, sources.sites.name) + check_quality(sites, zones, sources.sites.name)
    figures, figure_problems = read_figures(sources.figures, ROOT)
    places = [record["id"] for record in sites + zones]
    highlights, highlight_problems = read_highlights(sources.highlights, places)
    problems += figure_problems + highlight_problems
    if problems:
        raise BuildFailed(problems)
    progress(f"{len(sites)} sites and {len(zones)} zones valid in {time.perf_counter() - started:.1f} s")
    regions = json.loads((sources.reference / "regions.geojson").read_text(encoding="utf-8"))
    return Validated(sites, zones, vocab, figures, highlights, regions, reference.commune_points())


def _frame(records: list[dict[str, Any]], drop: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_") and k not in drop} for r in records])
    for column in ("jobs", "jobs_year", "vehicles_per_year", "vehicles_year", "status_since"):
        frame[column] = frame[column].astype("Int64")
    return frame


def write_database(data: Validated, path: Path) -> None:
    """Create every table of the atlas in a new DuckDB file."""
    sites = _frame(data.sites)
    zones = _frame(data.zones, drop=("geometry",))
    zones["geometry_wkb"] = [shapely.to_wkb(r["geometry"]) for r in data.zones]
    zones["geojson"] = [shapely.to_geojson(r["geometry"]) for r in data.zones]
    west, south, east, north = ([shapely.bounds(r["geometry"])[i] for r in data.zones] for i in range(4))
    zones["west"], zones["south"], zones["east"], zones["north"] = west, south, east, north
    vocab_rows = [
        {"kind": kind, "position": position, "code": code, **{k: str(v) for k, v in attrs.items()}}
        for kind in vocabularies.KINDS
        for position, (code, attrs) in enumerate(data.vocab.terms[kind].items())
    ]
    vocab_frame = pd.DataFrame(vocab_rows)
    figures = pd.DataFrame([{**f, "prefix": f["prefix"] or ""} for f in data.figures])
    regions = pd.DataFrame(
        [
            {"code": f["properties"]["code"], "name": f["properties"]["name"], "geojson": json.dumps(f["geometry"])}
            for f in data.regions["features"]
        ]
    )
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"ATTACH {sql_string(str(path))} AS built (ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
        con.execute("USE built")
        for name, frame in {
            "sites_frame": sites,
            "zones_frame": zones,
            "vocab_frame": vocab_frame,
            "figures_frame": figures,
            "regions_frame": regions,
            "communes_frame": pd.DataFrame(data.communes),
            "highlights_frame": pd.DataFrame(
                [{"position": n, **h} for n, h in enumerate(data.highlights)],
                columns=["position", "place", "seconds", *LANGUAGES],
            ),
        }.items():
            con.register(name, frame)
        con.execute(
            """
            CREATE TABLE sites AS
            SELECT * EXCLUDE (drivers, member_of), drivers::VARCHAR[] AS drivers, member_of::VARCHAR[] AS member_of,
                   ('POINT(' || lon || ' ' || lat || ')')::GEOMETRY AS geometry,
                   -- Where the map draws the site (Web Mercator, 0–1 across the world): the map's
                   -- grouping by square needs no trigonometry per request (queries.map_cells).
                   (lon + 180) / 360 AS mercator_x, (1 - asinh(tan(radians(lat))) / pi()) / 2 AS mercator_y
            FROM sites_frame ORDER BY floor(mercator_y * ?), mercator_x, id
            """,
            [MAP_STRIPS],
        )
        con.execute(
            """
            CREATE TABLE zones AS
            SELECT * EXCLUDE (drivers, member_of, geometry_wkb), drivers::VARCHAR[] AS drivers,
                   member_of::VARCHAR[] AS member_of,
                   ST_GeomFromWKB(geometry_wkb) AS geometry
            FROM zones_frame ORDER BY id
            """
        )
        con.execute("CREATE TABLE vocabulary AS SELECT * FROM vocab_frame")
        con.execute("CREATE TABLE figures AS SELECT * FROM figures_frame")
        con.execute("CREATE TABLE regions AS SELECT * FROM regions_frame")
        con.execute("CREATE TABLE communes AS SELECT * FROM communes_frame ORDER BY code")
        con.execute("CREATE TABLE highlights AS SELECT * FROM highlights_frame ORDER BY position")
        con.execute(
            "CREATE TABLE meta AS SELECT ? AS built_at, ? AS sites, ? AS zones",
            [dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), len(sites), len(zones)],
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()


def publish(data: Validated, target: Path) -> None:
    """Write to a temporary file beside the target, then swap it in: readers never see half a build."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    os.unlink(temporary)
    try:
        write_database(data, Path(temporary))
        os.replace(temporary, target)
    finally:
        for leftover in (Path(temporary), Path(temporary + ".wal")):
            leftover.unlink(missing_ok=True)


def build(folder: Path, target: Path, progress: Callable[[str], None] = lambda _: None) -> Validated:
    """Validate the sources in a data folder and publish the database at target."""
    data = validate(Sources(folder), progress)
    progress(f"writing {target}…")
    publish(data, target)
    return data
