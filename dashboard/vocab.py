"""Controlled vocabularies (categories, drivers, clusters, regions, statuses, precisions) with their labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

KINDS = ("categories", "drivers", "clusters", "regions", "statuses", "precisions")
# Texts every term carries in every language: its label, plus a short label and a description for drivers.
TRANSLATED = {"drivers": ("", "short_", "description_")}


@dataclass(frozen=True)
class Vocabularies:
    """Each kind maps a code to its attributes (labels per language, colour, description…)."""

    terms: Mapping[str, Mapping[str, Mapping[str, str]]]

    def codes(self, kind: str) -> tuple[str, ...]:
        """The codes of one kind, in the order the vocabulary file gives them."""
        return tuple(self.terms[kind])

    def label(self, kind: str, code: str, lang: str = "en") -> str:
        """The label of a code in a language, falling back to English, then to the code."""
        term = self.terms[kind].get(code, {})
        return term.get(lang) or term.get("en") or code

    def attribute(self, kind: str, code: str, name: str, default: str = "") -> str:
        """Any other attribute of a term (colour, shape, description_en…)."""
        return self.terms[kind].get(code, {}).get(name, default)
