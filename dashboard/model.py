"""What the explore page shows for a selection, computed from the database in one place."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import duckdb

from dashboard import geo, queries, share, tours, urlstate
from dashboard.i18n import Translator, number
from dashboard.ids import KPI_IDS
from dashboard.queries import Figures, Selection, Share
from dashboard.vocab import Vocabularies


@dataclass(frozen=True)
class ExploreView:
    """Everything the explore page's outputs need for one selection.

    The map's sites come by area (map_layer), the table's rows by page (/api/table.json).
    """

    zones_layer: dict[str, Any]
    figures: Figures
    viewport: dict[str, Any] | None
    query: str
    # The selection answered (an unknown centre dropped).
    selection: Selection = field(default_factory=Selection)
    # "Near a place": the centre (None without one) and the circle around it.
    centre: queries.Centre | None = None
    near_layer: dict[str, Any] = field(default_factory=lambda: geo.collection([]))


def known_centre(con: duckdb.DuckDBPyConnection, selection: Selection) -> tuple[Selection, queries.Centre | None]:
    """The selection and its centre; a centre that is not in the database is dropped, as a bad address value."""
    centre = queries.centre(con, selection.near)
    return (selection if centre or not selection.near else replace(selection, near="")), centre


def explore_view(con: duckdb.DuckDBPyConnection, selection: Selection, vocab: Vocabularies) -> ExploreView:
    """Query a selection and shape it for the map and the figures."""
    selection, centre = known_centre(con, selection)
    zones_layer = geo.zones_layer(queries.zones(con, selection), vocab)
    figures = queries.figures(con, selection)
    area = geo.circle(centre.lat, centre.lon, selection.radius) if centre else None
    if area:
        viewport = geo.viewport(geo.polygon_bounds(area), max_zoom=13)
    elif selection.is_empty():
        viewport = geo.viewport(None)
    else:
        viewport = geo.viewport(figures.bounds) if figures.bounds else None
    return ExploreView(
        zones_layer=zones_layer,
        figures=figures,
        viewport=viewport,
        query=urlstate.to_query(selection),
        selection=selection,
        centre=centre,
        near_layer=geo.collection([{"type": "Feature", "geometry": area, "properties": {}}] if area else []),
    )


def map_layer(
    con: duckdb.DuckDBPyConnection, selection: Selection, vocab: Vocabularies, area: geo.MapArea
) -> dict[str, Any]:
    """The map's sites in an area at its zoom, grouped into clusters as far as its answer must stay small.

    Grouped up to geo.CLUSTER_MAX_ZOOM; one by one beyond (sites at one point fanned out), unless
    the area holds more than geo.MAX_SINGLES. Its size follows the area, not the number of sites:
    the map asks for it as it moves (/api/map.geojson).
    """
    if area.zoom <= geo.CLUSTER_MAX_ZOOM or queries.count_in(con, selection, area) > geo.MAX_SINGLES:
        return geo.grouped_layer(geo.groups(queries.map_cells(con, selection, area), area.zoom), vocab)
    return geo.collection(
        [geo.site_point(site, vocab, site["stack"]) for site in queries.sites_in(con, selection, area)]
    )


def opening_layer(
    con: duckdb.DuckDBPyConnection,
    selection: Selection,
    vocab: Vocabularies,
    view: tuple[float, float, int] | None = None,
) -> dict[str, Any]:
    """The sites a page draws before its map has asked for any: those around where the map opens.

    The box is wider than most screens; once the map knows its size and view, it asks again.
    """
    return map_layer(con, selection, vocab, geo.MapArea.around(*geo.opening_view(view)))


@dataclass(frozen=True)
class ExploreTexts:
    """The explore page's words and numbers for a view, in its language."""

    # The key figures by dashboard.ids.KPI_IDS key ("–" when unknown).
    figures: dict[str, str]
    jobs_note: str
    # One sentence on what is shown (read out to screen readers).
    summary: str
    # Nothing matches the selection: the map says so.
    empty: bool


def figure_values(figures: Figures) -> dict[str, int]:
    """A selection's key figures by name: sites, jobs, each category present, AV zones."""
    return {"sites": figures.sites, "jobs": figures.jobs, **figures.by_category, "av_zone": figures.av_zones}


def explore_texts(view: ExploreView, vocab: Vocabularies, t: Translator, lang: str) -> ExploreTexts:
    """What the page writes about a view: the first page's layout and every later selection use it."""
    values = figure_values(view.figures)
    return ExploreTexts(
        figures={key: number(values.get(key, 0), lang) for key in KPI_IDS},
        jobs_note=jobs_note(view.figures, t, lang),
        summary=result_summary(view, vocab, t, lang),
        empty=not (view.figures.sites or view.zones_layer["features"]),
    )


@dataclass(frozen=True)
class KioskView:
    """What the kiosk shows for a selection (its map's sites come by area: map_layer)."""

    # The selection's query string, from which the map asks for its sites.
    query: str
    zones_layer: dict[str, Any]
    viewport: dict[str, Any] | None
    # dashboard.model.figure_values of the selection.
    figures: dict[str, int]
    # The QR code of the view's public link in the visitor's language (None without a public
    # address), and its description.
    qr: str | None
    qr_alt: str


