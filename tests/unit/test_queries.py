import json

import duckdb
import pytest

from dashboard import queries
from dashboard.queries import Selection


@pytest.fixture
def con(fixture_db):
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield connection
    connection.close()


def ids(rows):
    return {row["id"] for row in rows}


def test_empty_selection_returns_every_current_place(con):
    assert len(queries.sites(con, Selection())) == 13
    assert len(queries.zones(con, Selection())) == 2


def test_closed_places_only_when_asked_for(con):
    assert "psa-aulnay" not in ids(queries.sites(con, Selection()))
    assert ids(queries.sites(con, Selection(statuses=("closed",)))) == {"psa-aulnay"}
    assert len(queries.sites(con, Selection(statuses=()))) == 14
    assert queries.figures(con, Selection(statuses=("closed", "ended"))).sites == 1


def test_driver_filter_matches_any_listed_driver(con):
    assert ids(queries.sites(con, Selection(drivers=("new_services",)))) == {"cts-strasbourg", "bench-lab"}
    assert len(queries.sites(con, Selection(drivers=("new_services", "safe_connected_autonomous")))) == 7


def test_region_category_and_cluster_filters(con):
    assert ids(queries.sites(con, Selection(regions=("28",)))) == {"renault-sandouville", "esigelec", "irseem"}
    assert ids(queries.sites(con, Selection(categories=("test_track",)))) == {"utac-linas-montlhery"}
    assert len(queries.sites(con, Selection(clusters=("vehicule_du_futur",)))) == 5
    assert ids(queries.zones(con, Selection(categories=("av_zone",)))) == {"rouen-normandie-autonomous-lab"}


def test_filters_combine(con):
    selection = Selection(regions=("11",), categories=("plant",))
    assert ids(queries.sites(con, selection)) == {"stellantis-poissy"}


def test_search_ignores_case_and_accents_and_treats_wildcards_literally(con):
    assert ids(queries.sites(con, Selection(q="TECHNOCENTRE"))) == {"renault-technocentre"}
    assert ids(queries.sites(con, Selection(q="saint-etienne"))) == {"esigelec", "irseem"}
    assert queries.sites(con, Selection(q="%")) == []
    assert ids(queries.sites(con, Selection(q="__"))) == {"bench-lab"}


def test_figures(con):
    figures = queries.figures(con, Selection())
    assert figures.sites == 13
    assert figures.jobs == 12000 + 250
    assert figures.sites_with_jobs == 2
    assert figures.jobs_years == (2019, 2021)
    assert figures.by_category["plant"] == 5
    assert figures.av_zones == 1
    assert queries.figures(con, Selection(regions=("44",))).jobs == 0
    assert queries.figures(con, Selection(regions=("44",))).jobs_years is None


def test_place_resolves_sites_zones_and_footprints(con):
    assert queries.place(con, "esigelec")["kind"] == "site"
    assert queries.place(con, "rouen-normandie-autonomous-lab")["kind"] == "zone"
    assert queries.place(con, "linas-montlhery-autodrome-area")["id"] == "utac-linas-montlhery"
    assert queries.place(con, "missing") is None


def test_vocabulary_keeps_file_order(con):
    terms = queries.vocabulary(con)
    assert list(terms["drivers"]) == [
        "low_footprint",
        "safe_connected_autonomous",
        "new_services",
        "industrial_excellence",
    ]
    assert terms["categories"]["plant"]["fr"] == "Usine"


def test_highlights_in_file_order_with_the_box_to_fly_to(con):
    poissy, rouen = queries.highlights(con)
    assert (poissy["place"], poissy["seconds"], poissy["name"]) == ("stellantis-poissy", 5, "Stellantis Poissy")
    assert (poissy["south"], poissy["west"]) == (poissy["north"], poissy["east"]) == (48.9322, 2.0297)
    assert rouen["seconds"] == 8
    assert rouen["de"] == "Autonome Fahrzeuge in Rouen."
    assert rouen["south"] < rouen["north"] and rouen["west"] < rouen["east"]


