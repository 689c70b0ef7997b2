"""Languages of the atlas: gettext catalogs for the interface, Babel for number formats.

Interface messages live in `locales/<lang>/LC_MESSAGES/atlas.po`, one catalog a language, the
English source text being the message id. Code marks a message for extraction with `N_` where it
only names it (translated later, per visitor) and translates it with `Translator.gettext`.
Data (labels, descriptions, captions) carries its own translations in the data files.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_decimal
from babel.support import Translations

from dashboard.settings import ROOT

LANGUAGES = ("en", "fr", "de")
DEFAULT_LANGUAGE = "en"
# Each language's name in itself, for the language buttons.
NATIVE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch"}
# The flag on each language's button (a language is not a country, but visitors look for flags).
FLAGS = {"en": "gb", "fr": "fr", "de": "de"}
LOCALES = ROOT / "locales"
DOMAIN = "atlas"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def N_(message: str) -> str:  # the gettext convention extractors look for
    """Mark a message for extraction without translating it yet."""
    return message


def catalog_path(lang: str, folder: Path = LOCALES) -> Path:
    """Where the catalog of a language lives."""
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def language(value: object) -> str:
    """A supported language code from untrusted input, else the default."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def page_language(requested: object, browser: object) -> str:
    """The language a page is shown in: the one asked for in its address, else the browser's, else the default."""
    return requested if isinstance(requested, str) and requested in LANGUAGES else language(browser)


@dataclass(frozen=True)
class Translator:
    """The interface messages of every language, compiled once at start-up."""

    translations: dict[str, Translations]

    @classmethod
    def load(cls, folder: Path = LOCALES) -> Translator:
        """Compile each language's .po catalog in memory (no compiled files to keep in sync)."""
        compiled = {}
        for lang in LANGUAGES:
            buffer = io.BytesIO()
            write_mo(buffer, read_catalog(lang, folder))
            buffer.seek(0)
            compiled[lang] = Translations(buffer, domain=DOMAIN)
        return cls(compiled)

    def gettext(self, lang: str, message: str, **values: object) -> str:
        """A message in a language, with `{name}` placeholders filled in."""
        text = self.translations[language(lang)].gettext(message)
        return text.format(**values) if values else text


def number(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A figure with the language's thousands separator, or an en dash when unknown."""
    return "–" if value is None else format_decimal(round(value), locale=language(lang))


def headline_value(figure: dict, lang: str = DEFAULT_LANGUAGE) -> str:
    """A headline figure as quoted, e.g. ">8,000,000" (prefix kept, digits grouped for the language)."""
    return f"{figure.get('prefix') or ''}{number(figure['value'], lang)}"


# How code names messages, for extraction: function name → position of the message argument(s).
KEYWORDS = {"N_": None, "gettext": (2,), "translated": (3,)}
SOURCE_FOLDERS = ("dashboard", "layouts", "callbacks")


def extract(root: Path = ROOT) -> Catalog:
    """Every interface message the code uses, with where it is used (the template of the catalogs)."""
    template = Catalog(domain=DOMAIN)
    for folder in SOURCE_FOLDERS:
        for filename, line, message, _, _ in extract_from_dir(
            root / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            template.add(message, locations=[(f"{folder}/{filename}", line)])
    return template


def read_catalog(lang: str, folder: Path = LOCALES) -> Catalog:
    """A language's catalog as written by translators."""
    with catalog_path(lang, folder).open("rb") as po:
        return read_po(po, locale=lang, domain=DOMAIN)


def untranslated(catalog: Catalog, template: Catalog) -> list[str]:
    """What a catalog lacks for the code's messages: missing, empty, fuzzy or with other placeholders."""
    problems = []
    for expected in template:
        if not expected.id:
            continue
        found = catalog.get(expected.id)
        if found is None or not found.string or found.fuzzy:
            problems.append(f"{expected.id!r}: not translated")
        elif set(PLACEHOLDER.findall(found.string)) != set(PLACEHOLDER.findall(expected.id)):
            problems.append(f"{expected.id!r}: placeholders differ in {found.string!r}")
    return problems


def update_catalogs(folder: Path = LOCALES) -> dict[str, list[str]]:
    """Bring each language's catalog in line with the code; English translates itself.

    Returns:
        language → what its catalog still lacks (see `untranslated`).
    """
    expected = extract()
    missing = {}
    for lang in LANGUAGES:
        path = catalog_path(lang, folder)
        if path.exists():
            catalog = read_catalog(lang, folder)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="Mobility Valley Atlas", fuzzy=False)
        # A fresh template each time: update() shares its messages with the catalog it updates.
        catalog.update(extract(), update_header_comment=False)
        for message in catalog:
            if message.id and lang == DEFAULT_LANGUAGE and not message.string:
                message.string = message.id
        missing[lang] = untranslated(catalog, expected)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(po, catalog, ignore_obsolete=True, width=100)
    return missing


ATLAS_NAME = N_("Mobility Valley Atlas")


def page_title(t: Translator, lang: str, *parts: str) -> str:
    """A page's title: what it shows, most particular first, then the atlas's name."""
    return " · ".join((*parts, t.gettext(lang, ATLAS_NAME)))
