import duckdb
import pytest

from dashboard import geo, queries
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


def selection_bounds(con, selection):
    return geo.bounds(queries.map_sites(con, selection), queries.zones(con, selection))


def test_bounds(con):
    south, west, north, east = selection_bounds(con, Selection(regions=("28",)))
    assert 49.3 < south < north < 49.5
    assert 0.2 < west < east < 1.2
    assert selection_bounds(con, Selection(q="nowhere at all")) is None


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


def test_the_table_lists_sites_and_the_zones_that_are_not_a_sites_footprint(con, vocab):
    from dashboard.model import explore_view

    rows = explore_view(con, Selection(), vocab, "fr").rows
    listed = [row["id"] for row in rows]
    assert "rouen-normandie-autonomous-lab" in listed
    # The Linas-Montlhéry area is the test track's footprint: the track is listed once, as a site.
    assert "linas-montlhery-autodrome-area" not in listed
    assert listed.count("utac-linas-montlhery") == 1
    assert len(rows) == len(queries.map_sites(con, Selection())) + 1
    assert [row["name"] for row in rows] == sorted(row["name"] for row in rows)
    zone = rows[listed.index("rouen-normandie-autonomous-lab")]
    assert zone["category_label"] == "Zone d'expérimentation VA"


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
