import json
import subprocess
import sys

import duckdb
import pytest

from bench.bench_filter import synthetic
from dashboard import geo
from dashboard.build import ROW_GROUP_SIZE, BuildFailed, Sources, build, validate, write_database
from dashboard.settings import ROOT
from dashboard.vocab import KINDS
from tests.conftest import BILLION_LAUGHS


def test_build_publishes_tables(sources, tmp_path):
    target = tmp_path / "out" / "atlas.duckdb"
    build(sources, target)
    con = duckdb.connect(str(target), read_only=True)
    assert con.execute("SELECT count(*) FROM sites").fetchone() == (14,)
    assert con.execute(
        "SELECT status, status_since, jobs, jobs_year, member_of FROM sites WHERE id IN ('psa-aulnay', 'bench-lab') "
        "ORDER BY id"
    ).fetchall() == [("active", None, 250, 2021, []), ("closed", 2014, None, None, [])]
    assert con.execute("SELECT drivers FROM sites WHERE id = 'stellantis-poissy'").fetchone() == (
        ["industrial_excellence", "low_footprint"],
    )
    assert (
        con.execute("SELECT ST_AsText(geometry) FROM sites WHERE id = 'stellantis-poissy'")
        .fetchone()[0]
        .startswith("POINT (2.0297 48.9322")
    )
    assert con.execute("SELECT count(*), min(geometry IS NOT NULL) FROM zones").fetchone() == (2, True)
    assert con.execute("SELECT count(*) FROM vocabulary WHERE kind = 'drivers'").fetchone() == (4,)
    assert sorted(p.name for p in target.parent.iterdir()) == ["atlas.duckdb"]


def test_failed_build_leaves_published_database_intact(sources, tmp_path):
    target = tmp_path / "atlas.duckdb"
    build(sources, target)
    before = target.read_bytes()
    csv_path = sources / "sites.csv"
    csv_path.write_text(
        csv_path.read_text(encoding="utf-8").replace(",plant,nextmove", ",factory,nextmove", 1), encoding="utf-8"
    )
    with pytest.raises(BuildFailed) as failure:
        build(sources, target)
    assert [str(p) for p in failure.value.problems] == [
        "sites.csv: line 2: category: 'factory' is not one of plant, technical_centre, test_track, av_zone, "
        "research_training, operator, headquarters, cluster_hub, startup"
    ]
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas.duckdb", "data"]


def test_broken_vocabulary_file_is_reported(sources, tmp_path):
    (sources / "vocabularies.yaml").write_text("categories: {}\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(sources, tmp_path / "atlas.duckdb")
    assert "missing vocabularies drivers, clusters, regions" in str(failure.value.problems[0])


def test_untranslated_vocabulary_term_is_reported(sources, tmp_path):
    path = sources / "vocabularies.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    de: Werk\n", "").replace("    short_de: Neue Dienste\n", ""), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(sources, tmp_path / "atlas.duckdb")
    assert [str(p) for p in failure.value.problems] == [
        "vocabularies.yaml: categories.plant: de: is required",
        "vocabularies.yaml: drivers.new_services: short_de: is required",
    ]


PLANT = '  plant:\n    en: Plant\n    fr: Usine\n    de: Werk\n    colour: "#c0392b"\n    shape: square\n'


