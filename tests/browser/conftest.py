"""A real gunicorn serving the fixture database, and a real headless Chromium driving it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from dashboard.settings import ROOT

CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
PUBLIC_URL = "https://atlas.example.org"
UNREACHABLE_TILES = "http://tiles.invalid/{z}/{x}/{y}.png"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(fixture_db: Path, port: int | None = None, workers: int = 1, ready: bool = True, **settings: str):
    """gunicorn as configured (gunicorn.conf.py) on the fixture database with extra ATLAS_* settings; yields its URL.

    One worker unless told; with `ready` false, yields at once, before it answers anything.
    """
    port = port or free_port()
    env = {**os.environ, "ATLAS_DB": str(fixture_db), "ATLAS_DATA": str(fixture_db.parent), "ATLAS_TILE_URL": ""}
    env.update(settings)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "dashboard.app:server",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while ready:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except urllib.error.HTTPError:
            break  # up, without a valid database (it answers 503)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("gunicorn did not start: " + process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            # A graceful stop waits for the browser's kept-alive connections, long on a loaded machine.
            process.kill()
            process.wait()
        process.stderr.close()


@pytest.fixture(scope="session")
def server(fixture_db: Path):
    """Base URL of the app on the fixture database (no tiles: tests never need the network)."""
    with gunicorn(fixture_db) as base:
        yield base


@pytest.fixture(scope="session")
def kiosk_server(fixture_db: Path):
    """The app as a venue would run it: a public address for QR codes, and a tile server it cannot reach."""
    with gunicorn(fixture_db, ATLAS_PUBLIC_URL=PUBLIC_URL, ATLAS_TILE_URL=UNREACHABLE_TILES) as base:
        yield base


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as instance:
        yield instance


def chromium(playwright, profile: Path, **options):
    """Debian's Chromium with a fresh profile (never a downloaded browser)."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS, **options
    )


@pytest.fixture(scope="session")
def browser(playwright, tmp_path_factory):
    instance = chromium(
        playwright, tmp_path_factory.mktemp("chromium-profile"), viewport={"width": 1280, "height": 800}
    )
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def touch_screen(playwright, tmp_path_factory):
    """The kiosk's screen: 1920×1080 with touch input."""
    instance = chromium(
        playwright, tmp_path_factory.mktemp("kiosk-profile"), viewport={"width": 1920, "height": 1080}, has_touch=True
    )
    yield instance
    instance.close()


def boxes_overlap(first: dict, second: dict) -> bool:
    """Whether two bounding boxes (Playwright's x, y, width, height) overlap."""
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


def names_opened(markers, panel, open_marker, close) -> set[str]:
    """Open each marker's detail panel in turn and close it again; the names the panel showed."""
    names = set()
    for index in range(markers.count()):
        open_marker(markers.nth(index))
        expect(panel).to_be_visible()
        names.add(panel.locator(".atlas-detail-title").inner_text())
        close()
        expect(panel).to_be_hidden()
    return names


def decoded(page, selector, tmp_path, attempts: int = 10) -> str:
    """The text of the QR code an element shows, read from a screenshot like a phone would.

    The image is read once it has loaded, and again while the card settles (a phone retries too).
    """
    shot = tmp_path / "qr.png"
    element = page.locator(selector)
    element.evaluate("image => image.decode()")
    for _ in range(attempts):
        element.screenshot(path=str(shot))
        barcodes = zxingcpp.read_barcodes(Image.open(shot))
        if barcodes:
            (barcode,) = barcodes
            return barcode.text
        page.wait_for_timeout(200)
    raise AssertionError(f"no QR code could be read from {selector}")


AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the test driver: a script tag would be refused by the page's CSP, as it should.
        page.evaluate(AXE.read_text())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


FIRST_MARKER = ".atlas-marker, .atlas-cluster"
# The table's rows that hold a place: rows on their way from the server are drawn blank, without an id.
TABLE_ROWS = "#explore-table .ag-row[row-id]"
# Notes, in the page itself (window.atlasFirstMarker, on the page's clock), when the first site marker
# enters the document (Playwright's own polling would add the time the page's main thread is busy after it).
FIRST_MARKER_WATCH = """
new MutationObserver((changes, observer) => {
  if (document.querySelector("FIRST_MARKER")) {
    window.atlasFirstMarker = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
""".replace("FIRST_MARKER", FIRST_MARKER)

# Keeps the page's Leaflet maps (window.atlasMaps) as Leaflet is defined, and finds one by its element's
# id (window.atlasMap(id)): tests and benchmarks move them.
MAPS_WATCH = """
(() => {
  window.atlasMap = (id) => (window.atlasMaps || []).find((each) => each.getContainer().id === id);
  let leaflet;
  Object.defineProperty(window, "L", {
    configurable: true,
    get: () => leaflet,
    set: (value) => {
      leaflet = value;
      value.Map.addInitHook(function () { (window.atlasMaps = window.atlasMaps || []).push(this); });
    },
  });
})();
"""


def hold_callbacks(page) -> list:
    """Leaves every Dash callback unanswered (a page's content comes with Dash's layout); returns those held."""
    held = []
    page.route("**/_dash-update-component", lambda route: held.append(route.request))
    return held


# Resolves once the Leaflet map `id` has stood still for `quiet` ms: no move under way (a flight or
# zoom runs from movestart to moveend, however slowly a loaded machine draws its frames) and none begun.
MAP_SETTLED = """
([id, quiet]) => new Promise((resolve) => {
  const map = window.atlasMap(id);
  let moving = false;
  let timer = null;
  const wait = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!moving) {
        map.off("movestart", started).off("moveend", ended);
        resolve();
      }
    }, quiet);
  };
  const started = () => { moving = true; clearTimeout(timer); };
  const ended = () => { moving = false; wait(); };
  map.on("movestart", started).on("moveend", ended);
  wait();
})
"""


def map_settled(page, map_id: str, quiet_ms: int = 400) -> None:
    """Waits until the map has finished moving (a step's or a selection's flight) and stayed still.

    A click on a marker while the map flies lands where the marker was a frame ago.
    """
    page.evaluate(MAP_SETTLED, [map_id, quiet_ms])


def drag_and_hold(page, selector: str, distance: int, hold_ms: int) -> None:
    """Presses the mouse on the map `selector` (100 px from its left, halfway down), drags it
    `distance` px to the right by 20 px a frame, and holds it still there for `hold_ms`: not let go."""
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + 100, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, distance // 20 + 1):
        page.mouse.move(x + 20 * step, y)
        page.wait_for_timeout(16)
    page.wait_for_timeout(hold_ms)


def watched_tab(context):
    """A new tab whose page errors and CSP refusals are collected (any fails the test that used it).

    It keeps its Leaflet maps (MAPS_WATCH) for `map_settled`.
    """
    tab = context.new_page()
    tab.add_init_script(MAPS_WATCH)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    refused = "Content Security Policy"
    tab.on("console", lambda message: errors.append(message.text) if refused in message.text else None)
    return tab, errors


@pytest.fixture
def page(browser):
    tab, errors = watched_tab(browser)
    yield tab
    tab.close()
    assert errors == [], errors


@pytest.fixture
def kiosk_page(touch_screen):
    tab, errors = watched_tab(touch_screen)
    yield tab
    tab.close()
    assert errors == [], errors
