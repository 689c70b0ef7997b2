"""The map's sites by area: grouped by square on the server, small whatever the number of sites."""

import duckdb
import pytest

from dashboard import geo, model, queries, urlstate
from dashboard.queries import Selection

ROUEN = (49.38, 1.08)


@pytest.fixture
def con(fixture_db):
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield connection
    connection.close()


def counted(layer):
    """Sites a layer stands for: each cluster's count, one per site marker."""
    return sum(feature["properties"].get("point_count", 1) for feature in layer["features"])


def test_pixels_are_leaflets_web_mercator_and_back():
    # The middle of the 256-pixel world at zoom 0; Paris on OpenStreetMap's tile 518/352 at zoom 10.
    assert geo.to_pixel(0, 0, 0) == (128, 128)
    x, y = geo.to_pixel(48.8566, 2.3522, 10)
    assert (x // geo.TILE_PX, y // geo.TILE_PX) == (518, 352)
    lat, lon = geo.from_pixel(x, y, 10)
    assert lat == pytest.approx(48.8566) and lon == pytest.approx(2.3522)


def test_an_area_around_a_point_is_centred_on_it_and_as_wide_as_asked():
    area = geo.MapArea.around(*ROUEN, 10, width=1024, height=512)
    left, top = geo.to_pixel(area.north, area.west, 10)
    right, bottom = geo.to_pixel(area.south, area.east, 10)
    assert (round(right - left), round(bottom - top)) == (1024, 512)
    assert geo.to_pixel(*ROUEN, 10) == pytest.approx(((left + right) / 2, (top + bottom) / 2))
    x0, y0, x1, y1 = area.cells()
    assert (x1 - x0, y1 - y0) == (1024 // geo.CELL_PX, 512 // geo.CELL_PX)


def cell(cx, cy, lat, lon, categories, gone=None):
    """A row of queries.map_cells: a square whose sites all lie at one point."""
    n = sum(categories.values())
    parts = [{"category": code, "n": count, "gone": (gone or {}).get(code, 0)} for code, count in categories.items()]
    return {
        **{"cx": cx, "cy": cy, "n": n, "lat_sum": lat * n, "lon_sum": lon * n},
        **{"south": lat, "west": lon, "north": lat, "east": lon, "categories": parts, "one": None},
    }


def test_neighbouring_squares_whose_centres_are_close_are_one_cluster():
    zoom = 8
    x, y = geo.to_pixel(*ROUEN, zoom)
    beside = geo.from_pixel(x + geo.MERGE_PX - 10, y, zoom)
    farther = geo.from_pixel(x + geo.MERGE_PX + 10, y, zoom)
    close = [cell(0, 0, *ROUEN, {"plant": 3}), cell(1, 0, *beside, {"test_track": 1})]
    apart = [cell(0, 0, *ROUEN, {"plant": 3}), cell(1, 0, *farther, {"test_track": 1})]
    assert [group.count for group in geo.groups(close, zoom)] == [4]
    assert sorted(group.count for group in geo.groups(apart, zoom)) == [1, 3]
    # Squares further than one apart never join, however close their centres.
    assert len(geo.groups([cell(0, 0, *ROUEN, {"plant": 1}), cell(2, 0, *beside, {"plant": 1})], zoom)) == 2


def test_a_cluster_has_its_count_categories_and_box():
    group = geo.Group.of(cell(0, 0, *ROUEN, {"plant": 2}))
    group.add(geo.Group.of(cell(1, 0, *ROUEN, {"test_track": 3, "plant": 1}, gone={"plant": 1})))
    properties = geo.cluster_feature(group)["properties"]
    assert properties["point_count"] == 6
    # [code, sites, of which no longer there], largest first.
    assert properties["categories"] == [["plant", 3, 1], ["test_track", 3, 0]]
    assert properties["bounds"] == [*ROUEN, *ROUEN]


def test_cells_count_every_site_of_the_selection_in_the_area(con):
    area = geo.MapArea.around(48.5, 4.0, 6)
    cells = queries.map_cells(con, Selection(statuses=()), area)
    assert sum(row["n"] for row in cells) == 14
    parts = [part for row in cells for part in row["categories"]]
    assert sum(part["n"] for part in parts) == 14
    # The closed plant counts, as no longer there.
    assert [part["category"] for part in parts if part["gone"]] == ["plant"]
    assert sum(row["n"] for row in queries.map_cells(con, Selection(regions=("28",)), area)) == 3


def test_cells_only_hold_the_areas_sites(con):
    rouen = geo.MapArea.around(*ROUEN, 11, width=512, height=512)
    cells = queries.map_cells(con, Selection(), rouen)
    assert sum(row["n"] for row in cells) == 2
    # Two sites at one point: one square, and no site of its own.
    assert [row["one"] for row in cells] == [None]


def test_a_square_of_one_site_brings_what_its_marker_needs(con):
    site = queries.place(con, "renault-sandouville")
    area = geo.MapArea.around(site["lat"], site["lon"], 11, width=256, height=256)
    [square] = queries.map_cells(con, Selection(), area)
    assert square["one"] == {key: site[key] for key in ("id", "name", "category", "status", "lat", "lon")}


def test_up_to_the_cluster_zoom_the_layer_groups_sites(con, vocab):
    layer = model.map_layer(con, Selection(), vocab, geo.MapArea.around(48.5, 4.0, 6))
    assert counted(layer) == 13
    assert any(feature["properties"].get("cluster") for feature in layer["features"])
    # A site alone in its square is its own marker, styled as on the rest of the map.
    alone = [f["properties"] for f in layer["features"] if "cluster" not in f["properties"]]
    assert alone and all({"id", "name", "category", "colour", "shape"} <= set(p) for p in alone)


def test_beyond_the_cluster_zoom_sites_are_one_by_one_those_at_one_point_fanned_out(con, vocab):
    layer = model.map_layer(con, Selection(), vocab, geo.MapArea.around(*ROUEN, geo.CLUSTER_MAX_ZOOM + 1))
    stacks = {f["properties"]["id"]: f["properties"]["stack"] for f in layer["features"]}
    assert stacks == {"esigelec": [0, 2], "irseem": [1, 2]}


def test_a_dense_view_stays_grouped_beyond_the_cluster_zoom(con, vocab, monkeypatch):
    monkeypatch.setattr(geo, "MAX_SINGLES", 1)
    layer = model.map_layer(con, Selection(), vocab, geo.MapArea.around(*ROUEN, geo.CLUSTER_MAX_ZOOM + 1))
    assert [f["properties"]["point_count"] for f in layer["features"]] == [2]


@pytest.mark.parametrize(
    ("zoom", "bbox"),
    [
        (None, "0,45,2,46"),
        ("4", "0,45,2,46"),
        ("17", "0,45,2,46"),
        ("seven", "0,45,2,46"),
        ("7", None),
        ("7", "0,45,2"),
        ("7", "0,45,2,46,3"),
        ("7", "2,45,0,46"),
        ("7", "0,46,2,45"),
        ("7", "0,45,2,89"),
        ("7", "-181,45,2,46"),
        ("7", "a,45,2,46"),
        ("7", "nan,45,2,46"),
        # Wider than MAX_AREA_CELLS squares at its zoom.
        ("12", "-5,42,9,51"),
    ],
)
def test_a_malformed_area_is_refused(zoom, bbox):
    assert urlstate.parse_area(zoom, bbox) is None


def test_an_area_is_read_from_its_parameters():
    assert urlstate.parse_area("7", "0.5,45,2.25,46") == geo.MapArea(7, 0.5, 45.0, 2.25, 46.0)
