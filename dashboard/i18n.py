"""Languages of the atlas: gettext catalogs for the interface, Babel for number formats.

Interface messages live in `locales/<lang>/LC_MESSAGES/atlas.po`, one catalog a language, the
English source text being the message id. Code marks a message for extraction with `N_` where it
only names it (translated later, per visitor) and translates it with `Translator.gettext`.
Data (labels, descriptions, captions) carries its own translations in the data files.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from dashboard.settings import ROOT

LANGUAGES = ("en", "fr", "de")
DEFAULT_LANGUAGE = "en"
# Each language's name in itself, for the language buttons.
NATIVE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch"}
LOCALES = ROOT / "locales"
DOMAIN = "atlas"


def N_(message: str) -> str:  # the gettext convention extractors look for
    """Mark a message for extraction without translating it yet."""
    return message


def catalog_path(lang: str, folder: Path = LOCALES) -> Path:
    """Where the catalog of a language lives."""
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def language(value: object) -> str:
    """A supported language code from untrusted input, else the default."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Translator:
    """The interface messages of every language, compiled once at start-up."""

    translations: dict[str, Translations]

    @classmethod
    def load(cls, folder: Path = LOCALES) -> Translator:
        """Compile each language's .po catalog in memory (no compiled files to keep in sync)."""
        compiled = {}
        for lang in LANGUAGES:
            with catalog_path(lang, folder).open("rb") as po:
                catalog = read_po(po, locale=lang, domain=DOMAIN)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            compiled[lang] = Translations(buffer, domain=DOMAIN)
        return cls(compiled)

    def gettext(self, lang: str, message: str, **values: object) -> str:
        """A message in a language, with `{name}` placeholders filled in."""
        text = self.translations[language(lang)].gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, lang: str, singular: str, plural: str, count: int, **values: object) -> str:
        """A message whose form depends on a count (`{count}` is filled in)."""
        text = self.translations[language(lang)].ngettext(singular, plural, count)
        return text.format(count=number(count, lang), **values)


def number(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A figure with the language's thousands separator, or an en dash when unknown."""
    return "–" if value is None else format_decimal(round(value), locale=language(lang))