@pytest.mark.parametrize(
    ("plant", "expected"),
    [
        (PLANT.replace('"#c0392b"', "red"), "categories.plant: colour: 'red' is not a colour written #rrggbb"),
        (PLANT.replace('"#c0392b"', '"#c0392"'), "categories.plant: colour: '#c0392' is not a colour written #rrggbb"),
        (PLANT.replace('"#c0392b"', '"#c0392bff"'), "categories.plant: colour: '#c0392bff' is not a colour"),
        (PLANT.replace('"#c0392b"', '"#g0392b"'), "categories.plant: colour: '#g0392b' is not a colour"),
        (PLANT.replace('"#c0392b"', '"#c0392b; x"'), "categories.plant: colour: '#c0392b; x' is not a colour"),
        ("  plant:\n", "categories.plant: -: must be a mapping of its labels (en, fr, de) and attributes"),
        ("  plant: Plant\n", "categories.plant: -: must be a mapping of its labels"),
        (PLANT.replace("    en: Plant\n", ""), "categories.plant: en: is required"),
        (PLANT.replace("Usine", '"Us\\0ine"'), "categories.plant: fr: holds the control character '\\x00' (U+0000)"),
        (PLANT.replace("Werk", "[Werk]"), "categories.plant: de: must be text, not ['Werk']"),
        (PLANT.replace("square", '"squ\\nare"'), "categories.plant: shape: holds the control character '\\n'"),
        (PLANT.replace("  plant:", '  "pl\\aant":'), "categories: 'pl\\x07ant': holds the control character '\\x07'"),
        (PLANT.replace("  plant:", "  yes:"), "categories: True: must be text, not True"),
        (PLANT + "    website: ftp://example.org\n", "categories.plant: website: 'ftp://example.org' is not an http"),
    ],
)
def test_each_vocabulary_rule_rejects_bad_input(sources, tmp_path, plant, expected):
    path = sources / "vocabularies.yaml"
    text = path.read_text(encoding="utf-8")
    assert PLANT in text
    path.write_text(text.replace(PLANT, plant), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(sources, tmp_path / "atlas.duckdb")
    problems = [str(p) for p in failure.value.problems]
    assert f"vocabularies.yaml: {expected}" in "\n".join(problems), problems


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("vocabularies.yaml", "- plant\n", "file: -: must be a mapping of the vocabularies categories, drivers"),
        ("figures.yaml", "id: jobs\nvalue: 1\n", "file: -: must be a list of figures"),
        ("highlights.yaml", "place: stellantis-poissy\n", "file: -: must be a list of highlights"),
    ],
)
def test_a_yaml_source_of_the_wrong_shape_is_reported(sources, tmp_path, name, content, expected):
    (sources / name).write_text(content, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(sources, tmp_path / "atlas.duckdb")
    problems = [str(p) for p in failure.value.problems]
    assert any(p.startswith(f"{name}: {expected}") for p in problems), problems


def test_each_kind_of_vocabulary_must_map_codes_to_terms(sources, tmp_path):
    (sources / "vocabularies.yaml").write_text(
        "categories: [plant]\ndrivers: {}\nclusters: nextmove\nregions:\n"
        "statuses: {active: {en: Active, fr: Actif, de: Aktiv}}\nprecisions: {site: [en, fr, de]}\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildFailed) as failure:
        build(sources, tmp_path / "atlas.duckdb")
    assert [str(p) for p in failure.value.problems] == [
        *(f"vocabularies.yaml: {kind}: -: must map each code to its labels and attributes" for kind in KINDS[:4]),
        "vocabularies.yaml: precisions.site: -: must be a mapping of its labels (en, fr, de) and attributes",
    ]


NEXTMOVE = "data/sources/mobility-valley-nextmove.txt"
FIGURE = f"- id: x\n  value: 1\n  en: a\n  fr: b\n  de: c\n  source: {NEXTMOVE}\n  year: 2019\n"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("value: 1", "value: lots"), "figure 1: value: 'lots' is not a number"),
        (("value: 1", "value: '12'"), "figure 1: value: '12' is not a number"),
        (("value: 1", "value: true"), "figure 1: value: True is not a number"),
        (("  value: 1\n", ""), "figure 1: value: None is not a number"),
        (("value: 1", "value: .inf"), "figure 1: value: inf is not a finite number"),
        (("value: 1", "value: -.inf"), "figure 1: value: -inf is not a finite number"),
        (("value: 1", "value: .nan"), "figure 1: value: nan is not a finite number"),
        (("value: 1", f"value: {10**30}"), "figure 1: value: is beyond ±1,000,000,000,000: check the figure"),
        (("value: 1", "value: -1.0e+30"), "figure 1: value: is beyond ±1,000,000,000,000: check the figure"),
        (("  de: c\n", ""), "figure 1: de: is required"),
        (("  year: 2019\n", ""), "figure 1: year: is required"),
        (("year: 2019", "year: 1750"), "figure 1: year: 1750 is not a plausible year"),
        (("id: x", "id: [x]"), "figure 1: id: must be text, not ['x']"),
        (
            ("en: a", "en: 2019-01-01"),
            "figure 1: en: must be text, not datetime.date(2019, 1, 1) (put it in quotes if it is meant as text)",
        ),
        (("en: a", "en: {text: a}"), "figure 1: en: must be text, not {'text': 'a'}"),
        (("fr: b", 'fr: "b\\0"'), "figure 1: fr: holds the control character '\\x00' (U+0000)"),
        (("year: 2019", "year: 2019\n  colour: red"), "figure 1: colour: is not a known field"),
        (
            (NEXTMOVE, "dashboard/app.py"),
            "figure 1: source: 'dashboard/app.py' is neither an http(s) address nor a document in data/sources/",
        ),
        (("- id: x", "- x\n- id: x"), "figure 1: -: must be a mapping of id, value, prefix, en, fr, de, source, year"),
    ],
)
def test_bad_headline_figure_is_reported(sources, tmp_path, change, expected):
    (sources / "figures.yaml").write_text(FIGURE.replace(*change), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(sources, tmp_path / "atlas.duckdb")
    assert [str(p) for p in failure.value.problems] == [f"figures.yaml: {expected}"]


def test_headline_figures_are_published_as_given(sources, tmp_path):
    (sources / "figures.yaml").write_text(FIGURE + FIGURE.replace("id: x", "id: y\n  prefix: '>'"), encoding="utf-8")
    target = tmp_path / "atlas.duckdb"
    build(sources, target)
    con = duckdb.connect(str(target), read_only=True)
    assert con.execute("SELECT id, prefix, value, en, source, year FROM figures ORDER BY id").fetchall() == [
        ("x", "", 1, "a", NEXTMOVE, 2019),
        ("y", ">", 1, "a", NEXTMOVE, 2019),
    ]


@pytest.mark.parametrize("name", ["figures.yaml", "highlights.yaml", "vocabularies.yaml"])
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"- &first {id: x}\n- *first\n", "line 2: -: is not valid YAML: an alias (*first) is not allowed"),
        ("- id: x\n  en: Besançon\n".encode("latin-1"), "line 2: -: is not UTF-8 text (byte 0xe7)"),
        (b"- id: [x\n", "line 2: -: is not valid YAML: while parsing a flow sequence"),
        (b"- id: \x07\n", "line 1: -: holds the character U+0007"),
    ],
)
def test_every_yaml_source_of_the_build_is_read_safely(sources, tmp_path, name, content, expected):
    (sources / name).write_bytes(content)
    with pytest.raises(BuildFailed) as failure:
        build(sources, tmp_path / "atlas.duckdb")
    problems = [str(p) for p in failure.value.problems]
    assert any(p.startswith(f"{name}: {expected}") for p in problems), problems


