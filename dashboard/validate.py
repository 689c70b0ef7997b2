"""Validation of the human-editable sources: every problem names file, place, field and reason."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
import yaml
from shapely.geometry import Point, shape
from shapely.validation import explain_validity

from dashboard.i18n import LANGUAGES
from dashboard.reference import Reference, to_metres
from dashboard.vocab import Vocabularies

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
INSEE_COMMUNE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# Metropolitan France, with Corsica; coarse box checked before the region polygons.
FRANCE_BOX = (-5.5, 41.0, 10.0, 51.5)
# How far (metres) a point may lie outside its commune or region: simplified outlines and
# sites on a boundary, a quay or a shore.
COMMUNE_TOLERANCE_M = 500
REGION_TOLERANCE_M = 1_000
PRECISIONS = ("site", "commune")
GEOMETRY_PRECISIONS = ("surveyed", "approximate")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one record."""

    file: str
    where: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.field}: {self.reason}"


class Invalid(ValueError):
    """A field value that cannot be accepted; the message is the reason."""


# ---------------------------------------------------------------- field parsers


def text(value: Any) -> str:
    """A required, non-blank string."""
    value = "" if value is None else str(value).strip()
    if not value:
        raise Invalid("is required")
    return value


def optional_text(value: Any) -> str | None:
    """A string, or None when blank."""
    value = "" if value is None else str(value).strip()
    return value or None


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


def coordinate(value: Any) -> float:
    """A decimal degree."""
    raw = text(value)
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        raise Invalid(f"{value!r} is not a decimal number of degrees") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise Invalid(f"{value!r} is not a finite number")
    return number


def year(value: Any) -> int:
    """The year the record's facts refer to."""
    raw = text(value)
    try:
        number = int(raw)
    except ValueError:
        raise Invalid(f"{value!r} is not a year") from None
    if not 1900 <= number <= dt.date.today().year + 1:
        raise Invalid(f"{number} is not a plausible year")
    return number


def url(value: Any) -> str | None:
    """An optional http(s) address."""
    value = optional_text(value)
    if value is not None and not URL.match(value):
        raise Invalid(f"{value!r} is not an http(s) address")
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


def some_of(codes: Iterable[str]) -> Callable[[Any], list[str]]:
    """A parser accepting one or more codes, as a list or separated by '|'."""
    single = one_of(codes)

    def parse(value: Any) -> list[str]:
        items = value if isinstance(value, list) else [] if value is None else str(value).split("|")
        items = [str(item).strip() for item in items if str(item).strip()]
        if not items:
            raise Invalid("needs at least one value")
        parsed = [single(item) for item in items]
        if len(set(parsed)) != len(parsed):
            raise Invalid("lists a value twice")
        return parsed

    return parse


def source(root: Path) -> Callable[[Any], str]:
    """A parser accepting an http(s) address or a document path inside the project."""

    def parse(value: Any) -> str:
        value = text(value)
        if URL.match(value):
            return value
        path = (root / value).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            raise Invalid(f"{value!r} is neither an http(s) address nor a document in the project")
        return value

    return parse


def descriptive_fields(vocab: Vocabularies, root: Path) -> dict[str, Callable[[Any], Any]]:
    """The fields that sites and zones share, with their parsers."""
    return {
        "id": slug,
        "name": text,
        "organisation": text,
        "category": one_of(vocab.codes("categories")),
        "cluster": one_of(vocab.codes("clusters")),
        "drivers": some_of(vocab.codes("drivers")),
        "region_code": one_of(vocab.codes("regions")),
        "commune_code": text,
        "commune_name": text,
        "jobs": count,
        "vehicles_per_year": count,
        **{f"description_{lang}": text for lang in LANGUAGES},
        "website": url,
        "source": source(root),
        "as_of": year,
    }


def site_fields(vocab: Vocabularies, root: Path) -> dict[str, Callable[[Any], Any]]:
    """Columns of the sites file."""
    return {
        **descriptive_fields(vocab, root),
        "lat": coordinate,
        "lon": coordinate,
        "location_precision": one_of(PRECISIONS),
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
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        return [], [Problem(path.name, "file", "-", f"cannot be read: {error.strerror}")]
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [name for name in fields if name not in header]
            if missing:
                return [], [Problem(path.name, "line 1", name, "column is missing") for name in missing]
            unknown = [name for name in header if name not in fields]
            problems += [Problem(path.name, "line 1", name, "column is not known") for name in unknown]
            records = []
            for raw in reader:
                where = f"line {reader.line_num}"

                def report(field: str, reason: str, where: str = where) -> None:
                    problems.append(Problem(path.name, where, field, reason))

                if None in raw:
                    report("-", f"has {len(header) + len(raw[None])} values for {len(header)} columns")
                    continue
                record = parse_record(raw, fields, report)
                record["_where"] = where
                records.append(record)
                check_point(record, reference, report)
        except (UnicodeDecodeError, csv.Error) as error:
            problems.append(Problem(path.name, "file", "-", f"is not a readable UTF-8 CSV file: {error}"))
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
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        return [], [Problem(path.name, "file", "-", f"cannot be read: {error.strerror}")]
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return [], [Problem(path.name, "file", "-", f"is not valid JSON: {error}")]
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return [], [Problem(path.name, "file", "type", "is not a GeoJSON FeatureCollection")]
    features = document.get("features")
    if not isinstance(features, list):
        return [], [Problem(path.name, "file", "features", "is not a list")]
    problems: list[Problem] = []
    fields = zone_fields(vocab, root)
    records = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        label = properties.get("id") if isinstance(properties, dict) else None
        where = f"feature {number}" + (f" ({label})" if label else "")

        def report(field: str, reason: str, where: str = where) -> None:
            problems.append(Problem(path.name, where, field, reason))

        if not isinstance(properties, dict):
            report("properties", "is missing")
            continue
        record = parse_record(properties, fields, report)
        record["_where"] = where
        record["geometry"] = check_polygon(feature.get("geometry"), report)
        if record["geometry"] is not None:
            polygon_m = to_metres(record["geometry"])
            if check_region(record, reference, polygon_m, report):
                check_commune(record, reference, polygon_m, report)
        records.append(record)
    return records, problems


def check_polygon(geometry: Any, report: Callable[[str, str], None]):
    """A valid Polygon or MultiPolygon inside the France box, or None after a report."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        report("geometry", f"must be a Polygon or MultiPolygon, not {kind!r}")
        return None
    try:
        polygon = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as error:
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


def read_highlights(path: Path, place_ids: Iterable[str]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The attract loop: places to fly to, each with a caption in every language."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return [], [Problem(path.name, "file", "-", f"cannot be read: {error}")]
    if not isinstance(entries, list) or not entries:
        return [], [Problem(path.name, "file", "-", "must be a non-empty list of highlights")]
    fields = {
        "place": one_of(place_ids, "the id of a site or zone"),
        "seconds": seconds,
        **{lang: text for lang in LANGUAGES},
    }
    highlights, problems = [], []
    for number, entry in enumerate(entries, start=1):
        where = f"highlight {number}"

        def report(field: str, reason: str, where: str = where) -> None:
            problems.append(Problem(path.name, where, field, reason))

        if not isinstance(entry, dict):
            report("-", "must be a mapping of place, seconds and captions")
            continue
        for unknown in sorted(set(map(str, entry)) - set(fields)):
            report(unknown, "is not a known field")
        highlights.append(parse_record(entry, fields, report))
    return highlights, problems