def test_clicked_place_ignores_clusters_and_empty_clicks():
    from dashboard.model import clicked_place

    assert clicked_place({"properties": {"id": "renault-cleon", "name": "x"}}) == "renault-cleon"
    assert clicked_place({"properties": {"cluster": True, "id": 3}}) is None
    assert clicked_place({"properties": {}}) is None
    assert clicked_place(None) is None


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"rowId": "renault-sandouville", "colId": "name"}, "renault-sandouville"),
        ({"rowId": ""}, None),
        ({"rowId": ["renault-sandouville"]}, None),
        ("renault-sandouville", None),
        (None, None),
    ],
)
def test_row_id_takes_only_a_named_row(event, expected):
    from dashboard.model import row_id

    assert row_id(event) == expected


@pytest.mark.parametrize(
    ("click", "expected"),
    [
        ({"latlng": {"lat": 49.441539, "lng": 1.093521}}, "49.4415,1.0935"),
        ({"latlng": {"lat": 40.7, "lng": -74.0}}, None),
        ({"latlng": {"lat": "49.4", "lng": 1.09}}, None),
        ({"latlng": {"lat": True, "lng": 1.09}}, None),
        ({"latlng": {"lat": float("nan"), "lng": 1.09}}, None),
        ({"latlng": [49.4, 1.09]}, None),
        ([49.4, 1.09], None),
        (None, None),
    ],
)
def test_a_map_click_becomes_a_centre_only_when_it_is_a_point_in_france(click, expected):
    from dashboard.model import clicked_point

    assert clicked_point(click) == expected


def test_the_table_lists_sites_and_the_zones_that_are_not_a_sites_footprint(con):
    rows, count = queries.table_rows(con, Selection(), "fr", "name", 0, 100)
    listed = [row["id"] for row in rows]
    assert "rouen-normandie-autonomous-lab" in listed
    # The Linas-Montlhéry area is the test track's footprint: the track is listed once, as a site.
    assert "linas-montlhery-autodrome-area" not in listed
    assert listed.count("utac-linas-montlhery") == 1
    assert count == len(rows) == len(queries.map_sites(con, Selection())) + 1
    assert [row["name"] for row in rows] == sorted((row["name"] for row in rows), key=str.lower)
    zone = rows[listed.index("rouen-normandie-autonomous-lab")]
    assert zone["category_label"] == "Zone d'expérimentation VA"
    assert set(zone) == set(queries.TABLE_COLUMNS)


def test_the_table_comes_by_pages_that_join_up(con):
    whole, count = queries.table_rows(con, Selection(), "en", "-jobs", 0, 100)
    pages = [queries.table_rows(con, Selection(), "en", "-jobs", start, start + 5) for start in range(0, count, 5)]
    assert [row for page, _ in pages for row in page] == whole
    assert {total for _, total in pages} == {count}
    assert queries.table_rows(con, Selection(), "en", "name", count, count + 5) == ([], count)


def test_the_table_sorts_by_labels_in_the_pages_language_and_puts_unknown_figures_last(con):
    for lang, last in (("en", "AV experimentation zone"), ("fr", "Centre technique / R&D")):
        rows, _ = queries.table_rows(con, Selection(), lang, "-category_label", 0, 100)
        labels = [row["category_label"] for row in rows]
        assert labels == sorted(labels, key=str.lower, reverse=True) and labels[-1] == last
    jobs = [row["jobs"] for row in queries.table_rows(con, Selection(), "en", "-jobs", 0, 100)[0]]
    known = [value for value in jobs if value is not None]
    assert jobs == sorted(known, reverse=True) + [None] * (len(jobs) - len(known))
    assert known and len(known) < len(jobs)


def test_around_a_centre_the_table_is_nearest_first_with_the_distance(con):
    around = Selection(near="renault-sandouville", radius=200)
    sort = queries.table_sort(None, around)
    rows, _ = queries.table_rows(con, around, "en", sort, 0, 100)
    assert rows[0]["id"] == "renault-sandouville" and rows[0]["distance_km"] == 0
    assert [row["distance_km"] for row in rows] == sorted(row["distance_km"] for row in rows)


