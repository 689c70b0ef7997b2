"""The street basemap: tile sets read from PMTiles, MBTiles and folders, the builder, and the tile routes.

Every tile set here is made in the test (a few hand-made tiles), so the suite needs no shared data.
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
from pathlib import Path

import dash
import mapbox_vector_tile
import pytest
from flask import Flask

from dashboard import basemap, tilesets
from dashboard.factory import create_app
from dashboard.settings import Settings
from dashboard.tilesets import TileSetError
from tests.conftest import app_settings

SQUARE = "POLYGON ((0 0, 0 1000, 1000 1000, 1000 0, 0 0))"
CORNER = "POLYGON ((3000 3000, 3000 4000, 4000 4000, 4000 3000, 3000 3000))"


def encoded(*layers: tuple[str, list[tuple[str, dict]]]) -> bytes:
    """A vector tile of layers, each a name and its features (WKT geometry, properties)."""
    return mapbox_vector_tile.encode(
        [
            {"name": name, "features": [{"geometry": geometry, "properties": props} for geometry, props in features]}
            for name, features in layers
        ]
    )


def decoded(data: bytes) -> dict:
    return mapbox_vector_tile.decode(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


def folder(root: Path, name: str, bounds: list[float], tiles: dict[tuple[int, int, int], bytes]) -> Path:
    """A folder of {z}/{x}/{y}.pbf tiles with its metadata.json."""
    path = root / name
    for (z, x, y), data in tiles.items():
        (path / str(z) / str(x)).mkdir(parents=True, exist_ok=True)
        (path / str(z) / str(x) / f"{y}.pbf").write_bytes(data)
    layers = sorted({layer for data in tiles.values() for layer in decoded(data)})
    metadata = {"bounds": bounds, "minzoom": 0, "maxzoom": 1, "vector_layers": [{"id": layer} for layer in layers]}
    (path / "metadata.json").write_text(json.dumps(metadata))
    return path


@pytest.fixture
def regions(tmp_path: Path) -> list[Path]:
    """Two neighbouring extracts: both hold tile 0/0/0 (the seam), each with its own features."""
    west = folder(
        tmp_path,
        "west",
        [0.0, 48.0, 2.0, 50.0],
        {
            (0, 0, 0): encoded(
                ("water", [(SQUARE, {"class": "river"})]), ("place", [("POINT (500 500)", {"name:latin": "Rouen"})])
            ),
            (1, 1, 0): encoded(("transportation", [("LINESTRING (0 0, 4096 4096)", {"class": "motorway"})])),
        },
    )
    east = folder(
        tmp_path,
        "east",
        [2.0, 47.0, 8.0, 49.5],
        {(0, 0, 0): encoded(("water", [(CORNER, {"class": "lake", "intermittent": 0})]), ("waterway", []))},
    )
    return [west, east]


def test_a_seam_tile_keeps_the_features_of_both_extracts_with_their_properties(regions):
    merged = decoded(
        tilesets.merge_tiles(
            [(str(path), (path / "0" / "0" / "0.pbf").read_bytes()) for path in regions]
        ).SerializeToString()
    )
    assert [feature["properties"] for feature in merged["water"]["features"]] == [
        {"class": "river"},
        {"class": "lake", "intermittent": 0},
    ]
    assert merged["place"]["features"][0]["properties"] == {"name:latin": "Rouen"}
    assert set(merged) == {"water", "place", "waterway"}


def test_build_writes_one_pmtiles_file_from_the_folders(regions, tmp_path):
    out = tmp_path / "out" / "streets.pmtiles"
    summary = tilesets.build(regions, out)
    assert (summary["tiles"], summary["merged"], summary["zooms"]) == (2, 1, [0, 1])
    assert out.stat().st_mode & 0o777 == 0o644
    tiles = tilesets.open_tileset(out)
    assert isinstance(tiles, tilesets.PMTilesSet)
    seam = decoded(tiles.tile(0, 0, 0))
    assert len(seam["water"]["features"]) == 2 and "place" in seam
    assert "transportation" in decoded(tiles.tile(1, 1, 0))
    assert tiles.tile(1, 0, 0) is None and tiles.tile(5, 3, 3) is None
    found = tiles.metadata()
    assert found["bounds"] == pytest.approx([0.0, 47.0, 8.0, 50.0])
    assert (found["minzoom"], found["maxzoom"]) == (0, 1)
    assert {layer["id"] for layer in found["vector_layers"]} == {"water", "place", "transportation", "waterway"}
    assert found["attribution"] == "© OpenStreetMap contributors"


def test_a_broken_tile_is_named_and_the_previous_file_stays(regions, tmp_path):
    out = tmp_path / "streets.pmtiles"
    tilesets.build(regions, out)
    before = out.read_bytes()
    (regions[1] / "0" / "0" / "0.pbf").write_bytes(b"\x0a\xff\xff garbage")
    with pytest.raises(TileSetError, match=r"east/0/0/0\.pbf: not a vector tile"):
        tilesets.build(regions, out)
    assert out.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir() if path.suffix == ".part"] == []


def test_build_refuses_what_is_not_a_tile_set(regions, tmp_path):
    with pytest.raises(TileSetError, match="no such file or folder"):
        tilesets.build([tmp_path / "nowhere"], tmp_path / "x.pmtiles")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(TileSetError, match="hold no tiles"):
        tilesets.build([empty], tmp_path / "x.pmtiles")
    with pytest.raises(TileSetError, match=r"not a \.pmtiles or \.mbtiles file"):
        tilesets.build([regions[0] / "metadata.json"], tmp_path / "x.pmtiles")


def test_build_reads_pmtiles_and_mbtiles_files_too(regions, river_folder, tmp_path):
    # A file made from the folders, built again from the file with another extract beside it (e.g. a
    # Planetiler extract and a regional folder): the same tiles, the seam merged, the rivers generalised.
    first = tmp_path / "first.pmtiles"
    tilesets.build(regions, first)
    again = tmp_path / "again.pmtiles"
    summary = tilesets.build([first, river_folder], again)
    assert summary["tiles"] == 2 + 3
    tiles = tilesets.open_tileset(again)
    assert len(decoded(tiles.tile(0, 0, 0))["water"]["features"]) == 2
    assert "waterway" in decoded(tiles.tile(6, 32, 22))
    assert sorted(tiles.addresses()) == sorted([(0, 0, 0), (1, 1, 0), *tilesets.FolderSet(river_folder).addresses()])
    mbtiles = tmp_path / "streets.mbtiles"
    with sqlite3.connect(mbtiles) as con:
        con.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        con.execute("CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB)")
        con.execute("INSERT INTO tiles VALUES (1, 1, 1, ?)", [b"\x0a\xff\xff garbage"])
    with pytest.raises(TileSetError, match=r"streets\.mbtiles tile 1/1/0: not a vector tile"):
        tilesets.build([mbtiles], tmp_path / "x.pmtiles")


def test_an_mbtiles_file_is_read_in_its_tms_rows(tmp_path):
    path = tmp_path / "streets.mbtiles"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        con.execute("CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB)")
        layers = json.dumps({"vector_layers": [{"id": "water"}]})
        con.executemany(
            "INSERT INTO metadata VALUES (?, ?)",
            [("bounds", "1.0,48.0,3.0,50.0"), ("minzoom", "0"), ("maxzoom", "1"), ("json", layers)],
        )
        # Row 1 of zoom 1 in TMS order is the top row, y = 0 in the XYZ order the app serves.
        con.execute("INSERT INTO tiles VALUES (1, 1, 1, ?)", [encoded(("water", [(SQUARE, {"class": "lake"})]))])
    tiles = tilesets.open_tileset(path)
    assert "water" in decoded(tiles.tile(1, 1, 0))
    assert tiles.tile(1, 1, 1) is None
    assert tiles.metadata() == {
        "bounds": [1.0, 48.0, 3.0, 50.0],
        "minzoom": 0,
        "maxzoom": 1,
        "vector_layers": [{"id": "water"}],
    }


def test_a_folder_is_read_as_it_is(regions):
    tiles = tilesets.open_tileset(regions[0])
    assert "place" in decoded(tiles.tile(0, 0, 0))
    assert tiles.tile(3, 0, 0) is None
    assert tiles.metadata()["bounds"] == [0.0, 48.0, 2.0, 50.0]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("streets.pmtiles", b"not a pmtiles archive at all" * 10, "not a PMTiles v3 archive"),
        ("streets.mbtiles", b"not sqlite" * 20, "not an MBTiles file"),
        ("streets.zip", b"PK", "not a .pmtiles or .mbtiles file"),
    ],
)
def test_an_unreadable_tile_set_says_why(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(TileSetError, match=reason):
        tilesets.open_tileset(path)
    assert basemap.load(path) is None


@pytest.mark.parametrize(
    ("z", "x", "y", "valid"), [(0, 0, 0, True), (12, 4095, 4095, True), (12, 4096, 0, False), (23, 0, 0, False)]
)
def test_tile_addresses(z, x, y, valid):
    assert tilesets.valid_address(z, x, y) is valid


@pytest.fixture
def tile_client(regions, tmp_path):
    server = Flask(__name__)
    pmtiles = tmp_path / "streets.pmtiles"
    tilesets.build(regions, pmtiles)
    basemap.register(server, tilesets.open_tileset(pmtiles))
    return server.test_client()


def test_a_tile_is_served_compressed_with_cache_headers_and_an_etag(tile_client):
    response = tile_client.get("/basemap/tiles/0/0/0.pbf")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.mapbox-vector-tile"
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=604800" in response.headers["Cache-Control"]
    assert len(decoded(response.data)["water"]["features"]) == 2
    again = tile_client.get("/basemap/tiles/0/0/0.pbf", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("/basemap/tiles/1/0/0.pbf", 204),
        ("/basemap/tiles/12/100/100.pbf", 204),
        ("/basemap/tiles/1/2/0.pbf", 400),
        ("/basemap/tiles/23/0/0.pbf", 400),
        ("/basemap/tiles/99999999999999999999/0/0.pbf", 400),
        ("/basemap/tiles/1/-1/0.pbf", 404),
        ("/basemap/tiles/a/b/c.pbf", 404),
        ("/basemap/tiles/0/0/0.png", 404),
        ("/basemap/tiles/../../../etc/passwd", 404),
        ("/basemap/tiles/0/0/%2e%2e%2fmetadata.json", 404),
    ],
)
def test_missing_tiles_are_empty_and_bad_addresses_are_client_errors(tile_client, address, status):
    response = tile_client.get(address)
    assert response.status_code == status
    if status == 204:
        assert response.data == b""


def test_the_tilejson_and_the_style(tile_client):
    found = tile_client.get("/basemap/tiles.json").get_json()
    assert found["tiles"] == ["http://localhost/basemap/tiles/{z}/{x}/{y}.pbf"]
    assert (found["minzoom"], found["maxzoom"]) == (0, 1)
    assert found["attribution"] == "© OpenStreetMap contributors"
    style = tile_client.get("/basemap/style.json?lang=fr").get_json()
    assert style["sources"]["streets"]["url"] == "/basemap/tiles.json"
    assert style["glyphs"].startswith("/assets/")
    places = next(layer for layer in style["layers"] if layer["id"] == "places")
    assert places["layout"]["text-field"][1] == ["get", "name:fr"]
    assert ["get", "name:latin"] in places["layout"]["text-field"]
    # An unknown language falls back to English.
    assert tile_client.get("/basemap/style.json?lang=xx").get_json()["layers"][-1]["layout"]["text-field"][1] == [
        "get",
        "name:en",
    ]
    assert {layer["source-layer"] for layer in style["layers"]} <= {
        "landuse",
        "water",
        "waterway",
        "transportation",
        "place",
    }


def test_the_app_serves_a_configured_basemap_and_runs_without_a_broken_one(fixture_db, regions, tmp_path):
    pmtiles = tmp_path / "streets.pmtiles"
    tilesets.build(regions, pmtiles)
    broken = tmp_path / "broken.pmtiles"
    broken.write_bytes(b"truncated")
    for path, served in ((pmtiles, True), (broken, False), (None, False)):
        dash.page_registry.clear()
        app = create_app(app_settings(fixture_db, fixture_db.parent, basemap=path))
        client = app.server.test_client()
        page = client.get("/").get_data(as_text=True)
        assert ('name="atlas-basemap"' in page) is served
        assert client.get("/basemap/tiles/0/0/0.pbf").status_code == (200 if served else 404)
        assert client.get("/healthz").status_code == 200
        assert client.get("/api/map.png?region=28").mimetype == "image/png"
    dash.page_registry.clear()


def test_the_basemap_setting(tmp_path):
    assert Settings.from_env({"ATLAS_BASEMAP": str(tmp_path / "a.pmtiles")}).basemap == tmp_path / "a.pmtiles"
    assert Settings.from_env({"ATLAS_BASEMAP": " "}).basemap is None
    assert Settings.from_env({}).basemap is None


def test_the_shipped_glyphs_cover_the_names_of_the_regions():
    # French and German names need Latin-1 and Latin Extended-A (Œ, ł…), typography the punctuation range.
    folder = Path(basemap.__file__).parents[1] / "assets" / "vendor" / "glyphs" / basemap.FONT
    assert {path.name for path in folder.glob("*.pbf")} >= {"0-255.pbf", "256-511.pbf", "8192-8447.pbf"}


def test_the_style_draws_only_the_layers_the_set_declares():
    everything = basemap.style("de")
    assert {layer["source-layer"] for layer in everything["layers"]} == {
        "landuse",
        "water",
        "waterway",
        "transportation",
        "place",
    }
    some = basemap.style("de", frozenset({"water", "place"}))
    assert [layer["id"] for layer in some["layers"]] == ["water", "places"]
    # Motorways are drawn last of the roads, over the smaller ones.
    roads = [layer["id"] for layer in everything["layers"] if layer["id"].startswith("road-")]
    assert roads[-1] == "road-motorway"


@pytest.fixture
def world_water(tmp_path) -> Path:
    """A one-tile set: water over the whole world and a motorway across it."""
    tile = encoded(
        ("water", [("POLYGON ((0 0, 0 4096, 4096 4096, 4096 0, 0 0))", {"class": "ocean"})]),
        ("transportation", [("LINESTRING (0 1390, 4096 1400)", {"class": "motorway"})]),
    )
    out = tmp_path / "world.pmtiles"
    tilesets.build([folder(tmp_path, "world", [-180, -85.0511, 180, 85.0511], {(0, 0, 0): tile})], out)
    return out


def test_the_streets_of_a_box_are_read_in_mercator_metres(world_water):
    tiles = tilesets.open_tileset(world_water)
    box = (0.0, 200_000.0, 6_300_000.0, 6_400_000.0)
    found = tilesets.streets(tiles, box, 1600)
    assert tilesets.drawing_zoom(tiles, box, 1600) == 0
    (water,) = found.water
    assert water.bounds == pytest.approx(
        (-tilesets.HALF_WORLD_M, -tilesets.HALF_WORLD_M, tilesets.HALF_WORLD_M, tilesets.HALF_WORLD_M), rel=1e-3
    )
    (motorway,) = found.roads["motorway"]
    assert motorway.length > tilesets.HALF_WORLD_M


def test_a_wide_view_decodes_few_tiles(world_water):
    tiles = tilesets.open_tileset(world_water)
    box = (-500_000.0, 1_000_000.0, 5_000_000.0, 6_800_000.0)
    assert len(tilesets._covering(box, tilesets.drawing_zoom(tiles, box, 1600))) <= tilesets.MAX_DRAWN_TILES


def test_the_map_image_shows_the_streets_water(world_water, fixture_db, vocab):
    import duckdb
    import numpy as np
    from PIL import Image

    from dashboard import exports, model
    from dashboard.i18n import Translator
    from dashboard.settings import DATA

    con = duckdb.connect(str(fixture_db), read_only=True)
    view = model.step_view(con, {"view": {"center": [49.0, 1.6], "zoom": 9}}, vocab, [])
    con.close()

    def water_share(streets) -> float:
        png = exports.map_png(view, vocab, DATA / "reference", Translator.load(), "en", streets)
        pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
        return float((np.abs(pixels - np.array([207, 224, 236])).max(axis=2) <= 3).mean())

    assert water_share(None) < 0.05
    assert water_share(tilesets.open_tileset(world_water)) > 0.5


def test_build_keeps_only_the_layers_asked_for(regions, tmp_path):
    out = tmp_path / "water.pmtiles"
    tilesets.build(regions, out, keep=frozenset({"water"}))
    tiles = tilesets.open_tileset(out)
    assert set(decoded(tiles.tile(0, 0, 0))) == {"water"}
    assert decoded(tiles.tile(1, 1, 0)) == {}
    assert [layer["id"] for layer in tiles.metadata()["vector_layers"]] == ["water"]
    assert {"landuse", "water", "waterway", "transportation", "place"} == basemap.STYLE_LAYERS


@pytest.fixture
def river_folder(tmp_path) -> Path:
    """Two zoom-8 tiles side by side crossed by a long river and holding a short stream, and their zoom-6 parent."""

    def crossing(name: str, line: str) -> tuple[str, dict]:
        return line, {"class": "river", "name:latin": name}

    tiles = {
        (8, 129, 88): encoded(
            (
                "waterway",
                [
                    crossing("La Seine", "LINESTRING (0 2000, 4096 2100)"),
                    crossing("Le Ru", "LINESTRING (10 10, 300 10)"),
                ],
            )
        ),
        (8, 130, 88): encoded(("waterway", [crossing("La Seine", "LINESTRING (0 2100, 4096 2200)")])),
        (6, 32, 22): encoded(("water", [(SQUARE, {"class": "lake"})])),
    }
    return folder(tmp_path, "seine", [1.0, 48.0, 3.0, 50.0], tiles)


def test_the_big_rivers_are_drawn_from_the_regional_view(river_folder, tmp_path):
    holders = {
        tilesets.zxy_to_tileid(z, x, y): [tilesets.FolderSet(river_folder)]
        for z, x, y in tilesets.FolderSet(river_folder).addresses()
    }
    rivers = tilesets.big_rivers(holders)
    assert list(rivers) == ["La Seine"]
    parent = mapbox_vector_tile.decode(tilesets.rivers_tile(rivers, 6, 32, 22))
    assert [feature["properties"] for feature in parent["waterway"]["features"]] == [
        {"class": "river", "name:latin": "La Seine"}
    ]
    assert tilesets.rivers_tile(rivers, 6, 10, 10) is None
    out = tmp_path / "rivers.pmtiles"
    tilesets.build([river_folder], out)
    tiles = tilesets.open_tileset(out)
    overview = decoded(tiles.tile(6, 32, 22))
    assert set(overview) == {"water", "waterway"}
    assert next(layer for layer in tiles.metadata()["vector_layers"] if layer["id"] == "waterway")["minzoom"] == 6
    # Without the waterway layer kept, no river is generalised.
    tilesets.build([river_folder], out, keep=frozenset({"water"}))
    assert set(decoded(tilesets.open_tileset(out).tile(6, 32, 22))) == {"water"}