def run_cli(sources, target):
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "build", "--data", str(sources), "--db", str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_cli_reports_problems_and_exits_non_zero(sources, tmp_path):
    zones = sources / "zones.geojson"
    zones.write_text(zones.read_text(encoding="utf-8").replace('"av_zone"', '"pond"'), encoding="utf-8")
    target = tmp_path / "atlas.duckdb"
    result = run_cli(sources, target)
    assert result.returncode == 1
    assert "zones.geojson: feature 1 (rouen-normandie-autonomous-lab): category: 'pond' is not one of" in result.stderr
    assert "nothing was published" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("figures.yaml", BILLION_LAUGHS.encode(), "line 2: -: is not valid YAML: an alias (*a) is not allowed"),
        ("figures.yaml", "- id: x\n  en: Besançon\n".encode("latin-1"), "line 2: -: is not UTF-8 text (byte 0xe7)"),
        ("vocabularies.yaml", b"- plant\n", "file: -: must be a mapping of the vocabularies"),
        ("zones.geojson", b'{"type": "FeatureCollection", "features": [{"type":', "line 1: -: is not valid JSON"),
        ("sites.csv", b"id,name\n\x00\xff\xfe", "line 2: -: is not UTF-8 text (byte 0xff)"),
    ],
)
def test_cli_refuses_a_corrupt_source_without_a_traceback_and_keeps_the_published_database(
    sources, tmp_path, name, content, expected
):
    target = tmp_path / "atlas.duckdb"
    build(sources, target)
    before = target.read_bytes()
    (sources / name).write_bytes(content)
    result = run_cli(sources, target)
    assert result.returncode == 1
    assert f"{name}: {expected}" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.rstrip().endswith("nothing was published")
    assert target.read_bytes() == before


def test_cli_build_succeeds(sources, tmp_path):
    target = tmp_path / "atlas.duckdb"
    result = run_cli(sources, target)
    assert result.returncode == 0, result.stderr
    assert "published" in result.stdout and "14 sites, 2 zones" in result.stdout
    assert "checking sites.csv" in result.stderr


def test_sites_are_stored_by_strips_of_the_map_so_that_a_view_reads_only_its_part(sources, tmp_path):
    count = 4 * ROW_GROUP_SIZE
    database = tmp_path / "many.duckdb"
    write_database(synthetic(validate(Sources(sources)), count), database)
    con = duckdb.connect(str(database), read_only=True)
    con.execute("PRAGMA enable_profiling = 'no_output'")
    rouen = geo.MapArea.around(49.44, 1.09, 12)
    box = [rouen.south, rouen.north, rouen.west, rouen.east]
    found = con.execute("SELECT count(*) FROM sites WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?", box).fetchall()
    assert found[0][0] > 0
    assert json.loads(con.get_profiling_information(format="json"))["cumulative_rows_scanned"] <= count // 2