def kiosk_view(
    con: duckdb.DuckDBPyConnection, selection: Selection, vocab: Vocabularies, t: Translator, lang: str, public_url: str
) -> KioskView:
    """The kiosk's map, figures and view QR code for a selection: its first page and every later touch use it."""
    view = explore_view(con, selection, vocab)
    qr, qr_alt = None, ""
    if public_url:
        link = share.deep_link(public_url, view.query, lang=lang)
        qr, qr_alt = share.qr_code(link), t.gettext(lang, "QR code of a link to this view: {link}", link=link)
    return KioskView(view.query, view.zones_layer, view.viewport, figure_values(view.figures), qr, qr_alt)


def clicked_place(click: dict[str, Any] | None) -> str | None:
    """The id of the site or zone a map click landed on; None for a cluster or no click."""
    properties = (click or {}).get("properties") or {}
    if properties.get("cluster") or not properties.get("id"):
        return None
    return str(properties["id"])


def clicked_point(click: object) -> str | None:
    """A map click's point as a centre ("lat,lon", four decimals: about 10 m); None when malformed."""
    latlng = click.get("latlng") if isinstance(click, dict) else None
    if not isinstance(latlng, dict):
        return None
    lat, lon = latlng.get("lat"), latlng.get("lng")
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in (lat, lon)):
        return None
    return urlstate.parse_near(f"{lat:.4f},{lon:.4f}") or None


def row_id(event: object) -> str | None:
    """The id of the table row an event names ({"rowId": …}); None when malformed (it comes from the browser)."""
    row = event.get("rowId") if isinstance(event, dict) else None
    return row if isinstance(row, str) and row else None


def legend_toggle(chosen: object, category: object, vocab: Vocabularies) -> list[str] | None:
    """The category filter after a legend click on one category: shown ↔ hidden.

    No category chosen means all are shown; hiding one shows the others; showing the last hidden one
    returns to no choice. None when the click changes nothing (an unknown category, or hiding the
    only one shown).
    """
    codes = vocab.codes("categories")
    if category not in codes:
        return None
    shown = [code for code in codes if code in chosen] if isinstance(chosen, list) and chosen else list(codes)
    if category in shown:
        shown = [code for code in shown if code != category]
        if not shown:
            return None
    else:
        shown = [code for code in codes if code in shown or code == category]
    return [] if len(shown) == len(codes) else shown


def place_view(place: dict[str, Any]) -> dict[str, Any]:
    """The map view that shows a place: a site up close, a zone fitted."""
    if place["kind"] == "site":
        return geo.fly_to([place["lat"], place["lon"]], PLACE_ZOOM)
    return geo.viewport((place["south"], place["west"], place["north"], place["east"]), max_zoom=PLACE_ZOOM)


def selected_layer(place: dict[str, Any] | None) -> dict[str, Any]:
    """The ring drawn around the site whose details are open (none for a zone, whose outline shows)."""
    if place is None or place["kind"] != "site":
        return geo.collection([])
    return geo.collection([geo.site_feature(place, {"id": place["id"]})])


def years_span(years: tuple[int, int] | None) -> str:
    """The years a set of figures spans, as ", 2019–2024" (", 2021" for one year), empty without figures."""
    if years is None:
        return ""
    first, last = years
    return f", {first}" + (f"–{last}" if last != first else "")


def jobs_note(figures: Figures, t: Translator, lang: str) -> str:
    """How much of the selection the jobs total covers, and the years its figures were stated for."""
    known = t.gettext(lang, "known at {known} of {total} sites", known=figures.sites_with_jobs, total=figures.sites)
    return known + years_span(figures.jobs_years)


def centre_label(centre: queries.Centre, vocab: Vocabularies, t: Translator, lang: str) -> str:
    """How a centre is named: "Renault Flins · Plant", "Rouen (76)", "Point 49.4431, 1.0993"."""
    if centre.kind == "site":
        return f"{centre.name} · {vocab.label('categories', centre.detail, lang)}"
    if centre.kind == "commune":
        return f"{centre.name} ({centre.detail})"
    return t.gettext(lang, "Point {lat}, {lon}", lat=f"{centre.lat:.4f}", lon=f"{centre.lon:.4f}")


def centre_option(centre: queries.Centre, vocab: Vocabularies, t: Translator, lang: str) -> dict[str, str]:
    """A centre as an option of the "near a place" box."""
    return {"value": centre.near, "label": centre_label(centre, vocab, t, lang)}


def near_summary(selection: Selection, centre: queries.Centre, vocab: Vocabularies, t: Translator, lang: str) -> str:
    """The circle in words: "within 20 km of Rouen (76)"."""
    return t.gettext(
        lang, "within {radius} km of {place}", radius=selection.radius, place=centre_label(centre, vocab, t, lang)
    )


