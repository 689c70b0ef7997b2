"""The street basemap drawn by MapLibre GL in headless Chromium with WebGL (SwiftShader).

A tile set made here checks the drawing everywhere; the shared OpenStreetMap tiles, when present
(`../shared/basemap`, or ATLAS_SHARED_BASEMAP), check the Seine, roads and towns.
"""

from __future__ import annotations

import os
from pathlib import Path

import mapbox_vector_tile
import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from dashboard import basemap, exports, tilesets
from dashboard.settings import ROOT
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, gunicorn

SHARED = Path(os.environ.get("ATLAS_SHARED_BASEMAP", ROOT.parent / "shared" / "basemap" / "openmaptiles-osm-2021"))
WEBGL_FLAGS = [flag for flag in CHROMIUM_FLAGS if flag != "--disable-gpu"] + [
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
# A pixel of the basemap's water, as the map draws it.
WATER = tuple(int(basemap.WATER[i : i + 2], 16) for i in (1, 3, 5))
RIVER = tuple(int(basemap.RIVER[i : i + 2], 16) for i in (1, 3, 5))
RENDERED = """
(layers) => {
  const gl = window.atlas.basemap.layers[0].getMaplibreMap();
  return gl.queryRenderedFeatures({ layers: layers }).map((f) => [f.layer.id, f.properties["name:latin"] || ""]);
}
"""
STREETS_DRAWN = "() => !!document.querySelector('.atlas-streets-on')"


@pytest.fixture(scope="module")
def webgl(playwright, tmp_path_factory):
    instance = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("webgl-profile")),
        executable_path=CHROMIUM,
        headless=True,
        args=WEBGL_FLAGS,
        viewport={"width": 1280, "height": 800},
    )
    yield instance
    instance.close()


@pytest.fixture
def gl_page(webgl):
    tab = webgl.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert errors == []


def water_world(root: Path) -> Path:
    """A tile set of one zoom-0 tile: water everywhere and a town near Rouen, over-zoomed at every view."""
    folder = root / "water-world"
    (folder / "0" / "0").mkdir(parents=True)
    tile = mapbox_vector_tile.encode(
        [
            {
                "name": "water",
                "features": [{"geometry": "POLYGON ((0 0, 0 4096, 4096 4096, 4096 0, 0 0))", "properties": {}}],
            },
            {
                "name": "place",
                "features": [
                    {"geometry": "POINT (2060 1398)", "properties": {"class": "city", "name:latin": "Aquaville"}}
                ],
            },
        ],
        default_options={"y_coord_down": True},
    )
    (folder / "0" / "0" / "0.pbf").write_bytes(tile)
    out = root / "water-world.pmtiles"
    tilesets.build([folder], out)
    return out


def share(path: Path, colour: tuple[int, int, int], box: dict, tolerance: int = 6) -> float:
    """The share of the map's pixels (in a screenshot) within `tolerance` of a colour."""
    image = Image.open(path).convert("RGB")
    crop = image.crop((int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"])))
    pixels = np.asarray(crop, dtype=int)
    return float((np.abs(pixels - np.array(colour)).max(axis=2) <= tolerance).mean())


def test_the_basemap_is_drawn_under_the_sites_with_its_names_and_credit(gl_page, fixture_db, tmp_path):
    tiles = water_world(tmp_path)
    with gunicorn(fixture_db, ATLAS_BASEMAP=str(tiles)) as base:
        requested = []
        gl_page.on("request", lambda request: requested.append(request.url))
        gl_page.goto(f"{base}/?view=49.44,1.10,9")
        gl_page.wait_for_function(STREETS_DRAWN)
        gl_page.wait_for_function(f"() => ({RENDERED})(['places']).length > 0")
        assert gl_page.evaluate(RENDERED, ["places"]) == [["places", "Aquaville"]]
        # The sites are above the streets, the credit names OpenStreetMap.
        expect(gl_page.locator(".atlas-marker, .atlas-cluster").first).to_be_visible()
        expect(gl_page.locator(".leaflet-control-attribution")).to_contain_text("© OpenStreetMap contributors")
        shot = tmp_path / "water.png"
        gl_page.screenshot(path=str(shot))
        assert share(shot, WATER, gl_page.locator("#explore-map").bounding_box()) > 0.5
        assert all(url.startswith(base) or url.startswith(("data:", "blob:")) for url in requested), requested


def test_without_webgl_the_bundled_basemap_stays(playwright, fixture_db, tmp_path):
    # A screen that cannot draw WebGL: MapLibre is not even loaded, the bundled names stay.
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_FLAGS, "--disable-3d-apis"]
    )
    page = context.new_page()
    tiles = water_world(tmp_path)
    with gunicorn(fixture_db, ATLAS_BASEMAP=str(tiles)) as base:
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{base}/?view=49.44,1.10,9")
        expect(page.locator(".atlas-place", has_text="Rouen")).to_be_visible()
        assert page.locator(".atlas-streets-on").count() == 0
        assert not [url for url in requested if "maplibre" in url]
    context.close()


