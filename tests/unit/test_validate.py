import csv
import json
from pathlib import Path

import pytest

from dashboard.settings import ROOT
from dashboard.validate import (
    Invalid,
    Unreadable,
    check_links,
    check_quality,
    check_shared_points,
    read_json,
    read_sites,
    read_yaml,
    read_zones,
    source,
)
from tests.conftest import BILLION_LAUGHS

NEXTMOVE = "data/sources/mobility-valley-nextmove.txt"


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, records: list[dict], fieldnames=None) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames or list(records[0]))
        writer.writeheader()
        writer.writerows(records)


def site_problems(sources: Path, vocab, reference, **changes) -> list[str]:
    """Problems found after changing some fields of the first site."""
    path = sources / "sites.csv"
    records = rows(path)
    records[0].update(changes)
    write(path, records)
    return [str(p) for p in read_sites(path, vocab, reference, ROOT)[1]]


def test_fixture_sites_are_valid(sources, vocab, reference):
    sites, problems = read_sites(sources / "sites.csv", vocab, reference, ROOT)
    assert problems == []
    assert len(sites) == 14
    assert sites[0]["drivers"] == ["industrial_excellence", "low_footprint"]
    assert check_shared_points(sites, "sites.csv") == []
    assert check_quality(sites, [], "sites.csv") == []


