import pytest

from dashboard.validate import read_highlights

PLACES = ("stellantis-poissy", "rouen-normandie-autonomous-lab")
GOOD = "- place: stellantis-poissy\n  seconds: 5\n  en: A plant.\n  fr: Une usine.\n  de: Ein Werk.\n"


def problems_of(tmp_path, text):
    path = tmp_path / "highlights.yaml"
    path.write_text(text, encoding="utf-8")
    highlights, problems = read_highlights(path, PLACES)
    return highlights, [str(p) for p in problems]


def test_good_highlight_is_read(tmp_path):
    highlights, problems = problems_of(tmp_path, GOOD)
    assert problems == []
    assert highlights == [
        {"place": "stellantis-poissy", "seconds": 5, "en": "A plant.", "fr": "Une usine.", "de": "Ein Werk."}
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("stellantis-poissy", "atlantis"),
            "highlight 1: place: 'atlantis' is not the id of a site or zone",
        ),
        (GOOD.replace("place: stellantis-poissy\n  ", ""), "highlight 1: place: is required"),
        (GOOD.replace("seconds: 5", "seconds: 600"), "highlight 1: seconds: 600 is not between 3 and 60"),
        (GOOD.replace("seconds: 5", "seconds: soon"), "highlight 1: seconds: 'soon' is not a whole number"),
        (GOOD.replace("seconds: 5", "seconds: .inf"), "highlight 1: seconds: inf is not a whole number"),
        (GOOD.replace("seconds: 5", "seconds: .nan"), "highlight 1: seconds: nan is not a whole number"),
        (GOOD.replace("  de: Ein Werk.\n", ""), "highlight 1: de: is required"),
        (GOOD.replace("  fr: Une usine.\n", "  fr: ''\n"), "highlight 1: fr: is required"),
        (GOOD + "  colour: red\n", "highlight 1: colour: is not a known field"),
        (GOOD + "- just a place\n", "highlight 2: -: must be a mapping"),
        ("place: stellantis-poissy\n", "file: -: must be a list of highlights"),
        ("[]\n", "file: -: must be a non-empty list of highlights"),
        ("- place: [unclosed\n", "line 2: -: is not valid YAML"),
        (GOOD.replace("A plant.", '"A\\0 plant."'), "highlight 1: en: holds the control character '\\x00' (U+0000)"),
        (GOOD.replace("Ein Werk.", "[Ein Werk]"), "highlight 1: de: must be text, not ['Ein Werk']"),
        (GOOD.replace("Ein Werk.", "yes"), "highlight 1: de: must be text, not True"),
    ],
)
def test_each_highlight_rule_rejects_bad_input(tmp_path, text, expected):
    _, problems = problems_of(tmp_path, text)
    assert any(p.startswith(f"highlights.yaml: {expected}") for p in problems), problems


def test_a_caption_may_run_over_several_lines(tmp_path):
    highlights, problems = problems_of(tmp_path, GOOD.replace("A plant.", "|\n    A plant.\n    On the Seine."))
    assert problems == []
    assert highlights[0]["en"] == "A plant.\nOn the Seine."


def test_missing_highlights_file_is_reported(tmp_path):
    _, problems = read_highlights(tmp_path / "highlights.yaml", PLACES)
    assert [str(p).split(":")[:3] for p in problems] == [["highlights.yaml", " file", " -"]]