def result_summary(view: ExploreView, vocab: Vocabularies, t: Translator, lang: str) -> str:
    """One sentence on the size of the selection (and its circle), read out to screen readers too."""
    sites = view.figures.sites
    zones = len(view.zones_layer["features"])
    if not sites and not zones:
        return t.gettext(lang, "No site matches these filters.")
    summary = t.gettext(
        lang, "Sites shown: {sites} · zones: {zones}", sites=number(sites, lang), zones=number(zones, lang)
    )
    if view.centre:
        summary += " · " + near_summary(view.selection, view.centre, vocab, t, lang)
    return summary


# A site a tour flies to is shown at this zoom, unless the step gives its own.
PLACE_ZOOM = 13


@dataclass(frozen=True)
class StepView:
    """Everything a tour step shows, for the presentation page and its exports alike."""

    selection: Selection
    view: geo.View
    sites: list[dict[str, Any]]
    zones: list[dict[str, Any]]
    figures: Figures
    headlines: list[dict[str, Any]]
    chart: str | None
    shares: list[Share]

    @property
    def listed(self) -> list[dict[str, Any]]:
        """The step's sites as lists show them (the panel, the PDF brief): by name."""
        return sorted(self.sites, key=lambda site: site["name"].casefold())


def _places(con: duckdb.DuckDBPyConnection, ids: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    only = Selection(ids=tuple(ids), statuses=())
    return queries.map_sites(con, only), queries.zones(con, only)


def step_map_view(con: duckdb.DuckDBPyConnection, step: dict[str, Any], sites: list, zones: list) -> geo.View:
    """Where a step's map goes: its view, else around its selection (highlights included), else its highlights."""
    view = step.get("view") or {}
    if "center" in view:
        return geo.View(center=tuple(view["center"]), zoom=view["zoom"])
    if "place" in view:
        box = geo.bounds(*_places(con, [view["place"]]))
        if box is None:
            return geo.View()
        point = box[0] == box[2] and box[1] == box[3]
        if point or "zoom" in view:
            centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            return geo.View(center=centre, zoom=view.get("zoom", PLACE_ZOOM))
        return geo.View(bounds=box)
    if step.get("filters"):
        return geo.View(bounds=geo.bounds(sites, zones))
    if step.get("highlight"):
        return geo.View(bounds=geo.bounds(*_places(con, step["highlight"])))
    return geo.View()


def step_view(
    con: duckdb.DuckDBPyConnection, step: dict[str, Any], vocab: Vocabularies, headlines: list[dict[str, Any]]
) -> StepView:
    """Query what a tour step shows: its selection (with its highlighted sites), figures and chart."""
    selection = known_centre(con, urlstate.parse(step.get("filters") or {}, vocab))[0]
    sites = queries.map_sites(con, selection)
    zones = queries.zones(con, selection)
    highlight = set(step.get("highlight") or ())
    shown = {site["id"] for site in sites}
    extra = _places(con, sorted(highlight - shown))[0] if highlight - shown else []
    sites = [{**site, "highlight": site["id"] in highlight} for site in sites + extra]
    by_id = {figure["id"]: figure for figure in headlines}
    chart = step.get("chart")
    return StepView(
        selection=selection,
        view=step_map_view(con, step, sites, zones),
        sites=sites,
        zones=zones,
        figures=queries.figures(con, selection),
        headlines=[by_id[code] for code in step.get("figures") or () if code in by_id],
        chart=chart if chart in queries.BREAKDOWNS else None,
        shares=queries.breakdown(con, selection, chart) if chart in queries.BREAKDOWNS else [],
    )


@dataclass(frozen=True)
class Contents:
    """What the app reads once from each published database: it only changes with the file."""

    vocab: Vocabularies
    figures: list[dict[str, Any]]
    highlights: list[dict[str, Any]]
    known: tours.Known


def read_contents(con: duckdb.DuckDBPyConnection) -> Contents:
    """The vocabularies, headline figures, kiosk highlights and tour references of a published database."""
    vocab = Vocabularies(queries.vocabulary(con))
    return Contents(vocab, queries.headline_figures(con), queries.highlights(con), tour_known(con, vocab))


def tour_known(con: duckdb.DuckDBPyConnection, vocab: Vocabularies) -> tours.Known:
    """What tours may name in the published atlas."""
    sites, zones = queries.place_ids(con)
    return tours.Known(
        places=frozenset(sites + zones),
        sites=frozenset(sites),
        figures=frozenset(figure["id"] for figure in queries.headline_figures(con)),
        codes={kind: tuple(vocab.codes(kind)) for _, kind in urlstate.PARAMETERS.values()},
    )


def selection_summary(
    selection: Selection,
    vocab: Vocabularies,
    lang: str,
    t: Translator | None = None,
    centre: queries.Centre | None = None,
) -> str:
    """The filters of a selection in words, e.g. "Normandy · Plant · within 20 km of Rouen (76)".

    Empty when nothing is selected; the circle is told when its centre and the messages are given.
    """
    labels = [vocab.label(kind, code, lang) for _, kind, codes in urlstate.chosen(selection) for code in codes]
    if selection.q:
        labels.append(f"“{selection.q}”")
    if centre and t:
        labels.append(near_summary(selection, centre, vocab, t, lang))
    return " · ".join(labels)