def test_bundled_data_is_valid(vocab, reference):
    data = ROOT / "data"
    sites, problems = read_sites(data / "sites.csv", vocab, reference, ROOT)
    zones, zone_problems = read_zones(data / "zones.geojson", vocab, reference, ROOT)
    problems += zone_problems + check_links(sites, zones, ("sites.csv", "zones.geojson"))
    problems += check_shared_points(sites, "sites.csv") + check_quality(sites, zones, "sites.csv")
    assert problems == []
    assert len(sites) >= 450
    assert all(sum(s["region_code"] == region for s in sites) >= 70 for region in ("11", "27", "28", "44"))
    for kind, codes in (("category", vocab.codes("categories")), ("cluster", vocab.codes("clusters"))):
        present = {s[kind] for s in sites} | {z[kind] for z in zones}
        assert {
            c for c in codes if c in ("plant", "technical_centre", "test_track", "av_zone")
        } <= present or kind == "cluster"
        assert present <= set(codes)
    assert {s["region_code"] for s in sites} == {"11", "27", "28", "44"}
    assert {d for s in sites for d in s["drivers"]} == set(vocab.codes("drivers"))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"id": "Bad Id"}, "sites.csv: line 2: id: 'Bad Id' is not a slug"),
        ({"name": "  "}, "sites.csv: line 2: name: is required"),
        ({"organisation": ""}, "sites.csv: line 2: organisation: is required"),
        ({"category": "factory"}, "sites.csv: line 2: category: 'factory' is not one of"),
        ({"cluster": "other"}, "sites.csv: line 2: cluster: 'other' is not one of"),
        ({"drivers": ""}, "sites.csv: line 2: drivers: needs at least one value"),
        ({"drivers": "low_footprint|speed"}, "sites.csv: line 2: drivers: 'speed' is not one of"),
        ({"drivers": "low_footprint|low_footprint"}, "sites.csv: line 2: drivers: lists a value twice"),
        ({"region_code": "84"}, "sites.csv: line 2: region_code: '84' is not one of"),
        ({"commune_code": "7849"}, "sites.csv: line 2: commune_code: '7849' is not an INSEE commune code"),
        ({"commune_code": "69123"}, "sites.csv: line 2: commune_code: 69123 is not a commune of the atlas regions"),
        ({"commune_name": "Paris"}, "sites.csv: line 2: commune_name: 'Paris' does not match commune 78498"),
        ({"commune_code": "76540", "commune_name": "Rouen"}, "sites.csv: line 2: region_code: commune 76540 (Rouen)"),
        ({"lat": "north"}, "sites.csv: line 2: lat: 'north' is not a decimal number"),
        ({"lon": ""}, "sites.csv: line 2: lon: is required"),
        ({"lat": "2.03", "lon": "48.93"}, "is outside metropolitan France (lat and lon look swapped)"),
        ({"lat": "40.4", "lon": "-3.7"}, "sites.csv: line 2: lat/lon: (40.4, -3.7) is outside metropolitan France"),
        ({"lat": "49.9", "lon": "-1.0"}, "km from metropolitan France (at sea or abroad)"),
        ({"lat": "45.76", "lon": "4.84"}, "km outside region 11 (Île-de-France)"),
        ({"lat": "48.85", "lon": "2.35"}, "km outside commune 78498 (Poissy)"),
        (
            {"location_precision": "street"},
            "sites.csv: line 2: location_precision: 'street' is not one of site, estimated, commune",
        ),
        ({"location_precision": "commune"}, "location_precision: a plant must be placed on its site"),
        ({"location_source": ""}, "sites.csv: line 2: location_source: is required"),
        ({"name": "Renault Cléon plant"}, "name: 'Renault Cléon plant' ends with 'plant': give the proper name"),
        ({"name": "Valeo Cergy R&D centre"}, "name: 'Valeo Cergy R&D centre' ends with 'R&D centre'"),
        ({"name": "Valeo headquarters"}, "name: 'Valeo headquarters' ends with 'headquarters'"),
        ({"name": "Nevers bus network"}, "name: 'Nevers bus network' ends with 'bus network'"),
        ({"cluster": "vehicule_du_futur"}, "cluster: 'vehicule_du_futur' is not the territory of region 11"),
        ({"status": "open"}, "status: 'open' is not one of active, planned, closed, ended"),
        ({"status": "closed"}, "status_since: is required when the status is closed"),
        ({"status": "closed", "status_since": "2014"}, "status_source: is required with status_since"),
        ({"status_since": "soon", "status_source": NEXTMOVE}, "status_since: 'soon' is not a year"),
        ({"status_source": "wikipedia"}, "status_source: 'wikipedia' is neither an http(s) address"),
        ({"jobs": "3000"}, "jobs_year: is required with jobs (every figure has its year and its source)"),
        ({"jobs": "3000", "jobs_year": "2021"}, "jobs_source: is required with jobs"),
        ({"jobs_year": "2021"}, "jobs_year: is given but jobs is empty"),
        ({"jobs_source": NEXTMOVE}, "jobs_source: is given but jobs is empty"),
        ({"jobs": "10000000", "jobs_year": "2021", "jobs_source": NEXTMOVE}, "jobs: 10000000 is more than 50,000"),
        ({"jobs": "300", "jobs_year": "2090", "jobs_source": NEXTMOVE}, "jobs_year: 2090 is not a plausible year"),
        ({"vehicles_per_year": "200000"}, "vehicles_year: is required with vehicles_per_year"),
        ({"vehicles_per_year": "200000", "vehicles_year": "2019"}, "vehicles_source: is required"),
        ({"vehicles_year": "2019"}, "vehicles_year: is given but vehicles_per_year is empty"),
        (
            {"vehicles_per_year": "5000000", "vehicles_year": "2019", "vehicles_source": NEXTMOVE},
            "vehicles_per_year: 5000000 is more than 2,000,000",
        ),
        (
            {"category": "operator", "vehicles_per_year": "10", "vehicles_year": "2019", "vehicles_source": NEXTMOVE},
            "vehicles_per_year: only plants produce vehicles, and this is a operator",
        ),
        ({"member_of": "nextmove"}, "member_source: member_of and member_source go together"),
        ({"member_source": NEXTMOVE}, "member_of: member_of and member_source go together"),
        ({"member_of": "moveo", "member_source": NEXTMOVE}, "member_of: 'moveo' is not one of"),
        ({"same_address_as": "Not A Slug"}, "same_address_as: 'Not A Slug' is not a slug"),
        ({"jobs": "-5"}, "sites.csv: line 2: jobs: -5 is negative"),
        ({"jobs": "about 300"}, "sites.csv: line 2: jobs: 'about 300' is not a whole number"),
        ({"vehicles_per_year": "1.5"}, "sites.csv: line 2: vehicles_per_year: '1.5' is not a whole number"),
        ({"description_fr": ""}, "sites.csv: line 2: description_fr: is required"),
        ({"description_de": " "}, "sites.csv: line 2: description_de: is required"),
        ({"website": "www.example.com"}, "sites.csv: line 2: website: 'www.example.com' is not an http(s) address"),
        ({"source": ""}, "sites.csv: line 2: source: is required"),
        ({"source": "data/sources/missing.txt"}, "source: 'data/sources/missing.txt' is neither an http(s) address"),
        ({"source": "../../etc/passwd"}, "source: '../../etc/passwd' is neither an http(s) address"),
        ({"source": "dashboard/app.py"}, "source: 'dashboard/app.py' is neither an http(s) address nor a document in"),
        ({"source": "data/sites.csv"}, "source: 'data/sites.csv' is neither an http(s) address nor a document in"),
        ({"source": "data/sources/../../dashboard/app.py"}, "source: 'data/sources/../../dashboard/app.py' is neither"),
        ({"source": "data/sources/"}, "source: 'data/sources/' is neither an http(s) address nor a document in"),
        ({"source": "data/sources/.."}, "source: 'data/sources/..' is neither an http(s) address nor a document in"),
        ({"source": f"{ROOT}/{NEXTMOVE}"}, "is neither an http(s) address nor a document in data/sources/"),
        ({"status_source": "ftp://example.org/x"}, "status_source: 'ftp://example.org/x' is neither an http(s)"),
        ({"as_of": "1750"}, "sites.csv: line 2: as_of: 1750 is not a plausible year"),
        ({"as_of": "recent"}, "sites.csv: line 2: as_of: 'recent' is not a year"),
        ({"lat": "inf"}, "sites.csv: line 2: lat: inf is not a finite number"),
        ({"lon": "NaN"}, "sites.csv: line 2: lon: nan is not a finite number"),
        ({"jobs": "inf", "jobs_year": "2021", "jobs_source": NEXTMOVE}, "jobs: 'inf' is not a whole number"),
        ({"jobs": "nan", "jobs_year": "2021", "jobs_source": NEXTMOVE}, "jobs: 'nan' is not a whole number"),
        ({"jobs": f"{10**30}", "jobs_year": "2021", "jobs_source": NEXTMOVE}, f"jobs: {10**30} is more than 50,000"),
        ({"name": "Renault\x00Flins"}, "sites.csv: line 2: name: holds the control character '\\x00' (U+0000)"),
        ({"organisation": "Two\nlines"}, "organisation: holds the control character '\\n' (U+000A)"),
        ({"commune_name": "Poi\tssy"}, "commune_name: holds the control character '\\t' (U+0009)"),
        ({"description_en": "Red \x1b[31malert"}, "description_en: holds the control character '\\x1b' (U+001B)"),
        ({"description_de": "Zeile\r\nZeile"}, "description_de: holds the control character '\\r' (U+000D)"),
        ({"source": "https://example.org/\x07"}, "sites.csv: line 2: source: holds the control character '\\x07'"),
        ({"website": "https://example.org/\x85a"}, "sites.csv: line 2: website: holds the control character '\\x85'"),
        ({"lat": "48.93\x00"}, "sites.csv: line 2: lat: holds the control character '\\x00'"),
    ],
)
def test_each_site_rule_rejects_bad_input(sources, vocab, reference, changes, expected):
    problems = site_problems(sources, vocab, reference, **changes)
    assert any(expected in p for p in problems), problems


