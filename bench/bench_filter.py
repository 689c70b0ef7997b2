"""Latency of the explore page's filter callback, the map's request and the table's, on 100,000 synthetic sites.

Prints p50/p95 of the queries plus the serialisation of the callback's response, per kind of
selection; then p50/p95 and size of the map's sites (/api/map.geojson) for views from the whole
atlas to a few streets, and of a page of the table (/api/table.json) by sort, every site selected.
Run: .venv/bin/python -m bench.bench_filter [--sites 100000] [--runs 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import orjson
import plotly.io.json

from dashboard import geo, limits, model, queries
from dashboard.build import Sources, Validated, validate, write_database
from dashboard.model import explore_view
from dashboard.queries import Selection
from dashboard.settings import DATA
from dashboard.vocab import Vocabularies


def synthetic(base: Validated, count: int, seed: int = 1) -> Validated:
    """Copies of the real sites scattered around their own position, with fresh ids."""
    rng = random.Random(seed)
    sites = []
    for number in range(count):
        site = dict(rng.choice(base.sites))
        site.update(
            id=f"site-{number}",
            lat=site["lat"] + rng.uniform(-0.05, 0.05),
            lon=site["lon"] + rng.uniform(-0.05, 0.05),
            jobs=rng.choice([None, None, rng.randint(10, 5000)]),
        )
        sites.append(site)
    return replace(base, sites=sites)


def selections(vocab: Vocabularies, rng: random.Random) -> dict[str, callable]:
    """Kinds of selection users make, from narrow to the whole atlas."""
    drivers, regions, categories = vocab.codes("drivers"), vocab.codes("regions"), vocab.codes("categories")
    return {
        "search (q)": lambda: Selection(q=rng.choice(["renault", "stellantis", "valeo", "université", "rouen"])),
        "region+category+driver": lambda: Selection(
            drivers=(rng.choice(drivers),), regions=(rng.choice(regions),), categories=(rng.choice(categories),)
        ),
        "one region": lambda: Selection(regions=(rng.choice(regions),)),
        "one driver": lambda: Selection(drivers=(rng.choice(drivers),)),
        "everything": Selection,
    }


def main() -> None:
    """Build the synthetic database, then time each kind of selection."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    base = validate(Sources(DATA))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        started = time.perf_counter()
        write_database(synthetic(base, args.sites), path)
        print(f"synthetic database: {args.sites:,} sites built in {time.perf_counter() - started:.1f} s")
        # One DuckDB thread, as the app opens the database (dashboard/db.py).
        con = duckdb.connect(str(path), read_only=True, config={"threads": 1})
        vocab = Vocabularies(queries.vocabulary(con))
        # The garbage collector as in a gunicorn worker (dashboard/app.py).
        limits.steady_collector()
        rng = random.Random(2)
        header = ("rows p50", "query p50", "p95", "total p50", "p95", "KiB p50")
        print(f"{'selection':<24}" + "".join(f"{h:>11}" for h in header))
        for name, make in selections(vocab, rng).items():
            runs = args.runs if name != "everything" else max(5, args.runs // 20)
            query_ms, total_ms, sizes, rows = [], [], [], []
            for _ in range(runs):
                selection = make()
                t0 = time.perf_counter()
                view = explore_view(con.cursor(), selection, vocab)
                t1 = time.perf_counter()
                payload = plotly.io.json.to_json_plotly([view.zones_layer, view.viewport, view.near_layer])
                t2 = time.perf_counter()
                query_ms.append((t1 - t0) * 1000)
                total_ms.append((t2 - t0) * 1000)
                sizes.append(len(payload) / 1024)
                rows.append(view.figures.sites)

            figures = (
                f"{statistics.median(rows):,.0f}",
                f"{statistics.median(query_ms):.1f}ms",
                f"{p95(query_ms):.1f}ms",
                f"{statistics.median(total_ms):.1f}ms",
                f"{p95(total_ms):.1f}ms",
                f"{statistics.median(sizes):,.0f}",
            )
            print(f"{name:<24}" + "".join(f"{f:>11}" for f in figures))
        map_requests(con, vocab, args.runs)
        table_requests(con, args.sites, args.runs)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


# Views of a 1280×800 map with the tile of margin around it that assets/map.js asks for.
VIEWS = {
    "the four regions, z7": (48.15, 3.5, 7),
    "Paris, z9": (48.85, 2.35, 9),
    "Paris, z11": (48.85, 2.35, 11),
    "Paris, z13": (48.85, 2.35, 13),
    "Rouen, z15": (49.44, 1.09, 15),
}


def map_requests(con: duckdb.DuckDBPyConnection, vocab: Vocabularies, runs: int) -> None:
    """Time the map's answer (query, grouping, JSON) for each view, every site selected."""
    header = ("p50", "p95", "features", "KiB")
    print(f"\nthe map's request{'':7}" + "".join(f"{h:>11}" for h in header))
    for name, (lat, lon, zoom) in VIEWS.items():
        area = geo.MapArea.around(lat, lon, zoom, width=1280 + 512, height=800 + 512)
        times, layer = [], None
        for _ in range(runs):
            t0 = time.perf_counter()
            # Encoded as the app answers (dashboard/api.py).
            layer = orjson.dumps(model.map_layer(con.cursor(), Selection(), vocab, area))
            times.append((time.perf_counter() - t0) * 1000)
        features = orjson.loads(layer)["features"]
        figures = (
            f"{statistics.median(times):.1f}ms",
            f"{p95(times):.1f}ms",
            f"{len(features):,}",
            f"{len(layer) / 1024:,.0f}",
        )
        print(f"{name:<24}" + "".join(f"{f:>11}" for f in figures))


# Pages of the table (assets/grid.js asks for blocks of 100 as it scrolls): sort, first row.
TABLE_PAGES = {
    "by name, first page": ("name", 0),
    "most jobs first": ("-jobs", 0),
    "by category (fr)": ("category_label", 0),
    "by name, halfway": ("name", None),
}


def table_requests(con: duckdb.DuckDBPyConnection, sites: int, runs: int) -> None:
    """Time a page of the table's rows (query and JSON), every site selected."""
    header = ("p50", "p95", "rows", "KiB")
    print(f"\nthe table's page{'':8}" + "".join(f"{h:>11}" for h in header))
    for name, (sort, start) in TABLE_PAGES.items():
        first = sites // 2 if start is None else start
        times, page = [], ""
        for _ in range(runs):
            t0 = time.perf_counter()
            rows, count = queries.table_rows(con.cursor(), Selection(), "fr", sort, first, first + 100)
            page = orjson.dumps({"rows": rows, "count": count})
            times.append((time.perf_counter() - t0) * 1000)
        figures = (
            f"{statistics.median(times):.1f}ms",
            f"{p95(times):.1f}ms",
            f"{len(rows):,}",
            f"{len(page) / 1024:,.0f}",
        )
        print(f"{name:<24}" + "".join(f"{f:>11}" for f in figures))


if __name__ == "__main__":
    main()
