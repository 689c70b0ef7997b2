"""The street basemap's cost in headless Chromium (WebGL by SwiftShader) at 1280×800, basemap off and on.

Prints, side by side, the time from opening a deep link to the first site marker painted, and the
time a zoom (the + button) and a pan (a 200-pixel drag) take to settle, from the button pressed or
the drag released until the frame that shows the map's move over and, with the basemap, MapLibre's
loaded tiles drawn.

Chromium composites the page in software, as it does on a machine without a GPU, while SwiftShader
draws MapLibre's WebGL: composited through SwiftShader too (`--gpu-compositing`), every frame of the
whole page costs a quarter to a full second on a 2-core machine, basemap on or off (a zoom then
settles in ~1.6 s with the basemap off), which measures the emulated GPU more than the map.

Run: .venv/bin/python -m bench.bench_basemap --tiles streets.pmtiles [--runs 5] [--gpu-compositing]
(`python -m dashboard basemap build` makes the file from tile folders).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard.settings import DATA
from tests.browser.conftest import CHROMIUM, FIRST_MARKER, FIRST_MARKER_WATCH, MAPS_WATCH, gunicorn
from tests.browser.test_basemap_webgl import WEBGL_FLAGS

DEEP_LINK = "/?region=11&view=48.98,1.88,11&lang=fr"

# Arms a promise (window.atlasSettled) of the milliseconds from the user's input (`input`: the button
# pressed, or the drag released) until the map has settled and shows it: Leaflet's move over
# (`moveend` also ends its zoom animation) and, where it draws, MapLibre done moving with its tiles
# loaded and drawn.
ARM = """
(input) => {
  const map = window.atlasMap("explore-map");
  const layers = (window.atlas.basemap && window.atlas.basemap.layers) || [];
  const gl = layers.length ? layers[0].getMaplibreMap() : null;
  let started = null;
  document.addEventListener(input, (event) => { started = event.timeStamp; }, { capture: true, once: true });
  window.atlasSettled = new Promise((resolve) => {
    // The frame after the last drawing: the one that shows it.
    const settled = () => requestAnimationFrame(() => resolve(performance.now() - started));
    // Polled by timer: MapLibre may be idle already (no event to wait for), and headless Chromium
    // may hold animation frames back while nothing is drawn.
    const drawn = () => {
      if (gl.isMoving() || !gl.loaded() || !gl.areTilesLoaded()) { setTimeout(drawn, 10); } else { settled(); }
    };
    map.once("moveend", gl ? drawn : settled);
  });
}
"""


def measure(playwright, base: str, basemap: bool, flags: list[str]) -> dict[str, float]:
    """One fresh browser: deep link to first marker, then a zoom and a pan until settled (ms)."""
    with tempfile.TemporaryDirectory() as profile:
        browser = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=flags, viewport={"width": 1280, "height": 800}
        )
        page = browser.new_page()
        page.add_init_script(FIRST_MARKER_WATCH)
        page.add_init_script(MAPS_WATCH)
        page.goto(base + DEEP_LINK)
        page.wait_for_selector(FIRST_MARKER)
        first_marker = page.evaluate("window.atlasFirstMarker")
        if basemap:
            page.wait_for_selector(".atlas-streets-on")
        page.wait_for_timeout(1500)
        page.evaluate(ARM, "pointerdown")
        page.locator(".leaflet-control-zoom-in").click()
        zoom = page.evaluate("window.atlasSettled")
        box = page.locator("#explore-map").bounding_box()
        page.mouse.move(box["x"] + 300, box["y"] + 300)
        page.evaluate(ARM, "pointerup")
        page.mouse.down()
        page.mouse.move(box["x"] + 500, box["y"] + 380, steps=8)
        page.mouse.up()
        pan = page.evaluate("window.atlasSettled")
        browser.close()
    return {"first marker": first_marker, "zoom settles": zoom, "pan settles": pan}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tiles", type=Path, default=os.environ.get("ATLAS_BASEMAP"), required=False)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gpu-compositing", action="store_true", help="composite the page through SwiftShader too")
    args = parser.parse_args()
    flags = WEBGL_FLAGS if args.gpu_compositing else [*WEBGL_FLAGS, "--disable-gpu-compositing"]
    if args.tiles is None:
        parser.error("give --tiles (or ATLAS_BASEMAP): a tile set to serve")
    database = Path(os.environ.get("ATLAS_DB", DATA / "atlas.duckdb"))
    results: dict[bool, list[dict[str, float]]] = {False: [], True: []}
    with sync_playwright() as playwright:
        for basemap in (False, True):
            settings = {"ATLAS_BASEMAP": str(args.tiles)} if basemap else {"ATLAS_BASEMAP": ""}
            with gunicorn(database, ATLAS_DATA=str(DATA), **settings) as base:
                measure(playwright, base, basemap, flags)  # warm the server and the disk cache
                results[basemap] = [measure(playwright, base, basemap, flags) for _ in range(args.runs)]
    compositing = "SwiftShader" if args.gpu_compositing else "software"
    print(f"{args.runs} runs, medians in ms ({DEEP_LINK}, 1280×800, WebGL by SwiftShader, {compositing} compositing)")
    print(f"{'':16}{'basemap off':>14}{'basemap on':>14}{'difference':>12}")
    for name in results[False][0]:
        off = statistics.median(run[name] for run in results[False])
        on = statistics.median(run[name] for run in results[True])
        print(f"{name:16}{off:14.0f}{on:14.0f}{on - off:+12.0f}")


if __name__ == "__main__":
    main()
