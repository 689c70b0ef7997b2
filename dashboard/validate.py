"""Validation of the human-editable sources: every problem names file, place, field and reason."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import shapely
import yaml
from shapely.geometry import Point, shape
from shapely.validation import explain_validity

from dashboard.i18n import LANGUAGES
from dashboard.queries import DISTANCE_COLUMN, LABEL_COLUMNS
from dashboard.reference import Reference, to_metres
from dashboard.vocab import KINDS, TRANSLATED, Vocabularies

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
INSEE_COMMUNE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# Where the documents a source may name lie, in the project; the app serves them from there by name.
DOCUMENTS = "data/sources"
HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$", re.IGNORECASE)
# Metropolitan France, with Corsica; coarse box checked before the region polygons.
FRANCE_BOX = (-5.5, 41.0, 10.0, 51.5)
# How far (metres) a point may lie outside its commune or region: simplified outlines and
# sites on a boundary, a quay or a shore.
COMMUNE_TOLERANCE_M = 500
REGION_TOLERANCE_M = 1_000
GEOMETRY_PRECISIONS = ("surveyed", "approximate")
# How deep the numbers of a geometry's coordinates lie: in positions, in rings (in polygons).
COORDINATE_DEPTHS = {"Polygon": 3, "MultiPolygon": 4}
# Upper bounds that no single site reaches: a larger figure is a typing error.
MAX_JOBS = 50_000
MAX_VEHICLES = 2_000_000
# No headline figure comes near a trillion; far larger ones (10^30) overflow the exports' number formatting.
MAX_FIGURE = 10**12
# A place's name is its proper name; these words at its end describe it instead (the category does that).
GENERIC_ENDING = re.compile(
    r"\b(plants?|factory|factories|works|site|usine|werk|(?:r&d|technical) cent(?:re|er)s?|test tracks?"
    r"|headquarters|head office|(?:bus )?network|hydrogen station)$",
    re.IGNORECASE,
)
# Places that must be placed on the site itself (or estimated there), never only in their commune.
PLACED_CATEGORIES = ("plant", "technical_centre", "test_track", "headquarters")
# Quality floors of the whole file: the share of active sites placed on or near the site, and the
# share of records whose only source is an organisation's home page.
MIN_PLACED_SHARE = 0.85
MAX_HOME_PAGE_SHARE = 0.05
# A figure (jobs, vehicles) and the year and source it needs.
FIGURES = (("jobs", "jobs_year", "jobs_source"), ("vehicles_per_year", "vehicles_year", "vehicles_source"))
# The control characters prose may hold: it may run over several lines, and tabs do no harm there.
LINE_BREAKS = "\t\n"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one record."""

    file: str
    where: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.field}: {self.reason}"


def reporter(problems: list[Problem], file: str) -> Callable[[str], Callable[[str, str], None]]:
    """Where one file's problems go: `reporter(problems, name)(where)` reports (field, reason) at a place."""
    return lambda where: lambda field, reason: problems.append(Problem(file, where, field, reason))


class Invalid(ValueError):
    """A field value that cannot be accepted; the message is the reason."""


