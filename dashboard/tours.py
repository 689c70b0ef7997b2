"""Guided tours: YAML files a promoter edits, validated step by step against the published atlas.

A tour file is read when a page or an export needs it, so an edit shows on the next reload. A
file with problems is listed with them and cannot be played; the other tours are not affected.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.geo import ZOOMS
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES
from dashboard.urlstate import PARAMETERS
from dashboard.validate import (
    SLUG,
    Invalid,
    Problem,
    Unreadable,
    coordinate,
    one_of,
    point_problems,
    prose,
    read_yaml,
    reporter,
    some_of,
)

# Every text of a tour is given in these languages at least (others fall back to English).
REQUIRED_LANGUAGES = ("en", "fr")
CHARTS = ("region", "category", "driver")
TOUR_FIELDS = ("title", "summary", "steps")
STEP_FIELDS = ("title", "text", "notes", "view", "filters", "highlight", "figures", "chart")


@dataclass(frozen=True)
class Known:
    """What a tour may name: the ids and codes of the published atlas."""

    places: frozenset[str]
    sites: frozenset[str]
    figures: frozenset[str]
    codes: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class TourFile:
    """One tour file: its tour when valid, else the problems that keep it from being played."""

    id: str
    path: Path
    tour: dict[str, Any] | None
    problems: tuple[Problem, ...]


def localized(texts: dict[str, str], lang: str) -> str:
    """A tour text in a language, else in English, else in the first language it has ("" for none)."""
    return texts.get(lang) or texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()), "")


# ---------------------------------------------------------------- field parsers


def by_language(value: Any, what: str, required: tuple[str, ...]) -> dict[str, str]:
    """A text given per language: only languages of the atlas, the `required` ones not blank."""
    if not isinstance(value, dict) or (not value and not required):
        languages = f"{', '.join(required)} at least" if required else ", ".join(LANGUAGES)
        raise Invalid(f"must give {what} per language ({languages})")
    unknown = sorted(set(map(str, value)) - set(LANGUAGES))
    if unknown:
        raise Invalid(f"{', '.join(unknown)} is not a language of the atlas ({', '.join(LANGUAGES)})")
    missing = [lang for lang in required if not str(value.get(lang) or "").strip()]
    if missing:
        raise Invalid(f"the {', '.join(missing)} text is missing")
    return {str(lang): prose(words) for lang, words in value.items()}


def translations(value: Any) -> dict[str, str]:
    """A text in several languages: English and French at least, only languages the atlas speaks."""
    return by_language(value, "the text", REQUIRED_LANGUAGES)


def notes(value: Any) -> dict[str, str]:
    """The presenter's notes of a step, in any of the atlas's languages (shown in the presenter view only)."""
    return by_language(value, "the notes", ())


def zoom(value: Any) -> int:
    """A map zoom level the atlas map can show."""
    low, high = ZOOMS
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(f"{value!r} is not a whole zoom level between {low} and {high}")
    return value


def view(known: Known) -> Callable[[Any], dict[str, Any]]:
    """Where the map goes: `center` [lat, lon] with `zoom`, or a `place` (site or zone) to fly to."""
    place = one_of(sorted(known.places), "the id of a site or zone")

    def parse(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Invalid("must be a mapping: center and zoom, or place (and an optional zoom)")
        unknown = sorted(set(map(str, value)) - {"center", "zoom", "place"})
        if unknown:
            raise Invalid(f"{', '.join(unknown)} is not a view field (center, zoom, place)")
        if ("center" in value) == ("place" in value):
            raise Invalid("give either a center (with a zoom) or a place")
        if "place" in value:
            parsed = {"place": place(value["place"])}
            return parsed | ({"zoom": zoom(value["zoom"])} if "zoom" in value else {})
        center = value["center"]
        if not isinstance(center, list) or len(center) != 2:
            raise Invalid(f"center {center!r} is not a [lat, lon] pair")
        lat, lon = (coordinate(part) for part in center)
        outside = point_problems(lat, lon)
        if outside:
            raise Invalid(f"center {outside}")
        if "zoom" not in value:
            raise Invalid("a center needs a zoom")
        return {"center": [lat, lon], "zoom": zoom(value["zoom"])}

    return parse


def filters(known: Known) -> Callable[[Any], dict[str, list[str]]]:
    """The step's selection, with the URL's parameter names: driver, region, category, cluster, status."""
    parsers = {name: some_of(known.codes[kind]) for name, (_, kind) in PARAMETERS.items()}

    def parse(value: Any) -> dict[str, list[str]]:
        if not isinstance(value, dict):
            raise Invalid(f"must be a mapping of {', '.join(parsers)} to codes")
        chosen = {}
        for name, codes in value.items():
            if name not in parsers:
                raise Invalid(f"{name!r} is not a filter ({', '.join(parsers)})")
            try:
                chosen[name] = parsers[name](codes)
            except Invalid as error:
                raise Invalid(f"{name}: {error}") from None
        return chosen

    return parse


def ids_of(codes: Iterable[str], described_as: str) -> Callable[[Any], list[str]]:
    """A list of known ids (one id alone is accepted too)."""
    single = one_of(sorted(codes), described_as)

    def parse(value: Any) -> list[str]:
        items = value if isinstance(value, list) else [value]
        parsed = [single(item) for item in items]
        if len(set(parsed)) != len(parsed):
            raise Invalid("lists an id twice")
        return parsed

    return parse


def optional(parse: Callable[[Any], Any], empty: Any) -> Callable[[Any], Any]:
    """A parser for a field a step may leave out."""
    return lambda value: empty if value is None else parse(value)


def step_fields(known: Known) -> dict[str, Callable[[Any], Any]]:
    """The fields of a step, with their parsers."""
    return {
        "title": translations,
        "text": translations,
        "notes": optional(notes, {}),
        "view": optional(view(known), None),
        "filters": optional(filters(known), {}),
        "highlight": optional(ids_of(known.sites, "the id of a site"), []),
        "figures": optional(ids_of(known.figures, "the id of a headline figure (figures.yaml)"), []),
        "chart": optional(one_of(CHARTS), None),
    }


# ---------------------------------------------------------------- files


def _mapping(
    raw: dict[str, Any], fields: dict[str, Callable[[Any], Any]], report: Callable[[str, str], None]
) -> dict[str, Any]:
    for unknown in sorted(set(map(str, raw)) - set(fields)):
        report(unknown, f"is not a known field ({', '.join(fields)})")
    parsed = {}
    for name, parse in fields.items():
        try:
            parsed[name] = parse(raw.get(name))
        except Invalid as error:
            report(name, str(error))
    return parsed


def read_tour(path: Path, known: Known) -> TourFile:
    """Read and check one tour file; every problem names the file, the step and the field."""
    problems: list[Problem] = []
    report_at = reporter(problems, path.name)

    def failed(field: str, reason: str) -> TourFile:
        return TourFile(path.stem, path, None, (*problems, Problem(path.name, "tour", field, reason)))

    if not SLUG.match(path.stem):
        report_at("file")("name", f"{path.stem!r} is not a slug (it becomes the tour's address)")
    try:
        raw = read_yaml(path)
    except Unreadable as error:
        return TourFile(path.stem, path, None, (*problems, error.problem(path)))
    if not isinstance(raw, dict):
        return failed("-", "must be a mapping of title, summary and steps")
    tour = _mapping(raw, {"title": translations, "summary": translations, "steps": lambda v: v}, report_at("tour"))
    steps = tour.get("steps")
    if not isinstance(steps, list) or not steps:
        return failed("steps", "must be a non-empty list of steps")
    fields = step_fields(known)
    tour["steps"] = []
    for number, step in enumerate(steps, start=1):
        report = report_at(f"step {number}")
        if not isinstance(step, dict):
            report("-", f"must be a mapping of {', '.join(STEP_FIELDS)}")
            continue
        tour["steps"].append(_mapping(step, fields, report))
    if problems:
        return TourFile(path.stem, path, None, tuple(problems))
    return TourFile(path.stem, path, {"id": path.stem, **tour}, ())


def read_tours(folder: Path, known: Known) -> list[TourFile]:
    """Every tour file of a folder, by file name; an unreadable folder has no tours."""
    return [read_tour(path, known) for path in sorted(folder.glob("*.yaml"))]


def find(folder: Path, tour_id: str, known: Known) -> TourFile | None:
    """The tour file with this id; None when there is none (ids come only from the folder listing)."""
    paths = {path.stem: path for path in folder.glob("*.yaml")}
    return read_tour(paths[tour_id], known) if tour_id in paths else None


def step_number(value: Any, steps: int) -> int:
    """A 1-based step from a URL, clamped into the tour; the first step when it is not a number."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return 1
    return min(max(number, 1), steps)


def version(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a tour file is edited, added or removed (answers drawn from tours follow it)."""
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.endswith(".yaml")]
        return tuple(sorted((entry.name, entry.stat().st_mtime_ns, entry.stat().st_size) for entry in entries))
    except OSError:
        return ()
