"""The explore page's speed in headless Chromium as the atlas grows: 2,500, 25,000 and 100,000 sites.

For each size, a synthetic database is built with the project's own build code (copies of the real
sites scattered around their positions, bench_filter.synthetic) and served by the Procfile's
gunicorn. Each run opens `/` in a fresh browser at 1280×800 and prints, as medians:
- first marker: from navigation to the first site marker or cluster in the page;
- filter → map: from the click that ticks a region to the map's markers changing (once the table has loaded);
- pan → map: from the release of a 600-pixel drag of the map around Paris at zoom 10 (over two
  tiles' width, held still for 150 ms before its release: no glide) to the map's markers changing
  ("nan" when they do not change within 5 s);
- zoom → map: from the end of the zoom-in button's animation (to zoom 11 there) to the map's markers changing;
- the sizes on the wire of the callbacks', the map's and the table's answers (the largest one, and
  all of them together);
and then the 95th percentile of the times (the slowest run when there are fewer than 20).

Run: .venv/bin/python -m bench.bench_browser [--sizes 2500 25000 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.bench_filter import p95, synthetic
from dashboard.build import Sources, validate, write_database
from dashboard.settings import DATA
from tests.browser.conftest import FIRST_MARKER, FIRST_MARKER_WATCH, MAPS_WATCH, chromium, drag_and_hold, gunicorn

# Arms a promise (window.atlasMarkersChanged) of the milliseconds from the visitor's next `input`
# event (the box ticked, the drag released), or the map's next `moveend` (a zoom arrived), until
# the map's markers change: counted from the event itself, not from when the driving script asked for it.
ARM_MARKERS = """
(input) => {
  let from = null;
  if (input === "moveend") {
    window.atlasMaps[0].once("moveend", () => { from = performance.now(); });
  } else {
    document.addEventListener(input, (event) => { from = event.timeStamp; }, { capture: true, once: true });
  }
  const pane = document.querySelector("#explore-map .leaflet-marker-pane");
  window.atlasMarkersChanged = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      observer.disconnect();
      resolve(from === null ? NaN : performance.now() - from);
    });
    observer.observe(pane, { childList: true, subtree: true });
    // A map whose markers never change is reported as not a number, rather than waited for.
    setTimeout(() => { observer.disconnect(); resolve(NaN); }, 5000);
  });
}
"""


# The figures that are times (the others are sizes).
TIMES = ("first marker ms", "filter → map ms", "pan → map ms", "zoom → map ms")
# What the page asks for as it is used: callbacks, the map's sites, the table's rows.
ANSWERS = ("_dash-update-component", "/api/map.geojson", "/api/table.json")


def measure(playwright, base: str) -> dict[str, float]:
    """One fresh browser: first marker, a filter and a pan (ms), and the callback answers' sizes (KiB)."""
    answers: list = []
    with tempfile.TemporaryDirectory() as profile:
        browser = chromium(playwright, Path(profile), viewport={"width": 1280, "height": 800})
        page = browser.new_page()
        page.add_init_script(FIRST_MARKER_WATCH)
        page.add_init_script(MAPS_WATCH)
        page.on(
            "requestfinished",
            lambda request: answers.append(request) if any(answer in request.url for answer in ANSWERS) else None,
        )
        page.goto(base + "/")
        page.wait_for_selector(FIRST_MARKER, timeout=120_000)
        first_marker = page.evaluate("window.atlasFirstMarker")
        # The table's grid loads after the first markers: the interactions below start once it has.
        page.wait_for_selector("#explore-table .ag-row", timeout=120_000)
        page.wait_for_timeout(1000)
        # Every site, around Paris at zoom 10: a drag of 600 pixels (over two tiles' width) held still
        # before its release, as a hand that places the map does (no glide after it).
        page.evaluate("window.atlasMaps[0].setView([48.85, 2.35], 10, { animate: false })")
        page.wait_for_function("() => !document.querySelector('#explore-map[aria-busy]')")
        page.wait_for_timeout(1000)
        drag_and_hold(page, "#explore-map", 600, 150)
        page.evaluate(ARM_MARKERS, "mouseup")
        page.mouse.up()
        panned = page.evaluate("window.atlasMarkersChanged")
        page.wait_for_timeout(1000)
        page.evaluate(ARM_MARKERS, "moveend")
        page.locator(".leaflet-control-zoom-in").click()
        zoomed = page.evaluate("window.atlasMarkersChanged")
        page.wait_for_timeout(1000)
        page.evaluate(ARM_MARKERS, "click")
        page.get_by_role("checkbox", name="Normandy", exact=True).check()
        filtered = page.evaluate("window.atlasMarkersChanged")
        page.wait_for_timeout(1000)
        # Read while the browser is open (its answers' sizes are asked of it).
        sizes = [request.sizes()["responseBodySize"] for request in answers]
        browser.close()
    return {
        "first marker ms": first_marker,
        "filter → map ms": filtered,
        "pan → map ms": panned,
        "zoom → map ms": zoomed,
        "largest answer KiB": max(sizes) / 1024,
        "all answers KiB": sum(sizes) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_500, 25_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = validate(Sources(DATA))
    results: dict[int, dict[str, float]] = {}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            database = Path(folder) / f"sites-{size}.duckdb"
            started = time.perf_counter()
            write_database(synthetic(base, size), database)
            print(f"{size:,} sites built in {time.perf_counter() - started:.1f} s")
            with gunicorn(database, ATLAS_DATA=str(DATA)) as server:
                measure(playwright, server)  # warm the server and the disk cache
                runs = [measure(playwright, server) for _ in range(args.runs)]
            results[size] = {name: [run[name] for run in runs] for name in runs[0]}
    print(f"\n{args.runs} runs a size, medians (1280×800, headless Chromium)")
    print(f"{'':22}" + "".join(f"{size:>12,}" for size in results))
    for name in next(iter(results.values())):
        print(f"{name:22}" + "".join(f"{statistics.median(runs[name]):12,.0f}" for runs in results.values()))
    # The tail of the times (the slowest run below 20 runs).
    for name in TIMES:
        print(f"{name + ' p95':22}" + "".join(f"{p95(runs[name]):12,.0f}" for runs in results.values()))


if __name__ == "__main__":
    main()