@pytest.mark.parametrize(
    ("asked", "near", "used"),
    [
        ("-jobs", "", "-jobs"),
        ("status_label", "", "status_label"),
        ("distance_km", "esigelec", "distance_km"),
        # The distance only around a centre; other columns, and anything else, give the default.
        ("-distance_km", "", "name"),
        (None, "esigelec", "distance_km"),
        ("lat", "", "name"),
        (None, "", "name"),
        (["jobs"], "", "name"),
    ],
)
def test_the_table_sorts_by_its_columns_else_by_its_default(asked, near, used):
    assert queries.table_sort(asked, Selection(near=near)) == used


def test_a_places_index_in_the_table_follows_its_sort(con):
    for sort in ("name", "-name", "-jobs", "region_label"):
        rows, _ = queries.table_rows(con, Selection(), "fr", sort, 0, 100)
        for index, row in enumerate(rows):
            assert queries.table_index(con, Selection(), "fr", sort, row["id"]) == index
    assert queries.table_index(con, Selection(regions=("28",)), "en", "name", "stellantis-poissy") is None
    assert queries.table_index(con, Selection(), "en", "name", "linas-montlhery-autodrome-area") is None


def test_downloads_come_in_the_tables_order(con):
    for sort in ("-jobs", "category_label", "commune_name"):
        table = [row["id"] for row in queries.table_rows(con, Selection(), "fr", sort, 0, 100)[0]]
        sites = [row["id"] for row in queries.sites(con, Selection(), "fr", sort)]
        assert sites == [place for place in table if place in sites]


def test_the_bounds_of_a_selection_hold_its_sites_and_zones(con):
    assert queries.figures(con, Selection(q="no such place")).bounds is None
    south, west, north, east = queries.figures(con, Selection(regions=("28",))).bounds
    assert 49.3 < south < north < 49.5 and 0.2 < west < east < 1.2
    for place in queries.sites(con, Selection(regions=("28",))):
        assert south <= place["lat"] <= north and west <= place["lon"] <= east
    zone = queries.zones(con, Selection(categories=("av_zone",)))[0]
    assert queries.figures(con, Selection(categories=("av_zone",))).bounds == (
        zone["south"],
        zone["west"],
        zone["north"],
        zone["east"],
    )


@pytest.mark.parametrize(
    ("q", "found"),
    [
        # Category, driver and region labels in every language, without regard to case or accents.
        (
            "usine",
            {
                "stellantis-poissy",
                "renault-sandouville",
                "stellantis-sochaux",
                "stellantis-mulhouse",
                "renault-batilly",
            },
        ),
        ("PISTE", {"utac-linas-montlhery"}),
        ("Teststrecke", {"utac-linas-montlhery"}),
        ("centre technique", {"renault-technocentre", "valeo-cergy"}),
        ("normandie", {"renault-sandouville", "esigelec", "irseem"}),
        ("neue dienste", {"cts-strasbourg", "bench-lab"}),
    ],
)
def test_search_matches_labels_in_every_language(con, q, found):
    assert ids(queries.sites(con, Selection(q=q))) == found


def test_near_keeps_places_within_the_radius_nearest_first(con):
    rows = queries.map_sites(con, Selection(near="esigelec", radius=60))
    assert [row["id"] for row in rows[:2]] == ["esigelec", "irseem"]
    assert rows[0]["distance_km"] == rows[1]["distance_km"] == 0
    assert "renault-sandouville" in ids(rows)
    kilometres = [row["distance_km"] for row in rows]
    assert kilometres == sorted(kilometres) and kilometres[-1] <= 60
    # Sandouville is 57 km from the ESIGELEC by the haversine formula.
    sandouville = next(row for row in rows if row["id"] == "renault-sandouville")
    assert 55 < sandouville["distance_km"] < 59
    assert ids(queries.map_sites(con, Selection(near="esigelec", radius=50))) == {"esigelec", "irseem"}