@pytest.fixture(scope="module")
def seine(tmp_path_factory):
    """The shared tiles of Upper Normandy and Île-de-France (the Seine from Paris to Le Havre), as one file."""
    if not SHARED.is_dir():
        pytest.skip(f"no shared basemap tiles at {SHARED}")
    out = tmp_path_factory.mktemp("seine") / "seine.pmtiles"
    tilesets.build([SHARED / "haute-normandie", SHARED / "ile-de-france"], out)
    return out


def test_the_seine_at_rouen_and_roads_and_towns_at_flins(gl_page, fixture_db, seine, tmp_path):
    with gunicorn(fixture_db, ATLAS_BASEMAP=str(seine)) as base:
        requested = []
        gl_page.on("request", lambda request: requested.append(request.url))
        gl_page.goto(f"{base}/?view=49.43,1.06,11&lang=fr")
        gl_page.wait_for_function(STREETS_DRAWN)
        gl_page.wait_for_function(f"() => ({RENDERED})(['rivers', 'water']).length > 0")
        rivers = gl_page.evaluate(RENDERED, ["rivers"])
        assert ["rivers", "La Seine"] in rivers
        shot = tmp_path / "rouen.png"
        gl_page.screenshot(path=str(shot))
        box = gl_page.locator("#explore-map").bounding_box()
        assert share(shot, RIVER, box, tolerance=10) + share(shot, WATER, box) > 0.01
        # Flins at zoom 12: motorway and main roads, and the towns' names.
        gl_page.goto(f"{base}/?view=48.98,1.88,12&lang=fr")
        gl_page.wait_for_function(STREETS_DRAWN)
        gl_page.wait_for_function(f"() => ({RENDERED})(['places']).length > 2")
        roads = {layer for layer, _ in gl_page.evaluate(RENDERED, ["road-motorway", "road-trunk", "road-primary"])}
        assert "road-motorway" in roads
        towns = {name for _, name in gl_page.evaluate(RENDERED, ["places"])}
        assert {"Les Mureaux", "Aubergenville"} <= towns
        expect(gl_page.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
        assert all(url.startswith(base) or url.startswith(("data:", "blob:")) for url in requested)


def test_tiles_that_fail_leave_the_bundled_basemap_showing(gl_page, fixture_db, tmp_path):
    tiles = water_world(tmp_path)
    with gunicorn(fixture_db, ATLAS_BASEMAP=str(tiles)) as base:
        failed = []
        gl_page.route("**/basemap/tiles/*/*/*.pbf", lambda route: (failed.append(route.request.url), route.abort()))
        gl_page.goto(f"{base}/?view=49.44,1.10,9")
        # MapLibre is on the map and has asked for its tiles, in vain.
        # (The page's scripts run once its first view is painted: until then there is no window.atlas.)
        gl_page.wait_for_function("() => window.atlas?.basemap?.layers.length > 0")
        for _ in range(300):
            if failed:
                break
            gl_page.wait_for_timeout(100)
        gl_page.wait_for_function("() => window.atlas.basemap.layers[0].getMaplibreMap().areTilesLoaded()")
        # The bundled regions are drawn (their outlines load beside the page).
        land = exports.FOCUS_LAND
        gl_page.wait_for_function(
            f"() => !!document.querySelector('.leaflet-atlas-basemap-pane path[fill=\"{land}\"]')"
        )
        gl_page.wait_for_timeout(500)
        assert failed, "the page asked for tiles"
        shot = tmp_path / "failed.png"
        gl_page.screenshot(path=str(shot))
        box = gl_page.locator("#explore-map").bounding_box()
        # Normandy's bundled land shows, not the water the tiles would have drawn, nor holes.
        assert share(shot, tuple(int(land[i : i + 2], 16) for i in (1, 3, 5)), box, tolerance=4) > 0.3
        assert share(shot, WATER, box) < 0.3
        expect(gl_page.locator(".atlas-marker, .atlas-cluster").first).to_be_visible()
