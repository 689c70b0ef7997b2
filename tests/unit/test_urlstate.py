import pytest

from dashboard.queries import Selection
from dashboard.settings import Settings
from dashboard.urlstate import parse, parse_near, parse_radius, parse_view, to_query
from dashboard.vocab import Vocabularies

VOCAB = Vocabularies(
    {
        "drivers": {"low_footprint": {}, "new_services": {}},
        "regions": {"11": {}, "28": {}},
        "categories": {"plant": {}, "av_zone": {}},
        "clusters": {"nextmove": {}},
        "statuses": {"active": {}, "planned": {}, "closed": {}, "ended": {}},
    }
)


def test_parse_keeps_known_values_in_vocabulary_order():
    selection = parse({"driver": ["new_services", "low_footprint"], "region": "28", "cluster": "nextmove"}, VOCAB)
    assert selection == Selection(drivers=("low_footprint", "new_services"), regions=("28",), clusters=("nextmove",))


def test_parse_drops_unknown_and_malformed_values():
    selection = parse({"driver": ["speed", "<script>"], "region": ["99", ""], "category": "plant ", "x": "1"}, VOCAB)
    assert selection == Selection(categories=("plant",))


def test_query_text_is_trimmed_and_bounded():
    assert parse({"q": "  Renault   Flins "}, VOCAB).q == "Renault Flins"
    assert len(parse({"q": "a" * 500}, VOCAB).q) == 100
    assert parse({"q": ["first", "second"]}, VOCAB).q == "first"


def test_status_defaults_to_current_places():
    assert parse({}, VOCAB).statuses == ("active", "planned")
    assert parse({"status": ["gone", ""]}, VOCAB).statuses == ("active", "planned")
    assert parse({"status": ["closed", "active"]}, VOCAB).statuses == ("active", "closed")
    assert to_query(Selection(statuses=("active", "planned"))) == ""
    assert to_query(Selection(statuses=("active", "closed"))) == "status=active&status=closed"


def test_round_trip():
    selection = Selection(drivers=("new_services",), regions=("11", "28"), statuses=("closed",), q="Vélizy & co")
    query = to_query(selection)
    assert query == "driver=new_services&region=11&region=28&status=closed&q=V%C3%A9lizy+%26+co"
    from urllib.parse import parse_qs

    assert parse(parse_qs(query), VOCAB) == selection
    assert to_query(Selection()) == ""


def test_settings_from_environment(tmp_path):
    settings = Settings.from_env(
        {"ATLAS_DB": str(tmp_path / "x.duckdb"), "ATLAS_TILE_URL": "https://t/{z}/{x}/{y}.png", "ATLAS_DEBUG": "1"}
    )
    assert settings.database == tmp_path / "x.duckdb"
    assert settings.tile_url == "https://t/{z}/{x}/{y}.png"
    assert settings.debug is True
    assert Settings.from_env({}).database.name == "atlas.duckdb"
    assert Settings.from_env({}).tile_url == ""


def test_kiosk_settings_from_environment():
    settings = Settings.from_env({"ATLAS_PUBLIC_URL": " https://atlas.example.org/ ", "ATLAS_KIOSK_IDLE": "45"})
    assert settings.public_url == "https://atlas.example.org"
    assert settings.kiosk_idle_seconds == 45
    assert Settings.from_env({}).kiosk_idle_seconds == 90


@pytest.mark.parametrize("value", ["soon", "0", "-5", "90.5", "99999"])
def test_bad_kiosk_idle_falls_back_to_default(value):
    assert Settings.from_env({"ATLAS_KIOSK_IDLE": value}).kiosk_idle_seconds == 90


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("49.4431,1.0993,12", (49.4431, 1.0993, 12)),
        (["48.85,2.35,16", "x"], (48.85, 2.35, 16)),
        ("49.4431,1.0993", None),
        ("north,1.0993,12", None),
        ("49.4,1.0,12.5", None),
        ("49.4,1.0,20", None),
        ("40.4,-3.7,10", None),
        (None, None),
        (12, None),
    ],
)
def test_a_map_view_in_the_address(raw, expected):
    assert parse_view(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("renault-flins", "renault-flins"),
        ("commune:76540", "commune:76540"),
        ("commune:2A004", "commune:2A004"),
        ("49.44154,1.09352", "49.4415,1.0935"),
        (["49.4,1.1", "48,2"], "49.4000,1.1000"),
        # Outside France, swapped, malformed, hostile, absent: no centre.
        ("40.7,-74.0", ""),
        ("1.09,49.44", ""),
        ("49.4;1.1", ""),
        ("commune:7654", ""),
        ("Renault Flins", ""),
        ("<script>", ""),
        ("../etc", ""),
        ("", ""),
        (None, ""),
        (12, ""),
    ],
)
def test_a_centre_in_the_address(raw, expected):
    assert parse_near(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("35", 35), (["5", "9"], 5), ("1", 1), ("200", 200), ("0", 20), ("201", 20), ("2.5", 20), ("x", 20), (None, 20)],
)
def test_a_radius_in_the_address(raw, expected):
    assert parse_radius(raw) == expected


def test_near_and_radius_round_trip_and_need_each_other():
    selection = parse({"near": "commune:76540", "radius": "35", "category": "plant"}, VOCAB)
    assert (selection.near, selection.radius) == ("commune:76540", 35)
    assert to_query(selection) == "category=plant&near=commune:76540&radius=35"
    assert parse(dict(pair.split("=") for pair in to_query(selection).split("&")), VOCAB) == selection
    assert parse({"radius": "35"}, VOCAB) == Selection()
    assert not selection.is_empty()
