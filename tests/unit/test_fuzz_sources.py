"""The build's parsers on corrupted sources (Hypothesis): problems naming the file, never an exception."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import tours, validate
from dashboard.settings import DATA, ROOT
from tests.conftest import FIXTURES

# Edits a hand or a tool could make to a file: characters and lines inserted, dropped or replaced,
# bytes that are not UTF-8, YAML and JSON punctuation.
PIECES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["\n", ",", ";", '"', "'", ":", "- ", "*a", "&a ", "{", "}", "[", "]", "\0", "\ufeff", "NaN"]),
    st.sampled_from([".inf", "-1e309", "1e30", "!!int x", "2019-02-30", "yes", "null", "~", "\t", "  "]),
)
EDITS = st.lists(
    st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.floats(0, 1), st.integers(0, 40), PIECES),
    min_size=1,
    max_size=4,
)
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def corrupt(data: bytes, edits, raw: bytes = b"") -> bytes:
    """The file's bytes with the edits applied (and raw bytes, not UTF-8, where given)."""
    for kind, where, length, piece in edits:
        at = int(where * len(data))
        piece_bytes = piece.encode("utf-8", "surrogatepass") if kind != "delete" else b""
        if kind == "insert":
            data = data[:at] + piece_bytes + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + length :]
        else:
            data = data[:at] + piece_bytes + data[at + length :]
    return data + raw


SITES = [row["id"] for row in csv.DictReader(io.StringIO((FIXTURES / "sites.csv").read_text(encoding="utf-8")))]
ZONES = [f["properties"]["id"] for f in json.loads((FIXTURES / "zones.geojson").read_text())["features"]]


@pytest.fixture(scope="module")
def known(vocab):
    return tours.Known(
        places=frozenset(SITES + ZONES),
        sites=frozenset(SITES),
        figures=frozenset(figure["id"] for figure in validate.read_figures(DATA / "figures.yaml", ROOT)[0]),
        codes={kind: tuple(vocab.codes(kind)) for kind in ("drivers", "regions", "categories", "clusters", "statuses")},
    )


PARSERS = {
    "sites.csv": lambda path, vocab, reference, known: validate.read_sites(path, vocab, reference, ROOT)[1],
    "zones.geojson": lambda path, vocab, reference, known: validate.read_zones(path, vocab, reference, ROOT)[1],
    "figures.yaml": lambda path, vocab, reference, known: validate.read_figures(path, ROOT)[1],
    "highlights.yaml": lambda path, vocab, reference, known: validate.read_highlights(path, SITES + ZONES)[1],
    "vocabularies.yaml": lambda path, vocab, reference, known: validate.read_vocabularies(path)[1],
    "pitch.yaml": lambda path, vocab, reference, known: list(tours.read_tour(path, known).problems),
}
ORIGINALS = {
    "sites.csv": FIXTURES / "sites.csv",
    "zones.geojson": FIXTURES / "zones.geojson",
    "figures.yaml": DATA / "figures.yaml",
    "highlights.yaml": FIXTURES / "highlights.yaml",
    "vocabularies.yaml": DATA / "vocabularies.yaml",
    "pitch.yaml": FIXTURES / "tours" / "pitch.yaml",
}


@pytest.mark.parametrize("name", PARSERS)
@FUZZ
@given(edits=EDITS, raw=st.sampled_from([b"", b"\xff", b"\xe9t\xe9"]))
def test_a_corrupted_source_gives_problems_naming_the_file(tmp_path: Path, vocab, reference, known, name, edits, raw):
    path = tmp_path / name
    original = ORIGINALS[name].read_bytes()
    path.write_bytes(corrupt(original, edits, raw))
    problems = PARSERS[name](path, vocab, reference, known)
    assert all(problem.file == name and problem.reason for problem in problems)
    if raw == b"\xff":
        assert problems, "bytes that are not UTF-8 are a problem"


def test_the_untouched_sources_have_no_problems(tmp_path: Path, vocab, reference, known):
    for name, parse in PARSERS.items():
        shutil.copy(ORIGINALS[name], tmp_path / name)
        assert parse(tmp_path / name, vocab, reference, known) == [], name
