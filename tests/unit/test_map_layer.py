"""The map's sites by area: grouped by square on the server, small whatever the number of sites."""

import duckdb
import numpy as np
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


def squares(zoom, *cells):
    """Columns of queries.map_cells for squares whose sites all lie at one point: (lat, lon, {category: n}, gone)."""
    rows = []
    for lat, lon, categories, *gone in cells:
        x, y = geo.to_pixel(lat, lon, zoom)
        for code, n in sorted(categories.items()):
            rows.append(
                {
                    **{"cx": int(x // geo.CELL_PX), "cy": int(y // geo.CELL_PX), "category": code, "n": n},
                    **{"gone": gone[0].get(code, 0) if gone else 0, "lat_sum": lat * n, "lon_sum": lon * n},
                    **{"x_sum": x / geo.world_px(zoom) * n, "y_sum": y / geo.world_px(zoom) * n},
                    **{"south": lat, "west": lon, "north": lat, "east": lon},
                    **{"id": f"site-{len(rows)}" if n == 1 else None, "name": "A site" if n == 1 else None},
                    "status": "active" if n == 1 else None,
                }
            )
    rows.sort(key=lambda row: (row["cx"], row["cy"]))
    return {key: np.array([row[key] for row in rows]) for key in rows[0]} if rows else {"n": np.array([])}


def middle_of_rouens_square(zoom):
    """The pixel (x, y) in the middle of the square Rouen lies in, at a zoom."""
    return (geo.CELL_PX * (n // geo.CELL_PX) + geo.CELL_PX / 2 for n in geo.to_pixel(*ROUEN, zoom))


def test_neighbouring_squares_whose_centres_are_close_are_one_cluster():
    zoom = 8
    # Rouen in the middle of its square: its neighbours' centres at MERGE_PX ± 10 pixels.
    x, y = middle_of_rouens_square(zoom)
    rouen, beside, farther = (geo.from_pixel(x + dx, y, zoom) for dx in (0, geo.MERGE_PX - 10, geo.MERGE_PX + 10))
    close = squares(zoom, (*rouen, {"plant": 3}), (*beside, {"test_track": 1}))
    apart = squares(zoom, (*rouen, {"plant": 3}), (*farther, {"test_track": 1}))
    assert [group.count for group in geo.groups(close, zoom)] == [4]
    assert sorted(group.count for group in geo.groups(apart, zoom)) == [1, 3]
    # Squares further than one apart never join, however close their centres.
    far_beside = geo.from_pixel(x + geo.CELL_PX + geo.MERGE_PX - 10, y, zoom)
    assert len(geo.groups(squares(zoom, (*rouen, {"plant": 1}), (*far_beside, {"plant": 1})), zoom)) == 2
    assert geo.groups(squares(zoom), zoom) == []


def test_the_largest_square_gathers_its_neighbours_first():
    zoom = 8
    x, y = middle_of_rouens_square(zoom)
    # Three squares in a row, their sites 40 pixels apart: the middle one is the largest and takes both
    # (the west one, first by position, would have taken the middle one only).
    west, middle, east = (geo.from_pixel(x + dx, y, zoom) for dx in (-40, 0, 40))
    cells = squares(zoom, (*west, {"plant": 2}), (*middle, {"plant": 5}), (*east, {"plant": 2}))
    assert [group.count for group in geo.groups(cells, zoom)] == [9]


def test_a_cluster_has_its_count_categories_and_box():
    zoom = 8
    x, y = middle_of_rouens_square(zoom)
    here, beside = geo.from_pixel(x, y, zoom), geo.from_pixel(x + 40, y + 10, zoom)
    cells = squares(zoom, (*here, {"plant": 2}), (*beside, {"test_track": 3, "plant": 1}, {"plant": 1}))
    [group] = geo.groups(cells, zoom)
    properties = geo.cluster_feature(group)["properties"]
    assert properties["point_count"] == 6
    # [code, sites, of which no longer there], largest first.
    assert properties["categories"] == [["plant", 3, 1], ["test_track", 3, 0]]
    assert properties["bounds"] == [beside[0], here[1], here[0], beside[1]]
    assert group.lat == pytest.approx((2 * here[0] + 4 * beside[0]) / 6)


def test_a_group_of_one_site_brings_what_its_marker_needs():
    [group] = geo.groups(squares(8, (*ROUEN, {"plant": 1})), 8)
    assert group.one == {
        "id": "site-0",
        "name": "A site",
        "category": "plant",
        "status": "active",
        "lat": ROUEN[0],
        "lon": ROUEN[1],
    }


def test_cells_count_every_site_of_the_selection_in_the_area(con):
    area = geo.MapArea.around(48.5, 4.0, 6)
    cells = queries.map_cells(con, Selection(statuses=()), area)
    assert cells["n"].sum() == 14
    # The closed plant counts, as no longer there.
    assert [code for code, gone in zip(cells["category"], cells["gone"], strict=True) if gone] == ["plant"]
    assert queries.map_cells(con, Selection(regions=("28",)), area)["n"].sum() == 3


def test_cells_only_hold_the_areas_sites(con):
    rouen = geo.MapArea.around(*ROUEN, 11, width=512, height=512)
    cells = queries.map_cells(con, Selection(), rouen)
    assert cells["n"].tolist() == [2]
    # Two sites at one point: one square, and no site of its own.
    assert cells["id"].tolist() == [None]


def test_a_square_of_one_site_brings_what_its_marker_needs(con):
    site = queries.place(con, "renault-sandouville")
    area = geo.MapArea.around(site["lat"], site["lon"], 11, width=256, height=256)
    cells = queries.map_cells(con, Selection(), area)
    assert {key: cells[key].tolist() for key in ("id", "name", "category", "status", "lat_sum", "lon_sum")} == {
        **{key: [site[key]] for key in ("id", "name", "category", "status")},
        **{"lat_sum": [site["lat"]], "lon_sum": [site["lon"]]},
    }


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
