"""The benchmarks under bench/ run, on tiny sizes, so that they cannot silently break."""

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.browser.test_basemap_webgl import water_world

ROOT = Path(__file__).resolve().parents[2]
# A figure the benchmarks print: a number, grouped or with decimals and a unit.
FIGURE = r"[\d,.]+(ms)?"


def run_benchmark(module: str, *args: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_filter_benchmark_prints_each_kind_of_selection():
    printed = run_benchmark("bench.bench_filter", "--sites", "60", "--runs", "3")
    assert "synthetic database: 60 sites built" in printed
    for selection in ("search (q)", "region+category+driver", "one region", "one driver", "everything"):
        assert re.search(rf"^{re.escape(selection)}(\s+{FIGURE}){{6}}$", printed, re.M), printed
    for view in ("the four regions, z7", "Paris, z9", "Paris, z11", "Paris, z13", "Rouen, z15"):
        assert re.search(rf"^{re.escape(view)}(\s+{FIGURE}){{4}}$", printed, re.M), printed
    for page in ("by name, first page", "most jobs first", "by category (fr)", "by name, halfway"):
        assert re.search(rf"^{re.escape(page)}(\s+{FIGURE}){{4}}$", printed, re.M), printed


def test_the_browser_benchmark_prints_its_figures():
    printed = run_benchmark("bench.bench_browser", "--sizes", "60", "--runs", "1")
    for measure in ("first marker ms", "filter → map ms", "largest answer KiB", "all answers KiB"):
        assert re.search(rf"^{measure}\s+[\d,]+$", printed, re.M), printed
    # A move over so few sites may leave the map's markers as they were.
    for measure in ("pan → map ms", "zoom → map ms", "pan → map ms p95", "zoom → map ms p95"):
        assert re.search(rf"^{measure}\s+([\d,]+|nan)$", printed, re.M), printed
    for measure in ("first marker ms p95", "filter → map ms p95"):
        assert re.search(rf"^{measure}\s+[\d,]+$", printed, re.M), printed


def test_the_basemap_benchmark_prints_off_and_on_side_by_side(fixture_db, tmp_path):
    tiles = water_world(tmp_path)
    printed = run_benchmark("bench.bench_basemap", "--tiles", str(tiles), "--runs", "1", ATLAS_DB=str(fixture_db))
    for measure in ("first marker", "zoom settles", "pan settles"):
        assert re.search(rf"^{measure}\s+\d+\s+\d+\s+[+-]\d+$", printed, re.M), printed
