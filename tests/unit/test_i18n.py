import shutil

import pytest

from dashboard import i18n
from dashboard.i18n import LANGUAGES, Translator, extract, number, page_language, read_catalog, untranslated


@pytest.fixture(scope="module")
def template():
    return extract()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_interface_message_is_translated(template, lang):
    assert untranslated(read_catalog(lang), template) == []


def test_the_code_has_messages_to_translate(template):
    assert "Start over" in template
    assert "Scan to take this place with you" in template


def test_missing_empty_fuzzy_and_broken_translations_are_reported(template, tmp_path):
    shutil.copytree(i18n.LOCALES, tmp_path, dirs_exist_ok=True)
    catalog = read_catalog("de", tmp_path)
    del catalog["Start over"]
    catalog["Close"].string = ""
    catalog["Regions"].flags.add("fuzzy")
    catalog["QR code of a link to this view: {link}"].string = "QR-Code dieser Ansicht"
    assert sorted(untranslated(catalog, template)) == [
        "'Close': not translated",
        "'QR code of a link to this view: {link}': placeholders differ in 'QR-Code dieser Ansicht'",
        "'Regions': not translated",
        "'Start over': not translated",
    ]


def test_translator_fills_placeholders_and_falls_back_to_default_language():
    t = Translator.load()
    assert t.gettext("de", "Start over") == "Neu beginnen"
    assert t.gettext("fr", "QR code of a link to this view: {link}", link="x") == "Code QR d'un lien vers cette vue : x"
    assert t.gettext("xx", "Start over") == "Start over"


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "440,000"), ("fr", "440\u202f000"), ("de", "440.000"), ("xx", "440,000")]
)
def test_numbers_use_the_language_separators(lang, expected):
    assert number(440000, lang) == expected
    assert number(None, lang) == "–"


@pytest.mark.parametrize(
    ("requested", "browser", "expected"),
    [("fr", "de", "fr"), (None, "de", "de"), ("xx", "fr", "fr"), (["de"], None, "en"), (None, None, "en")],
)
def test_a_page_speaks_the_language_asked_for_else_the_browsers(requested, browser, expected):
    assert page_language(requested, browser) == expected
