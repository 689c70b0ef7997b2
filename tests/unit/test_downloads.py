"""Downloads: codes and labels, numbers kept as numbers, and a CSV that reads back as a sources file."""

import csv
import io

import duckdb
import pytest

from dashboard import downloads, queries
from dashboard.queries import Selection
from dashboard.settings import ROOT
from dashboard.validate import read_sites
from dashboard.vocab import Vocabularies


@pytest.fixture
def sites(fixture_db):
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield queries.sites(connection, Selection(statuses=()))
    connection.close()


def parsed(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_numbers_stay_numbers_and_only_text_is_defused(vocab):
    site = {column: None for column in queries.EXPORT_COLUMNS}
    site.update(
        id="x",
        name="-minus sign",
        organisation="@team",
        category="plant",
        cluster="nextmove",
        drivers=["low_footprint"],
        region_code="28",
        status="active",
        lat=49.47,
        lon=-0.35912,
        jobs=-1,
    )
    (row,) = parsed(downloads.to_csv(downloads.labelled([site], vocab, "en")))
    assert (row["lon"], row["jobs"]) == ("-0.35912", "-1")
    assert (row["name"], row["organisation"]) == ("'-minus sign", "'@team")


def test_a_csv_download_reads_back_through_the_build_unchanged(sites, vocab, reference, tmp_path):
    # One site moved west of Greenwich: a negative longitude is a number, never defused as text.
    caen = {"commune_code": "14118", "commune_name": "Caen", "lat": 49.18165, "lon": -0.35912}
    sites = [{**site, **caen} if site["id"] == "renault-sandouville" else site for site in sites]
    text = downloads.to_csv(downloads.labelled(sites, vocab, "fr"))
    assert ",49.18165,-0.35912," in text
    path = tmp_path / "sites.csv"
    path.write_text(text, encoding="utf-8")
    records, problems = read_sites(path, vocab, reference, ROOT)
    assert [str(p) for p in problems] == []
    assert len(records) == len(sites) == 14
    by_id = {record["id"]: record for record in records}
    read_back = [{column: by_id[site["id"]][column] for column in queries.EXPORT_COLUMNS} for site in sites]
    # Every value comes back as it was, but text a spreadsheet would run as a formula keeps its defusing quote.
    bench_lab = next(site for site in sites if site["id"] == "bench-lab")
    assert bench_lab["organisation"].startswith("=")
    assert read_back == [
        {**site, "organisation": "'" + site["organisation"]} if site is bench_lab else site for site in sites
    ]


def test_label_columns_follow_the_codes_in_the_language(vocab: Vocabularies):
    site = {"category": "test_track", "cluster": "vehicule_du_futur", "region_code": "44", "status": "closed"}
    (row,) = downloads.labelled([{**site, "drivers": ["new_services", "low_footprint"]}], vocab, "de")
    assert row["category_label"] == "Teststrecke"
    assert row["drivers_label"] == "Neue Dienste und Mobilitätslösungen|Mobilität mit geringem ökologischem Fußabdruck"
    assert (row["region_label"], row["status_label"]) == ("Grand Est", "Geschlossen")


def test_a_download_around_a_centre_has_the_distance_and_still_reads_back(fixture_db, vocab, reference, tmp_path):
    connection = duckdb.connect(str(fixture_db), read_only=True)
    around = queries.sites(connection, Selection(near="renault-sandouville", radius=200))
    connection.close()
    text = downloads.to_csv(downloads.labelled(around, vocab, "en"))
    rows = parsed(text)
    assert list(rows[0])[-1] == "distance_km"
    assert rows[0]["id"] == "renault-sandouville"
    assert [float(row["distance_km"]) for row in rows] == sorted(float(row["distance_km"]) for row in rows)
    path = tmp_path / "sites.csv"
    path.write_text(text, encoding="utf-8")
    records, problems = read_sites(path, vocab, reference, ROOT)
    assert [str(p) for p in problems] == [] and len(records) == len(rows)


def test_without_a_centre_there_is_no_distance_column(sites, vocab):
    assert "distance_km" not in parsed(downloads.to_csv(downloads.labelled(sites, vocab, "en")))[0]