class Unreadable(Invalid):
    """A source file that cannot be read as a whole (its encoding, its syntax), with the line when known."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.line = line

    def problem(self, path: Path) -> Problem:
        """The problem of the file at path."""
        return Problem(path.name, f"line {self.line}" if self.line else "file", "-", str(self))


# ---------------------------------------------------------------- reading files


def read_text(path: Path) -> str:
    """The text of a source file, which must be UTF-8 (with or without the byte-order mark spreadsheets write)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Unreadable(f"cannot be read: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise Unreadable(f"is not UTF-8 text (byte {data[error.start]:#04x}): save it as UTF-8", line) from None


class _SourceLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases, whose faults all carry their place in the file.

    Aliases are refused outright: a few lines of aliases of aliases expand beyond any memory
    (the "billion laughs"), and the sources never need them.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            alias = self.peek_event()
            reason = f"an alias (*{alias.anchor}) is not allowed: write the value out"
            raise yaml.composer.ComposerError(None, None, reason, alias.start_mark)
        return super().compose_node(parent, index)

    def construct_object(self, node, deep=False):
        # Impossible dates (2019-02-30) and bad tagged values (!!int x) raise a bare ValueError.
        try:
            return super().construct_object(node, deep)
        except ValueError as error:
            raise yaml.constructor.ConstructorError(None, None, str(error), node.start_mark) from None


def read_yaml(path: Path) -> Any:
    """The document of a YAML source file, read safely (see _SourceLoader)."""
    source = read_text(path)
    try:
        return yaml.load(source, Loader=_SourceLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = ", ".join(part for part in (error.context, error.problem) if part)
        raise Unreadable(f"is not valid YAML: {reason}", mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as error:
        line = source.count("\n", 0, error.position) + 1
        raise Unreadable(f"holds the character U+{error.character:04X}, which YAML does not allow", line) from None
    except RecursionError:
        raise Unreadable("is nested too deeply") from None


def read_json(path: Path) -> Any:
    """The document of a JSON source file."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise Unreadable(f"is not valid JSON: {error.msg} (column {error.colno})", error.lineno) from None
    except RecursionError:
        raise Unreadable("is nested too deeply") from None


# ---------------------------------------------------------------- field parsers


def _text(value: Any, breaks: bool = False) -> str:
    """A scalar as stripped text, empty when None; line breaks and tabs only where breaks are allowed."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        # A YAML `yes` or date would come out as "True" or "2019-01-01": quoted, it stays as written.
        hint = "" if isinstance(value, list | dict) else " (put it in quotes if it is meant as text)"
        raise Invalid(f"must be text, not {value!r}{hint}")
    value = str(value).strip()
    # Control characters (NUL, escape…) are invisible, and break pages, downloads and exports.
    allowed = LINE_BREAKS if breaks else ""
    control = next((char for char in value if unicodedata.category(char) == "Cc" and char not in allowed), None)
    if control is not None:
        raise Invalid(f"holds the control character {control!r} (U+{ord(control):04X})")
    return value


def text(value: Any, breaks: bool = False) -> str:
    """A required, non-blank string, on one line unless breaks are allowed."""
    value = _text(value, breaks)
    if not value:
        raise Invalid("is required")
    return value


def prose(value: Any) -> str:
    """A required text that may run over several lines: a description, a caption."""
    return text(value, breaks=True)


def optional_text(value: Any) -> str | None:
    """A string on one line, or None when blank."""
    return _text(value) or None


def slug(value: Any) -> str:
    """A stable id: lower-case words joined by hyphens."""
    value = text(value)
    if not SLUG.match(value):
        raise Invalid(f"{value!r} is not a slug (lower-case letters, digits and single hyphens)")
    return value


def count(value: Any) -> int | None:
    """An optional non-negative whole number; empty means unknown."""
    if value is None or str(value).strip() == "":
        return None
    raw = str(value).strip().replace(" ", "").replace("_", "")
    try:
        number = int(raw)
    except ValueError:
        raise Invalid(f"{value!r} is not a whole number (leave it empty when unknown)") from None
    if number < 0:
        raise Invalid(f"{number} is negative")
    return number


def count_up_to(limit: int) -> Callable[[Any], int | None]:
    """An optional count that cannot exceed a plausible limit."""

    def parse(value: Any) -> int | None:
        number = count(value)
        if number is not None and number > limit:
            raise Invalid(f"{number} is more than {limit:,}: check the figure")
        return number

    return parse


def proper_name(value: Any) -> str:
    """A place's proper name ("Renault Flins"), not a description of it ("Renault Flins plant")."""
    value = text(value)
    generic = GENERIC_ENDING.search(value)
    if generic:
        raise Invalid(f"{value!r} ends with {generic.group(0)!r}: give the proper name, the category says what it is")
    return value


def finite(value: Any) -> float:
    """A number given as one (not as text or true/false); NaN and infinities break sums, formatting and maps."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"{value!r} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise Invalid(f"{value!r} is not a finite number")
    return value


def figure_value(value: Any) -> float:
    """A headline figure's number: finite, and within what a headline can mean (and the exports can format)."""
    if abs(finite(value)) > MAX_FIGURE:
        raise Invalid(f"is beyond ±{MAX_FIGURE:,}: check the figure")
    return value


def coordinate(value: Any) -> float:
    """A decimal degree."""
    raw = text(value)
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        raise Invalid(f"{value!r} is not a decimal number of degrees") from None
    return finite(number)


def year(value: Any) -> int:
    """A year the record's facts refer to."""
    raw = text(value)
    try:
        number = int(raw)
    except ValueError:
        raise Invalid(f"{value!r} is not a year") from None
    # The oldest sites of the regions (Peugeot's works, 1810s) opened before 1900.
    if not 1800 <= number <= dt.date.today().year + 1:
        raise Invalid(f"{number} is not a plausible year")
    return number


def optional(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The same parser, accepting an empty value as None."""

    def parse_optional(value: Any) -> Any:
        return None if optional_text(value) is None else parse(value)

    return parse_optional


def url(value: Any) -> str | None:
    """An optional http(s) address."""
    value = optional_text(value)
    if value is not None and not URL.match(value):
        raise Invalid(f"{value!r} is not an http(s) address")
    return value


def colour(value: Any) -> str:
    """A colour written #rrggbb, the one form the map, the charts and the exports all read."""
    value = text(value)
    if not HEX_COLOUR.match(value):
        raise Invalid(f"{value!r} is not a colour written #rrggbb")
    return value


def one_of(codes: Iterable[str], described_as: str | None = None) -> Callable[[Any], str]:
    """A parser accepting one code of a set; the error lists them, unless they are described (too many)."""
    allowed = tuple(codes)
    known = frozenset(allowed)
    expected = described_as or f"one of {', '.join(allowed)}"

    def parse(value: Any) -> str:
        value = text(value)
        if value not in known:
            raise Invalid(f"{value!r} is not {expected}")
        return value

    return parse


def some_of(codes: Iterable[str], required: bool = True) -> Callable[[Any], list[str]]:
    """A parser accepting one or more codes, as a list or separated by '|' (or none, when not required)."""
    single = one_of(codes)

    def parse(value: Any) -> list[str]:
        items = value if isinstance(value, list) else [] if value is None else str(value).split("|")
        items = [str(item).strip() for item in items if str(item).strip()]
        if not items and required:
            raise Invalid("needs at least one value")
        parsed = [single(item) for item in items]
        if len(set(parsed)) != len(parsed):
            raise Invalid("lists a value twice")
        return parsed

    return parse


def source(root: Path) -> Callable[[Any], str]:
    """A parser accepting an http(s) address or a document of data/sources/ (which the app serves by name)."""
    documents = (root / DOCUMENTS).resolve()

    def parse(value: Any) -> str:
        value = text(value)
        if URL.match(value):
            return value
        name = value.removeprefix(f"{DOCUMENTS}/")
        # Resolved, so that neither "..", nor a link, leads out of the folder.
        document = (documents / name).resolve()
        if name == value or "/" in name or document.parent != documents or not document.is_file():
            raise Invalid(f"{value!r} is neither an http(s) address nor a document in {DOCUMENTS}/")
        return value

    return parse


def descriptive_fields(vocab: Vocabularies, root: Path) -> dict[str, Callable[[Any], Any]]:
    """The fields that sites and zones share, with their parsers."""
    cited = source(root)
    return {
        "id": slug,
        "name": proper_name,
        "organisation": text,
        "category": one_of(vocab.codes("categories")),
        "cluster": one_of(vocab.codes("clusters")),
        "drivers": some_of(vocab.codes("drivers")),
        "region_code": one_of(vocab.codes("regions")),
        "commune_code": text,
        "commune_name": text,
        "location_source": text,
        "status": one_of(vocab.codes("statuses")),
        "status_since": optional(year),
        "status_source": optional(cited),
        "jobs": count_up_to(MAX_JOBS),
        "jobs_year": optional(year),
        "jobs_source": optional(cited),
        "vehicles_per_year": count_up_to(MAX_VEHICLES),
        "vehicles_year": optional(year),
        "vehicles_source": optional(cited),
        "member_of": some_of(vocab.codes("clusters"), required=False),
        "member_source": optional(cited),
        **{f"description_{lang}": prose for lang in LANGUAGES},
        "website": url,
        "source": cited,
        "as_of": year,
    }


def site_fields(vocab: Vocabularies, root: Path) -> dict[str, Callable[[Any], Any]]:
    """Columns of the sites file."""
    return {
        **descriptive_fields(vocab, root),
        "lat": coordinate,
        "lon": coordinate,
        "location_precision": one_of(vocab.codes("precisions")),
        "same_address_as": optional(slug),
    }


def zone_fields(vocab: Vocabularies, root: Path) -> dict[str, Callable[[Any], Any]]:
    """Properties of a zone feature; site_id links a footprint to its site."""
    return {
        **descriptive_fields(vocab, root),
        "geometry_precision": one_of(GEOMETRY_PRECISIONS),
        "site_id": lambda value: None if optional_text(value) is None else slug(value),
    }


def parse_record(
    raw: dict[str, Any], fields: dict[str, Callable[[Any], Any]], report: Callable[[str, str], None]
) -> dict[str, Any]:
    """Parse every field of one record, reporting each failure."""
    record: dict[str, Any] = {}
    for name, parse in fields.items():
        try:
            record[name] = parse(raw.get(name))
        except Invalid as error:
            report(name, str(error))
            record[name] = None
    return record


def _given(value: Any) -> bool:
    return value is not None and value != []


def check_together(record: dict[str, Any], vocab: Vocabularies, report: Callable[[str, str], None]) -> None:
    """Rules between fields: the cluster of the region, what a status, a figure or a membership needs."""
    region, cluster = record["region_code"], record["cluster"]
    territory = vocab.attribute("regions", region, "cluster") if region else ""
    if region and cluster and territory != cluster:
        report("cluster", f"{cluster!r} is not the territory of region {region}, which is {territory!r}")
    status = record["status"]
    if status and status != "active" and record["status_since"] is None:
        report("status_since", f"is required when the status is {status} (the year it became so)")
    if record["status_since"] is not None and record["status_source"] is None:
        report("status_source", "is required with status_since (the page that states it)")
    for figure, year_field, source_field in FIGURES:
        if record[figure] is not None:
            for needed in (year_field, source_field):
                if record[needed] is None:
                    report(needed, f"is required with {figure} (every figure has its year and its source)")
        else:
            for extra in (year_field, source_field):
                if record[extra] is not None:
                    report(extra, f"is given but {figure} is empty")
    if record["vehicles_per_year"] is not None and record["category"] not in (None, "plant"):
        report("vehicles_per_year", f"only plants produce vehicles, and this is a {record['category']}")
    if _given(record["member_of"]) != (record["member_source"] is not None):
        missing = "member_source" if _given(record["member_of"]) else "member_of"
        report(missing, "member_of and member_source go together (a membership and the page that states it)")


# ---------------------------------------------------------------- vocabularies


def _attribute(name: str) -> Callable[[Any], str | None]:
    """The parser of a vocabulary term's attribute: a colour, a website, a description (prose) or one line of text."""
    special = {"colour": colour, "website": url}
    return special.get(name) or (prose if name.startswith("description_") else text)


def read_vocabularies(path: Path) -> tuple[Vocabularies | None, list[Problem]]:
    """The vocabularies file: each kind maps codes to their texts in every language and other attributes."""
    try:
        document = read_yaml(path)
    except Unreadable as error:
        return None, [error.problem(path)]
    if not isinstance(document, dict):
        return None, [Problem(path.name, "file", "-", f"must be a mapping of the vocabularies {', '.join(KINDS)}")]
    missing = [kind for kind in KINDS if kind not in document]
    if missing:
        return None, [Problem(path.name, "file", "-", f"missing vocabularies {', '.join(missing)}")]
    problems: list[Problem] = []
    report_at = reporter(problems, path.name)
    terms: dict[str, dict[str, dict[str, str]]] = {}
    for kind in KINDS:
        if not isinstance(document[kind], dict) or not document[kind]:
            problems.append(Problem(path.name, kind, "-", "must map each code to its labels and attributes"))
            continue
        terms[kind] = {}
        for code, attributes in document[kind].items():
            try:
                code = text(code)
            except Invalid as error:
                problems.append(Problem(path.name, kind, repr(code), str(error)))
                continue
            report = report_at(f"{kind}.{code}")
            if not isinstance(attributes, dict):
                report("-", f"must be a mapping of its labels ({', '.join(LANGUAGES)}) and attributes")
                continue
            translated = [f"{prefix}{lang}" for prefix in TRANSLATED.get(kind, ("",)) for lang in LANGUAGES]
            fields = {name: _attribute(name) for name in dict.fromkeys([*translated, *map(str, attributes)])}
            terms[kind][code] = parse_record(attributes, fields, report)
    return (None if problems else Vocabularies(terms)), problems


# ---------------------------------------------------------------- geography


def check_commune(record: dict[str, Any], reference: Reference, geometry_m, report: Callable[[str, str], None]) -> None:
    """The commune exists, its name matches, it lies in the declared region and holds the geometry."""
    code = record["commune_code"]
    if code is None:
        return
    if not INSEE_COMMUNE.match(code):
        report("commune_code", f"{code!r} is not an INSEE commune code (five characters, e.g. 78297)")
        return
    commune = reference.communes.get(code)
    if commune is None:
        report("commune_code", f"{code} is not a commune of the atlas regions")
        return
    if record["commune_name"] is not None and record["commune_name"].casefold() != commune.name.casefold():
        report("commune_name", f"{record['commune_name']!r} does not match commune {code}, {commune.name!r}")
    if record["region_code"] is not None and commune.region_code != record["region_code"]:
        report("region_code", f"commune {code} ({commune.name}) is in region {commune.region_code}")
    if geometry_m is None:
        return
    distance = commune.shape.distance(geometry_m)
    if distance > COMMUNE_TOLERANCE_M:
        report("lat/lon", f"lies {distance / 1000:.1f} km outside commune {code} ({commune.name})")


def check_region(record: dict[str, Any], reference: Reference, geometry_m, report: Callable[[str, str], None]) -> bool:
    """The geometry lies in metropolitan France and in its declared region; False when abroad."""
    distance = reference.distance_to_france(geometry_m)
    if distance > REGION_TOLERANCE_M:
        report("lat/lon", f"is {distance / 1000:.1f} km from metropolitan France (at sea or abroad)")
        return False
    declared = record["region_code"]
    if declared is not None and declared in reference.regions:
        region_name, region = reference.regions[declared]
        gap = region.distance(geometry_m)
        if gap > REGION_TOLERANCE_M:
            report("lat/lon", f"lies {gap / 1000:.1f} km outside region {declared} ({region_name})")
    return True


def point_problems(lat: float, lon: float) -> str | None:
    """Why a lat/lon pair cannot be in metropolitan France, if it cannot."""
    west, south, east, north = FRANCE_BOX
    if west <= lon <= east and south <= lat <= north:
        return None
    hint = " (lat and lon look swapped)" if west <= lat <= east and south <= lon <= north else ""
    return f"({lat}, {lon}) is outside metropolitan France{hint}"


# ---------------------------------------------------------------- files


def read_sites(
    path: Path, vocab: Vocabularies, reference: Reference, root: Path
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Parse and check the sites CSV file."""
    problems: list[Problem] = []
    fields = site_fields(vocab, root)
    try:
        reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    except Unreadable as error:
        return [], [error.problem(path)]
    try:
        header = reader.fieldnames or []
        missing = [name for name in fields if name not in header]
        if missing:
            return [], [Problem(path.name, "line 1", name, "column is missing") for name in missing]
        # A download's label columns are derived from the codes: reading it back ignores them.
        unknown = [name for name in header if name not in fields and name not in (*LABEL_COLUMNS, DISTANCE_COLUMN)]
        problems += [Problem(path.name, "line 1", name, "column is not known") for name in unknown]
        records = []
        report_at = reporter(problems, path.name)
        for raw in reader:
            where = f"line {reader.line_num}"
            report = report_at(where)
            if None in raw:
                report("-", f"has {len(header) + len(raw[None])} values for {len(header)} columns")
                continue
            record = parse_record(raw, fields, report)
            record["_where"] = where
            records.append(record)
            check_together(record, vocab, report)
            check_point(record, reference, report)
            if record["category"] in PLACED_CATEGORIES and record["location_precision"] == "commune":
                report(
                    "location_precision",
                    f"a {record['category']} must be placed on its site ('site' or 'estimated'), not its commune",
                )
    except csv.Error as error:
        problems.append(Problem(path.name, f"line {reader.line_num}", "-", f"is not a readable CSV file: {error}"))
        return [], problems
    return records, problems


def check_point(record: dict[str, Any], reference: Reference, report: Callable[[str, str], None]) -> None:
    """Check a site's coordinates against France, its region and its commune."""
    lat, lon = record["lat"], record["lon"]
    if lat is None or lon is None:
        return
    reason = point_problems(lat, lon)
    if reason:
        report("lat/lon", reason)
        return
    point = to_metres(Point(lon, lat))
    if check_region(record, reference, point, report):
        check_commune(record, reference, point, report)


def read_zones(
    path: Path, vocab: Vocabularies, reference: Reference, root: Path
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Parse and check the zones GeoJSON file."""
    try:
        document = read_json(path)
    except Unreadable as error:
        return [], [error.problem(path)]
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return [], [Problem(path.name, "file", "type", "is not a GeoJSON FeatureCollection")]
    features = document.get("features")
    if not isinstance(features, list):
        return [], [Problem(path.name, "file", "features", "is not a list")]
    problems: list[Problem] = []
    report_at = reporter(problems, path.name)
    fields = zone_fields(vocab, root)
    records = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        label = properties.get("id") if isinstance(properties, dict) else None
        where = f"feature {number}" + (f" ({label})" if label else "")
        report = report_at(where)
        if not isinstance(properties, dict):
            report("properties", "is missing")
            continue
        record = parse_record(properties, fields, report)
        record["_where"] = where
        check_together(record, vocab, report)
        record["geometry"] = check_polygon(feature.get("geometry"), report)
        if record["geometry"] is not None:
            polygon_m = to_metres(record["geometry"])
            if check_region(record, reference, polygon_m, report):
                check_commune(record, reference, polygon_m, report)
        records.append(record)
    return records, problems


def _coordinates(nested: Any, depth: int) -> Iterator[Any]:
    """The values `depth` lists deep in GeoJSON coordinates, and whatever stands where a list should."""
    if depth == 0 or not isinstance(nested, list):
        yield nested
        return
    for item in nested:
        yield from _coordinates(item, depth - 1)


def check_polygon(geometry: Any, report: Callable[[str, str], None]):
    """A valid Polygon or MultiPolygon inside the France box, or None after a report."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        report("geometry", f"must be a Polygon or MultiPolygon, not {kind!r}")
        return None
    # Shapely would take "2.3" for 2.3, and NaN for a number.
    for value in _coordinates(geometry.get("coordinates"), COORDINATE_DEPTHS[geometry["type"]]):
        try:
            finite(value)
        except Invalid as error:
            report("geometry", f"coordinate {error}")
            return None
    try:
        polygon = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, OverflowError) as error:
        report("geometry", f"has malformed coordinates ({error})")
        return None
    if polygon.is_empty:
        report("geometry", "is empty")
        return None
    if not polygon.is_valid:
        report("geometry", f"is not a valid polygon: {explain_validity(polygon)}")
        return None
    west, south, east, north = polygon.bounds
    for lat, lon in ((south, west), (north, east)):
        reason = point_problems(lat, lon)
        if reason:
            report("geometry", reason)
            return None
    return shapely.normalize(polygon)


def check_links(sites: list[dict[str, Any]], zones: list[dict[str, Any]], names: tuple[str, str]) -> list[Problem]:
    """Ids are unique across both files and zone footprints point at existing sites."""
    problems = []
    seen: dict[str, str] = {}
    for file, records in zip(names, (sites, zones), strict=True):
        for record in records:
            key = record["id"]
            if key is None:
                continue
            if key in seen:
                problems.append(Problem(file, record["_where"], "id", f"{key!r} is already used at {seen[key]}"))
            else:
                seen[key] = f"{file} {record['_where']}"
    site_ids = {record["id"] for record in sites}
    for zone in zones:
        if zone.get("site_id") and zone["site_id"] not in site_ids:
            problems.append(Problem(names[1], zone["_where"], "site_id", f"{zone['site_id']!r} is not a site id"))
    return problems


def check_shared_points(sites: list[dict[str, Any]], file: str) -> list[Problem]:
    """Two sites share a point only when they say they share an address (same_address_as), so none hides another."""
    problems = []
    by_id = {site["id"]: site for site in sites if site["id"]}
    for site in sites:
        other = site.get("same_address_as")
        if other is None:
            continue
        target = by_id.get(other)
        if other == site["id"] or target is None:
            problems.append(Problem(file, site["_where"], "same_address_as", f"{other!r} is not another site's id"))
        elif (target["lat"], target["lon"]) != (site["lat"], site["lon"]):
            problems.append(Problem(file, site["_where"], "same_address_as", f"{other!r} is not at the same point"))
    # The sites of one point form one group through their same_address_as links, or some are unexplained.
    group_of: dict[str, str] = {}

    def group(key: str) -> str:
        while group_of.get(key, key) != key:
            key = group_of[key]
        return key

    for site in sites:
        if site.get("same_address_as") in by_id:
            group_of[group(site["id"])] = group(site["same_address_as"])
    first_at: dict[tuple[float, float], dict[str, Any]] = {}
    for site in sites:
        if site["lat"] is None or site["lon"] is None or site["id"] is None:
            continue
        first = first_at.setdefault((site["lat"], site["lon"]), site)
        if first is not site and group(first["id"]) != group(site["id"]):
            problems.append(
                Problem(
                    file,
                    site["_where"],
                    "lat/lon",
                    f"is the same point as {first['_where']} ({first['id']}): give each place its own position, "
                    "or name the site it shares an address with in same_address_as",
                )
            )
    return problems


def is_home_page(address: str) -> bool:
    """Whether a source is only a web site's home page (it states nothing about one place)."""
    return bool(URL.match(address)) and urlsplit(address).path.strip("/") == "" and not urlsplit(address).query


def check_quality(sites: list[dict[str, Any]], zones: list[dict[str, Any]], file: str) -> list[Problem]:
    """Floors the whole data set keeps: active sites placed on their site, sources better than home pages."""
    problems = []
    active = [site for site in sites if site["status"] == "active"]
    only_commune = [site for site in active if site["location_precision"] == "commune"]
    if active and len(only_commune) > (1 - MIN_PLACED_SHARE) * len(active):
        problems.append(
            Problem(
                file,
                "file",
                "location_precision",
                f"{len(only_commune)} of {len(active)} active sites are placed only in their commune; "
                f"at most {1 - MIN_PLACED_SHARE:.0%} may be",
            )
        )
    records = sites + zones
    home_pages = [record for record in records if record["source"] and is_home_page(record["source"])]
    if records and len(home_pages) > MAX_HOME_PAGE_SHARE * len(records):
        problems.append(
            Problem(
                file,
                "file",
                "source",
                f"{len(home_pages)} of {len(records)} records cite only a home page "
                f"(e.g. {home_pages[0]['_where']}); at most {MAX_HOME_PAGE_SHARE:.0%} may",
            )
        )
    return problems


# ---------------------------------------------------------------- the kiosk's highlights

HIGHLIGHT_SECONDS = (3, 60)
DEFAULT_HIGHLIGHT_SECONDS = 8


def seconds(value: Any) -> int:
    """How long a highlight stays on screen; the default when not given."""
    number = count(value)
    if number is None:
        return DEFAULT_HIGHLIGHT_SECONDS
    low, high = HIGHLIGHT_SECONDS
    if not low <= number <= high:
        raise Invalid(f"{number} is not between {low} and {high}")
    return number


def read_entries(
    path: Path, fields: dict[str, Callable[[Any], Any]], entry: str
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """A YAML file listing entries (figures, highlights): each a mapping of known fields, each field parsed."""
    try:
        entries = read_yaml(path)
    except Unreadable as error:
        return [], [error.problem(path)]
    if not isinstance(entries, list | None):
        return [], [Problem(path.name, "file", "-", f"must be a list of {entry}s")]
    records, problems = [], []
    report_at = reporter(problems, path.name)
    for number, raw in enumerate(entries or [], start=1):
        report = report_at(f"{entry} {number}")
        if not isinstance(raw, dict):
            report("-", f"must be a mapping of {', '.join(fields)}")
            continue
        for unknown in sorted(set(map(str, raw)) - set(fields)):
            report(unknown, "is not a known field")
        records.append(parse_record(raw, fields, report))
    return records, problems


def read_highlights(path: Path, place_ids: Iterable[str]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The attract loop: places to fly to, each with a caption in every language."""
    fields = {
        "place": one_of(place_ids, "the id of a site or zone"),
        "seconds": seconds,
        **{lang: prose for lang in LANGUAGES},
    }
    highlights, problems = read_entries(path, fields, "highlight")
    if not highlights and not problems:
        problems.append(Problem(path.name, "file", "-", "must be a non-empty list of highlights"))
    return highlights, problems


def read_figures(path: Path, root: Path) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Headline figures: each with an id, a number, labels, a source and the year of that source."""
    fields = {
        "id": text,
        "value": figure_value,
        "prefix": optional_text,
        **{lang: text for lang in LANGUAGES},
        "source": source(root),
        "year": year,
    }
    return read_entries(path, fields, "figure")
