import subprocess
import sys

import duckdb
import pytest

from dashboard.build import BuildFailed, build
from dashboard.settings import ROOT


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
        "vocabularies.yaml: categories.plant: de: missing translation",
        "vocabularies.yaml: drivers.new_services: short_de: missing translation",
    ]


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        ("value: lots\n  en: a\n  fr: b\n  de: c\n  year: 2019", "figure 1: value: 'lots' is not a number"),
        ("value: 1\n  en: a\n  fr: b\n  year: 2019", "figure 1: de: is required"),
        ("value: 1\n  en: a\n  fr: b\n  de: c", "figure 1: year: is required"),
        ("value: 1\n  en: a\n  fr: b\n  de: c\n  year: 1750", "figure 1: year: 1750 is not a plausible year"),
    ],
)
def test_bad_headline_figure_is_reported(sources, tmp_path, figure, expected):
    (sources / "figures.yaml").write_text(f"- id: x\n  {figure}\n  source: s\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(sources, tmp_path / "atlas.duckdb")
    assert [str(p) for p in failure.value.problems] == [f"figures.yaml: {expected}"]


@pytest.mark.parametrize("name", ["figures.yaml", "highlights.yaml"])
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


def test_cli_build_succeeds(sources, tmp_path):
    target = tmp_path / "atlas.duckdb"
    result = run_cli(sources, target)
    assert result.returncode == 0, result.stderr
    assert "published" in result.stdout and "14 sites, 2 zones" in result.stdout
    assert "checking sites.csv" in result.stderr