def test_a_source_is_a_document_of_the_sources_folder_and_no_link_leads_out_of_it(tmp_path):
    documents = tmp_path / "data" / "sources"
    documents.mkdir(parents=True)
    (documents / "report.txt").write_text("a report", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not a source", encoding="utf-8")
    (documents / "link.txt").symlink_to(tmp_path / "secret.txt")
    cited = source(tmp_path)
    assert cited("data/sources/report.txt") == "data/sources/report.txt"
    assert cited("https://example.org/report") == "https://example.org/report"
    for outside in ("data/sources/link.txt", "data/sources/../secret.txt", "secret.txt", "data/sources/missing.txt"):
        with pytest.raises(Invalid, match="is neither an http"):
            cited(outside)


def test_a_valid_status_figure_and_membership_pass(sources, vocab, reference):
    problems = site_problems(
        sources,
        vocab,
        reference,
        status="closed",
        status_since="2021",
        status_source=NEXTMOVE,
        jobs="3000",
        jobs_year="2021",
        jobs_source="https://example.org/article",
        vehicles_per_year="200000",
        vehicles_year="2019",
        vehicles_source=NEXTMOVE,
        member_of="nextmove",
        member_source="https://example.org/members",
    )
    assert problems == []


def test_descriptions_may_run_over_several_lines_and_hold_tabs(sources, vocab, reference):
    assert site_problems(sources, vocab, reference, description_en="First line.\n\tSecond line.") == []


def shared_point_problems(sources, vocab, reference, **changes) -> list[str]:
    """Problems of the whole sites file after changing the ESIGELEC's IRSEEM row (line 8)."""
    path = sources / "sites.csv"
    records = rows(path)
    irseem = next(record for record in records if record["id"] == "irseem")
    irseem.update(changes)
    write(path, records)
    sites, problems = read_sites(path, vocab, reference, ROOT)
    return [str(p) for p in problems + check_shared_points(sites, "sites.csv")]


def test_sites_at_one_address_must_say_so(sources, vocab, reference):
    problems = shared_point_problems(sources, vocab, reference, same_address_as="")
    assert problems == [
        "sites.csv: line 8: lat/lon: is the same point as line 7 (esigelec): give each place its own position, "
        "or name the site it shares an address with in same_address_as"
    ]


def test_same_address_must_name_another_site_at_that_point(sources, vocab, reference):
    assert shared_point_problems(sources, vocab, reference, same_address_as="nowhere")[0] == (
        "sites.csv: line 8: same_address_as: 'nowhere' is not another site's id"
    )
    assert shared_point_problems(sources, vocab, reference, same_address_as="irseem")[0] == (
        "sites.csv: line 8: same_address_as: 'irseem' is not another site's id"
    )
    moved = shared_point_problems(sources, vocab, reference, same_address_as="esigelec", lat="49.3829", lon="1.0776")
    assert moved == ["sites.csv: line 8: same_address_as: 'esigelec' is not at the same point"]


def test_a_third_site_at_a_shared_address_joins_the_group(sources, vocab, reference):
    path = sources / "sites.csv"
    records = rows(path)
    irseem = next(record for record in records if record["id"] == "irseem")
    records.append({**irseem, "id": "esigelec-lab", "name": "Another lab", "same_address_as": ""})
    write(path, records)
    sites, _ = read_sites(path, vocab, reference, ROOT)
    assert [str(p) for p in check_shared_points(sites, "sites.csv")] == [
        "sites.csv: line 16: lat/lon: is the same point as line 7 (esigelec): give each place its own position, "
        "or name the site it shares an address with in same_address_as"
    ]
    sites[-1]["same_address_as"] = "irseem"
    assert check_shared_points(sites, "sites.csv") == []


def test_too_many_sites_placed_only_in_their_commune(sources, vocab, reference):
    sites, _ = read_sites(sources / "sites.csv", vocab, reference, ROOT)
    for site in sites[4:7]:
        site["location_precision"] = "commune"
    assert [str(p) for p in check_quality(sites, [], "sites.csv")] == [
        "sites.csv: file: location_precision: 4 of 13 active sites are placed only in their commune; at most 15% may be"
    ]


def test_too_many_home_pages_as_sources(sources, vocab, reference):
    sites, _ = read_sites(sources / "sites.csv", vocab, reference, ROOT)
    sites[2]["source"] = "https://www.valeo.com/"
    assert [str(p) for p in check_quality(sites, [], "sites.csv")] == [
        "sites.csv: file: source: 1 of 14 records cite only a home page (e.g. line 4); at most 5% may"
    ]
    sites[2]["source"] = "https://www.valeo.com/fr/cergy/"
    assert check_quality(sites, [], "sites.csv") == []


def test_outside_declared_region_names_region(sources, vocab, reference):
    # A point in Rouen declared in Île-de-France with a matching-looking commune elsewhere.
    problems = site_problems(sources, vocab, reference, lat="49.44", lon="1.09")
    assert any("lies" in p and "outside region 11 (Île-de-France)" in p for p in problems), problems


def test_all_problems_are_reported_at_once(sources, vocab, reference):
    problems = site_problems(sources, vocab, reference, name="", category="x", jobs="-1")
    assert len(problems) == 3


def header_problems(sources, vocab, reference, drop=None, add=None) -> list[str]:
    """Problems after removing and/or adding a column in every row."""
    path = sources / "sites.csv"
    records = rows(path)
    for record in records:
        if drop:
            record.pop(drop)
        if add:
            record[add] = "red"
    write(path, records)
    return [str(p) for p in read_sites(path, vocab, reference, ROOT)[1]]


def test_missing_column_stops_the_file_even_beside_an_unknown_one(sources, vocab, reference):
    problems = header_problems(sources, vocab, reference, drop="cluster", add="colour")
    assert problems == ["sites.csv: line 1: cluster: column is missing"]


def test_unknown_column_is_reported(sources, vocab, reference):
    problems = header_problems(sources, vocab, reference, add="colour")
    assert problems == ["sites.csv: line 1: colour: column is not known"]


def test_row_with_too_many_values(sources, vocab, reference):
    path = sources / "sites.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(",".join(["x"] * 35) + "\n")
    problems = [str(p) for p in read_sites(path, vocab, reference, ROOT)[1]]
    assert any(p.startswith("sites.csv: line 16: -: has 35 values for 31 columns") for p in problems), problems


def test_file_that_is_not_utf8(sources, vocab, reference):
    path = sources / "sites.csv"
    path.write_bytes(path.read_bytes().replace("Étienne".encode(), "Étienne".encode("latin-1")))
    problems = [str(p) for p in read_sites(path, vocab, reference, ROOT)[1]]
    assert problems == ["sites.csv: line 7: -: is not UTF-8 text (byte 0xc9): save it as UTF-8"]


def test_duplicate_ids_across_files(sources, vocab, reference):
    sites, _ = read_sites(sources / "sites.csv", vocab, reference, ROOT)
    zones, _ = read_zones(sources / "zones.geojson", vocab, reference, ROOT)
    zones[0]["id"] = sites[3]["id"]  # utac-linas-montlhery
    problems = [str(p) for p in check_links(sites, zones, ("sites.csv", "zones.geojson"))]
    assert any("id: 'utac-linas-montlhery' is already used at sites.csv line 5" in p for p in problems), problems


def test_duplicate_ids_within_sites(sources, vocab, reference):
    sites, _ = read_sites(sources / "sites.csv", vocab, reference, ROOT)
    sites[1]["id"] = sites[0]["id"]
    problems = [str(p) for p in check_links(sites, [], ("sites.csv", "zones.geojson"))]
    assert problems == ["sites.csv: line 3: id: 'stellantis-poissy' is already used at sites.csv line 2"]


# ------------------------------------------------------------------ zones


def zone_problems(sources: Path, vocab, reference, mutate) -> list[str]:
    path = sources / "zones.geojson"
    document = json.loads(path.read_text(encoding="utf-8"))
    mutate(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    return [str(p) for p in read_zones(path, vocab, reference, ROOT)[1]]


def test_fixture_zones_are_valid(sources, vocab, reference):
    zones, problems = read_zones(sources / "zones.geojson", vocab, reference, ROOT)
    assert problems == []
    assert {z["category"] for z in zones} == {"av_zone", "test_track"}


def set_property(name, value):
    def mutate(document):
        document["features"][0]["properties"][name] = value

    return mutate


def set_coordinate(value):
    """Replace the longitude of the second position of the first zone's outline (the ring stays closed)."""

    def mutate(document):
        document["features"][0]["geometry"]["coordinates"][0][1][0] = value

    return mutate


def set_geometry(geometry):
    def mutate(document):
        document["features"][0]["geometry"] = geometry

    return mutate


BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[1.06, 49.38], [1.08, 49.39], [1.08, 49.38], [1.06, 49.39], [1.06, 49.38]]],
}
SQUARE = [[1.07, 49.38], ["1.08", 49.38], [1.08, 49.39], [1.07, 49.38]]
LYON = {"type": "Polygon", "coordinates": [[[4.83, 45.75], [4.85, 45.75], [4.85, 45.77], [4.83, 45.75]]]}


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            set_property("category", "lake"),
            "zones.geojson: feature 1 (rouen-normandie-autonomous-lab): category: 'lake'",
        ),
        (set_property("drivers", []), "drivers: needs at least one value"),
        (set_property("geometry_precision", "rough"), "geometry_precision: 'rough' is not one of"),
        (set_property("site_id", "nowhere"), "site_id: 'nowhere' is not a site id"),
        (set_property("status", "ended"), "status_since: is required when the status is ended"),
        (set_property("cluster", "vehicule_du_futur"), "'vehicule_du_futur' is not the territory of region 28"),
        (set_property("jobs", 12), "jobs_year: is required with jobs"),
        (
            set_geometry({"type": "Point", "coordinates": [1.07, 49.38]}),
            "geometry: must be a Polygon or MultiPolygon, not 'Point'",
        ),
        (set_geometry({"type": "Polygon", "coordinates": [[[1.07]]]}), "geometry: has malformed coordinates"),
        (set_geometry(BOW_TIE), "geometry: is not a valid polygon: Self-intersection"),
        (set_geometry(LYON), "lat/lon: lies"),
        (set_geometry(None), "geometry: must be a Polygon or MultiPolygon, not None"),
        (lambda d: d["features"][0].pop("properties"), "zones.geojson: feature 1: properties: is missing"),
        (
            set_coordinate("1.08126"),
            "zones.geojson: feature 1 (rouen-normandie-autonomous-lab): geometry: coordinate '1.08126'",
        ),
        (set_coordinate(float("nan")), "geometry: coordinate nan is not a finite number"),
        (set_coordinate(float("-inf")), "geometry: coordinate -inf is not a finite number"),
        (set_coordinate(None), "geometry: coordinate None is not a number"),
        (set_coordinate(True), "geometry: coordinate True is not a number"),
        (set_coordinate(10**400), "geometry: has malformed coordinates"),
        (
            set_geometry({"type": "MultiPolygon", "coordinates": [[SQUARE]]}),
            "geometry: coordinate '1.08' is not a number",
        ),
        (set_property("jobs", float("nan")), "jobs: nan is not a whole number"),
        (set_property("vehicles_per_year", float("inf")), "vehicles_per_year: inf is not a whole number"),
        (set_property("source", "dashboard/app.py"), "source: 'dashboard/app.py' is neither an http(s) address"),
        (set_property("name", "Rouen\x00Lab"), "name: holds the control character '\\x00' (U+0000)"),
        (set_property("description_fr", "Zone\x0bd'essais"), "description_fr: holds the control character '\\x0b'"),
        (set_property("commune_name", ["Rouen"]), "commune_name: must be text, not ['Rouen']"),
        (set_property("organisation", True), "organisation: must be text, not True"),
        (set_property("location_source", {"en": "x"}), "location_source: must be text, not {'en': 'x'}"),
    ],
)
def test_each_zone_rule_rejects_bad_input(sources, vocab, reference, mutate, expected):
    problems = zone_problems(sources, vocab, reference, mutate)
    if "site_id" in expected:
        sites, _ = read_sites(sources / "sites.csv", vocab, reference, ROOT)
        zones, _ = read_zones(sources / "zones.geojson", vocab, reference, ROOT)
        problems += [str(p) for p in check_links(sites, zones, ("sites.csv", "zones.geojson"))]
    assert any(expected in p for p in problems), problems


