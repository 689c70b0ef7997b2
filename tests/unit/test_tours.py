"""Tour files: each validation rule has a failing case naming the file, the step and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import tours
from dashboard.i18n import LANGUAGES
from dashboard.settings import DATA
from tests.conftest import FIXTURES

SITES = frozenset({"stellantis-poissy", "renault-sandouville", "renault-technocentre"})
KNOWN = tours.Known(
    places=SITES | {"rouen-normandie-autonomous-lab"},
    sites=SITES,
    figures=frozenset({"automotive_jobs", "vehicles_produced", "daily_trips"}),
    codes={
        "drivers": ("low_footprint", "safe_connected_autonomous"),
        "regions": ("11", "28"),
        "categories": ("plant", "test_track"),
        "clusters": ("nextmove",),
        "statuses": ("active", "planned", "closed", "ended"),
    },
)
HEAD = "title: {en: T, fr: T}\nsummary: {en: S, fr: S}\n"
STEP = "  - title: {en: A, fr: A}\n    text: {en: B, fr: B}\n"


def read(tmp_path: Path, text: str | bytes, name: str = "tour.yaml") -> tours.TourFile:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return tours.read_tour(path, KNOWN)


def test_a_valid_tour_is_read_with_defaults_for_what_a_step_leaves_out(tmp_path):
    found = read(
        tmp_path, HEAD + "steps:\n" + STEP + "    filters: {region: '28', category: [plant]}\n    chart: driver\n"
    )
    assert found.problems == ()
    (step,) = found.tour["steps"]
    assert found.tour["id"] == "tour"
    assert step["filters"] == {"region": ["28"], "category": ["plant"]}
    assert (step["view"], step["highlight"], step["figures"], step["chart"]) == (None, [], [], "driver")


@pytest.mark.parametrize(
    ("text", "where", "field", "reason"),
    [
        ("title: [unclosed", "line 1", "-", "is not valid YAML"),
        (HEAD + "steps:\n  - &s {title: {en: A, fr: A}}\n  - *s\n", "line 5", "-", "alias (*s) is not allowed"),
        ("title: {en: Besançon, fr: Besançon}\n".encode("latin-1"), "line 1", "-", "is not UTF-8 text"),
        ("- a list\n- of things\n", "tour", "-", "must be a mapping"),
        (HEAD + "subtitle: x\nsteps:\n" + STEP, "tour", "subtitle", "is not a known field"),
        ("title: {en: T}\nsummary: {en: S, fr: S}\nsteps:\n" + STEP, "tour", "title", "the fr text is missing"),
        (
            "title: {en: T, fr: T, es: T}\nsummary: {en: S, fr: S}\nsteps:\n" + STEP,
            "tour",
            "title",
            "es is not a language",
        ),
        ("title: Hello\nsummary: {en: S, fr: S}\nsteps:\n" + STEP, "tour", "title", "must give the text per language"),
        ("title: {en: T, fr: ' '}\nsummary: {en: S, fr: S}\nsteps:\n" + STEP, "tour", "title", "fr text is missing"),
        (HEAD + "steps: []\n", "tour", "steps", "non-empty list"),
        ('title: {en: "T\\e", fr: T}\nsummary: {en: S, fr: S}\nsteps:\n' + STEP, "tour", "title", "'\\x1b' (U+001B)"),
        (HEAD + "steps:\n  - title: {en: A, fr: A}\n    text: {en: [B], fr: B}\n", "step 1", "text", "must be text"),
        (HEAD, "tour", "steps", "non-empty list"),
        (HEAD + "steps:\n  - just a sentence\n", "step 1", "-", "must be a mapping"),
        (HEAD + "steps:\n" + STEP + "    zoom: 9\n", "step 1", "zoom", "is not a known field"),
        (HEAD + "steps:\n  - title: {en: A, fr: A}\n    text: {fr: B}\n", "step 1", "text", "the en text is missing"),
        (HEAD + "steps:\n" + STEP + "    view: Paris\n", "step 1", "view", "must be a mapping"),
        (HEAD + "steps:\n" + STEP + "    view: {center: [49, 2], zoom: 8, bearing: 3}\n", "step 1", "view", "bearing"),
        (
            HEAD + "steps:\n" + STEP + "    view: {center: [49, 2], place: stellantis-poissy}\n",
            "step 1",
            "view",
            "either",
        ),
        (HEAD + "steps:\n" + STEP + "    view: {center: [49], zoom: 8}\n", "step 1", "view", "[lat, lon] pair"),
        (HEAD + "steps:\n" + STEP + "    view: {center: [49, north], zoom: 8}\n", "step 1", "view", "not a decimal"),
        (HEAD + "steps:\n" + STEP + "    view: {center: [2.3, 48.8], zoom: 8}\n", "step 1", "view", "swapped"),
        (HEAD + "steps:\n" + STEP + "    view: {center: [49, 2]}\n", "step 1", "view", "needs a zoom"),
        (
            HEAD + "steps:\n" + STEP + "    view: {center: [.nan, 2], zoom: 8}\n",
            "step 1",
            "view",
            "nan is not a finite number",
        ),
        (
            HEAD + "steps:\n" + STEP + "    view: {center: [49, .inf], zoom: 8}\n",
            "step 1",
            "view",
            "inf is not a finite",
        ),
        (
            HEAD + "steps:\n" + STEP + "    view: {center: [49, 2], zoom: .inf}\n",
            "step 1",
            "view",
            "not a whole zoom level",
        ),
        (HEAD + "steps:\n" + STEP + "    view: {center: [49, 2], zoom: 25}\n", "step 1", "view", "between 5 and 16"),
        (HEAD + "steps:\n" + STEP + "    view: {center: [49, 2], zoom: 8.5}\n", "step 1", "view", "whole zoom level"),
        (HEAD + "steps:\n" + STEP + "    view: {place: atlantis}\n", "step 1", "view", "not the id of a site or zone"),
        (HEAD + "steps:\n" + STEP + "    filters: plants\n", "step 1", "filters", "must be a mapping"),
        (HEAD + "steps:\n" + STEP + "    filters: {colour: red}\n", "step 1", "filters", "'colour' is not a filter"),
        (HEAD + "steps:\n" + STEP + "    filters: {region: '99'}\n", "step 1", "filters", "region: '99' is not one of"),
        (HEAD + "steps:\n" + STEP + "    highlight: [atlantis]\n", "step 1", "highlight", "not the id of a site"),
        (
            HEAD + "steps:\n" + STEP + "    highlight: [rouen-normandie-autonomous-lab]\n",
            "step 1",
            "highlight",
            "not the id of a site",
        ),
        (
            HEAD + "steps:\n" + STEP + "    highlight: [stellantis-poissy, stellantis-poissy]\n",
            "step 1",
            "highlight",
            "twice",
        ),
        (HEAD + "steps:\n" + STEP + "    figures: [jobs]\n", "step 1", "figures", "not the id of a headline figure"),
        (HEAD + "steps:\n" + STEP + "    chart: pie\n", "step 1", "chart", "'pie' is not one of region"),
        (HEAD + "steps:\n" + STEP + "    notes: Say hello\n", "step 1", "notes", "must give the notes per language"),
        (HEAD + "steps:\n" + STEP + "    notes: {es: Hola}\n", "step 1", "notes", "es is not a language of the atlas"),
        (HEAD + "steps:\n" + STEP + "    notes: {en: [a]}\n", "step 1", "notes", "must be text"),
        (HEAD + "steps:\n" + STEP + '    notes: {en: "a\\0"}\n', "step 1", "notes", "control character"),
        (HEAD + "steps:\n" + STEP + STEP + "    chart: pie\n", "step 2", "chart", "is not one of"),
    ],
)
def test_each_rule_names_file_step_field_and_reason(tmp_path, text, where, field, reason):
    found = read(tmp_path, text)
    assert found.tour is None
    assert any(
        (p.file, p.where, p.field) == ("tour.yaml", where, field) and reason in p.reason for p in found.problems
    ), [str(p) for p in found.problems]


def test_the_file_name_becomes_the_address_so_it_must_be_a_slug(tmp_path):
    found = read(tmp_path, HEAD + "steps:\n" + STEP, name="My Tour.yaml")
    assert [(p.where, p.field) for p in found.problems] == [("file", "name")]


def test_every_problem_of_a_file_is_reported_at_once():
    found = tours.read_tour(FIXTURES / "tours" / "broken.yaml", KNOWN)
    assert [str(p) for p in found.problems] == [
        "broken.yaml: step 1: view: 25 is not a whole zoom level between 5 and 16",
        "broken.yaml: step 2: highlight: 'atlantis-plant' is not the id of a site",
    ]


def test_a_broken_file_leaves_the_other_tours_playable(tmp_path):
    (tmp_path / "good.yaml").write_text(HEAD + "steps:\n" + STEP, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("title: [", encoding="utf-8")
    found = {tour_file.id: tour_file for tour_file in tours.read_tours(tmp_path, KNOWN)}
    assert found["good"].tour is not None and found["good"].problems == ()
    assert found["bad"].tour is None and found["bad"].problems


def test_find_knows_only_the_files_of_the_folder(tmp_path):
    (tmp_path / "good.yaml").write_text(HEAD + "steps:\n" + STEP, encoding="utf-8")
    assert tours.find(tmp_path, "good", KNOWN).tour is not None
    assert tours.find(tmp_path, "../good", KNOWN) is None
    assert tours.find(tmp_path, "missing", KNOWN) is None


@pytest.mark.parametrize(
    ("value", "expected"), [("2", 2), (" 3 ", 3), ("0", 1), ("-4", 1), ("99", 5), ("two", 1), (None, 1)]
)
def test_a_step_from_a_url_is_clamped_into_the_tour(value, expected):
    assert tours.step_number(value, 5) == expected


def test_texts_fall_back_to_english():
    assert tours.localized({"en": "Hello", "fr": "Bonjour"}, "de") == "Hello"
    assert tours.localized({"en": "Hello", "fr": "Bonjour"}, "fr") == "Bonjour"
    # Notes may be written in the presenter's language only.
    assert tours.localized({"fr": "Saluer"}, "de") == "Saluer"
    assert tours.localized({}, "de") == ""


def test_notes_are_optional_and_in_any_language_of_the_atlas(tmp_path):
    found = read(tmp_path, HEAD + "steps:\n" + STEP + "    notes: {fr: Saluer la salle.}\n" + STEP)
    assert found.problems == ()
    assert [step["notes"] for step in found.tour["steps"]] == [{"fr": "Saluer la salle."}, {}]


def test_the_bundled_tours_are_valid_against_the_bundled_atlas():
    from dashboard import model, queries
    from dashboard.db import Database
    from dashboard.vocab import Vocabularies

    cursor = Database(DATA / "atlas.duckdb").cursor()
    known = model.tour_known(cursor, Vocabularies(queries.vocabulary(cursor)))
    found = {tour_file.id: tour_file for tour_file in tours.read_tours(DATA / "tours", known)}
    assert {tour_id: [str(p) for p in tour_file.problems] for tour_id, tour_file in found.items()} == {
        "mobility-valley": [],
        "vehicle-of-the-future": [],
    }
    assert len(found["mobility-valley"].tour["steps"]) == 10
    figures = {code for step in found["mobility-valley"].tour["steps"] for code in step["figures"]}
    assert {"automotive_jobs", "vehicles_produced", "daily_trips"} <= figures
    assert "vdf_members" in found["vehicle-of-the-future"].tour["steps"][0]["figures"]
    # Delegations hear the tours in every language of the atlas, German included.
    for tour_file in found.values():
        texts = [tour_file.tour["title"], tour_file.tour["summary"]]
        texts += [step[field] for step in tour_file.tour["steps"] for field in ("title", "text")]
        assert all(set(text) == set(LANGUAGES) for text in texts), tour_file.id