def test_a_zone_is_near_when_its_box_is(con):
    everything = Selection(statuses=())
    zone = next(z for z in queries.zones(con, everything) if z["id"] == "rouen-normandie-autonomous-lab")
    inside = f"{(zone['south'] + zone['north']) / 2:.4f},{(zone['west'] + zone['east']) / 2:.4f}"
    (found,) = queries.zones(con, Selection(near=inside, radius=1, statuses=(), ids=(zone["id"],)))
    assert found["distance_km"] == 0
    # 5 km north of the box's edge: within 6 km, not within 4.
    north = f"{zone['north'] + 5 / 111.2:.4f},{zone['west']:.4f}"
    assert [z["id"] for z in queries.zones(con, Selection(near=north, radius=6, statuses=(), ids=(zone["id"],)))]
    assert queries.zones(con, Selection(near=north, radius=4, statuses=(), ids=(zone["id"],))) == []


def test_figures_follow_the_circle(con):
    figures = queries.figures(con, Selection(near="stellantis-poissy", radius=30))
    assert figures.sites == len(queries.map_sites(con, Selection(near="stellantis-poissy", radius=30)))
    assert 0 < figures.sites < queries.figures(con, Selection()).sites


def test_centres_resolve_and_unknown_ones_are_none(con):
    site = queries.centre(con, "renault-sandouville")
    assert (site.kind, site.name, site.detail) == ("site", "Renault Sandouville", "plant")
    commune = queries.centre(con, "commune:76540")
    assert (commune.kind, commune.name, commune.detail) == ("commune", "Rouen", "76")
    assert 49.40 < commune.lat < 49.47 and 1.05 < commune.lon < 1.13
    assert queries.centre(con, "49.5,1.1") == queries.Centre("49.5,1.1", 49.5, 1.1, "point")
    assert queries.centre(con, "nowhere") is None
    assert queries.centre(con, "commune:99999") is None
    assert queries.centre(con, "") is None


def test_centres_are_found_by_name_communes_first(con):
    found = queries.centres(con, "rouen")
    assert found[0].near == "commune:76540"
    assert all("rouen" in c.name.lower() for c in found)
    assert [c.near for c in queries.centres(con, "SANDOUVILLE")] == ["commune:76660", "renault-sandouville"]
    assert queries.centres(con, "r") == []
    assert queries.centres(con, "%") == []


def test_the_explore_texts_of_a_view_in_its_language(con, vocab):
    from dashboard.i18n import Translator
    from dashboard.model import explore_texts, explore_view

    t = Translator.load()
    texts = explore_texts(explore_view(con, Selection(regions=("28",)), vocab), vocab, t, "fr")
    assert texts.figures == {
        "sites": "3",
        "jobs": "0",
        "plant": "1",
        "technical_centre": "0",
        "test_track": "0",
        "av_zone": "1",
    }
    assert texts.summary == "Sites affichés : 3 · zones : 1"
    assert texts.jobs_note == "connus pour 0 sites sur 3"
    assert not texts.empty
    nothing = explore_texts(explore_view(con, Selection(q="no such place"), vocab), vocab, t, "en")
    assert nothing.empty
    assert nothing.figures["sites"] == "0"
    assert nothing.summary == "No site matches these filters."


@pytest.mark.parametrize(
    "selection",
    [
        Selection(),
        Selection(regions=("28",)),
        Selection(near="renault-sandouville", radius=60),
        Selection(q="none such"),
    ],
)
def test_the_geojson_download_holds_every_field_of_each_site_then_each_zone(con, selection):
    document = json.loads(queries.geojson(con, selection))
    sites, zones = queries.sites(con, selection), queries.zones(con, selection)
    expected = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [site["lon"], site["lat"]]},
            "properties": {"kind": "site", **{k: v for k, v in site.items() if k not in ("lat", "lon")}},
        }
        for site in sites
    ] + [
        {
            "type": "Feature",
            "geometry": json.loads(zone["geojson"]),
            "properties": {
                "kind": "zone",
                **{k: v for k, v in zone.items() if k not in ("geojson", "west", "south", "east", "north")},
            },
        }
        for zone in zones
    ]
    assert document == {"type": "FeatureCollection", "features": expected}
    # Properties in the order of a download's columns (the sources file's), distance last.
    if sites:
        columns = [column for column in sites[0] if column not in ("lat", "lon")]
        assert list(document["features"][0]["properties"]) == ["kind", *columns]