def test_zones_file_that_is_not_geojson(sources, vocab, reference):
    path = sources / "zones.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    problems = [str(p) for p in read_zones(path, vocab, reference, ROOT)[1]]
    assert problems == ["zones.geojson: line 1: -: is not valid JSON: Expecting value (column 44)"]
    path.write_text('{"type": "Feature"}', encoding="utf-8")
    problems = [str(p) for p in read_zones(path, vocab, reference, ROOT)[1]]
    assert problems == ["zones.geojson: file: type: is not a GeoJSON FeatureCollection"]


# ------------------------------------------------------------------ reading files


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"a: &x [1]\nb: *x\n", "line 2: -: is not valid YAML: an alias (*x) is not allowed: write the value out"),
        (BILLION_LAUGHS.encode(), "line 2: -: is not valid YAML: an alias (*a) is not allowed"),
        (b"a: &a {x: 1}\nb: {<<: *a, y: 2}\n", "line 2: -: is not valid YAML: an alias (*a) is not allowed"),
        ("a: 1\nb: Saint-Étienne\n".encode("latin-1"), "line 2: -: is not UTF-8 text (byte 0xc9): save it as UTF-8"),
        (b"a: 1\nb: [unclosed\n", "line 3: -: is not valid YAML: while parsing a flow sequence, expected ','"),
        (b"a: 1\nb: x\x00y\n", "line 2: -: holds the character U+0000, which YAML does not allow"),
        (b"a: 2019-02-30\n", "line 1: -: is not valid YAML: day is out of range for month"),
        (b"a: !!int many\n", "line 1: -: is not valid YAML: invalid literal for int()"),
        (b"a: !!python/object:os.system x\n", "line 1: -: is not valid YAML: could not determine a constructor"),
        (b"a: 1\n---\nb: 2\n", "line 2: -: is not valid YAML: expected a single document in the stream"),
        (b"[" * 5000, "file: -: is nested too deeply"),
    ],
)
def test_yaml_sources_are_read_safely_or_refused_with_the_line(tmp_path, content, expected):
    path = tmp_path / "source.yaml"
    path.write_bytes(content)
    with pytest.raises(Unreadable) as error:
        read_yaml(path)
    assert str(error.value.problem(path)).startswith(f"source.yaml: {expected}")


def test_a_yaml_source_may_start_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "source.yaml"
    path.write_bytes("\ufeffa: [1, 2]\n".encode())
    assert read_yaml(path) == {"a": [1, 2]}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"type":\n "Feature", "name": "Besançon"}'.encode("latin-1"), "line 2: -: is not UTF-8 text (byte 0xe7)"),
        (b'{"type": "FeatureCollection",\n "features": [}', "line 2: -: is not valid JSON: Expecting value"),
        (b"[" * 100_000, "file: -: is nested too deeply"),
    ],
)
def test_json_sources_are_refused_with_the_line(tmp_path, content, expected):
    path = tmp_path / "zones.geojson"
    path.write_bytes(content)
    with pytest.raises(Unreadable) as error:
        read_json(path)
    assert str(error.value.problem(path)).startswith(f"zones.geojson: {expected}")
