"""HTTP endpoints beside the Dash app: health, downloads, reference outlines, source documents."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import orjson
from flask import Flask, Response, abort, jsonify, request, send_from_directory

from dashboard import downloads, exports, limits, model, queries, share, tours, urlstate
from dashboard.db import Database, Published, Unavailable
from dashboard.drawing import Drawer
from dashboard.i18n import Translator, language
from dashboard.model import Contents
from dashboard.queries import Selection
from dashboard.settings import Settings
from dashboard.tilesets import TileSet
from dashboard.vocab import Vocabularies

REFERENCE_LAYERS = ("countries", "regions", "departments", "labels")
# Crawlers may index the map and the tours, not the downloads nor the venue's kiosk.
# The map's and the table's answers kept per worker (a few kilobytes each).
ANSWER_CACHE_BYTES = 16 * 1024 * 1024
# How answers may be compressed on the way out, preferred first (dashboard.factory).
COMPRESSIONS = ("br", "gzip")
ROBOTS = "User-agent: *\nDisallow: /api/\nDisallow: /kiosk\nAllow: /\n"


def held(tag: str) -> bool:
    """Whether the browser already holds the answer of an ETag: as sent, or as compressed on the way out.

    flask-compress (dashboard.factory) adds ":<algorithm>" to the ETag of what it compresses.
    """
    return any(variant in request.if_none_match for variant in (tag, *(f"{tag}:{how}" for how in COMPRESSIONS)))


def selection_from_request(vocab: Vocabularies, con: duckdb.DuckDBPyConnection) -> Selection:
    """The selection named by the request's query string; unknown values (a centre too) are ignored."""
    params = {name: request.args.getlist(name) for name in request.args}
    return model.known_centre(con, urlstate.parse(params, vocab))[0]


def register(server: Flask, db: Database[Contents], data_dir: Path) -> None:
    """Add the endpoints to the Flask server."""

    @server.get("/robots.txt")
    def robots():
        return Response(ROBOTS, mimetype="text/plain")

    @server.get("/healthz")
    def healthz():
        # The published file itself is checked (a new version opened), not only the open connection.
        try:
            db.current()
        except Unavailable as error:
            return jsonify(status="unavailable", database=error.state), 503, {"Cache-Control": "no-store"}
        return jsonify(status="ok"), 200, {"Cache-Control": "no-store"}

    def selected_rows() -> list[dict]:
        # The selection's sites with their labels in the page's language, in the table's order
        # (nearest first around a centre, unless the table was sorted otherwise).
        published = db.current()
        cursor, vocab = published.cursor(), published.content.vocab
        selection = selection_from_request(vocab, cursor)
        lang = language(request.args.get("lang"))
        return downloads.labelled(queries.sites(cursor, selection, lang, request.args.get("sort")), vocab, lang)

    @server.get("/api/sites.csv")
    def download_csv():
        return Response(
            downloads.to_csv(selected_rows()),
            mimetype="text/csv",
            headers={"Content-Disposition": 'attachment; filename="mobility-valley-sites.csv"'},
        )

    @server.get("/api/sites.xlsx")
    def download_xlsx():
        return Response(
            downloads.to_xlsx(selected_rows()),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": 'attachment; filename="mobility-valley-sites.xlsx"'},
        )

    @server.get("/api/sites.geojson")
    def download_geojson():
        published = db.current()
        cursor = published.cursor()
        selection = selection_from_request(published.content.vocab, cursor)
        return Response(
            queries.geojson(cursor, selection),
            mimetype="application/geo+json",
            headers={"Content-Disposition": 'attachment; filename="mobility-valley-sites.geojson"'},
        )

    # The map's and the table's answers by ETag in this worker: the views every visitor opens on
    # (the home view above all) are computed once.
    answers: limits.Kept[bytes] = limits.Kept(ANSWER_CACHE_BYTES, len)

    def answer_for_address(mimetype: str, body: Callable[[Published], object]) -> Response:
        # The same address answers the same until the database is published again: an ETag of both,
        # asked again each time (no-cache), and 304 when it still holds.
        published = db.current()
        tag = hashlib.sha256(f"{published.identity}{request.full_path}".encode()).hexdigest()[:32]
        response = Response(status=304) if held(tag) else Response(mimetype=mimetype)
        response.set_etag(tag)
        response.cache_control.no_cache = True
        if response.status_code != 304:
            answer = answers.get(tag)
            if answer is None:
                answer = orjson.dumps(body(published))
                answers.keep(tag, answer)
            response.set_data(answer)
        return response

    def request_table(published: Published) -> tuple[duckdb.DuckDBPyConnection, Selection, str, str]:
        # The table's selection, language and sort (its default when the request names none, or one it
        # cannot have: a distance without a centre).
        cursor = published.cursor()
        selection = selection_from_request(published.content.vocab, cursor)
        sort = queries.table_sort(request.args.get("sort"), selection)
        return cursor, selection, language(request.args.get("lang")), sort

    # The map's sites for what it shows (assets/map.js asks as it moves): small whatever the number
    # of sites.
    @server.get("/api/map.geojson")
    def map_sites():
        area = urlstate.parse_area(request.args.get("zoom"), request.args.get("bbox"))
        if area is None:
            abort(400, description="zoom: a whole number from 5 to 16; bbox: west,south,east,north in degrees")

        def layer(published: Published) -> dict:
            cursor = published.cursor()
            selection = selection_from_request(published.content.vocab, cursor)
            return model.map_layer(cursor, selection, published.content.vocab, area)

        return answer_for_address("application/geo+json", layer)

    # The table's rows by block as it scrolls (assets/grid.js), sorted as the visitor asks, and how
    # many there are: what a page of the table needs, whatever the number of places.
    @server.get("/api/table.json")
    def table_rows():
        rows = urlstate.parse_rows(request.args.get("start"), request.args.get("end"))
        if rows is None:
            abort(400, description=f"start, end: whole numbers, 0 <= start < end <= start + {queries.MAX_TABLE_ROWS}")

        def page(published: Published) -> dict:
            found, count = queries.table_rows(*request_table(published), *rows)
            return {"rows": found, "count": count}

        return answer_for_address("application/json", page)

    # Where a place stands in the table (assets/grid.js scrolls to the place opened from the map).
    @server.get("/api/table-index.json")
    def table_index():
        place_id = request.args.get("id", "")
        if not urlstate.SITE_ID.fullmatch(place_id):
            abort(400, description="id: the id of a site or zone")

        def index(published: Published) -> dict:
            cursor, selection, lang, sort = request_table(published)
            return {"index": queries.table_index(cursor, selection, lang, sort, place_id)}

        return answer_for_address("application/json", index)

    # The reference outlines every map loads, read once: answered from memory (and compressed on the
    # way out) rather than streamed from the file at each request.
    reference = {name: (data_dir / "reference" / f"{name}.geojson").read_bytes() for name in REFERENCE_LAYERS}
    reference_tags = {name: hashlib.sha256(layer).hexdigest()[:32] for name, layer in reference.items()}

    @server.get("/api/reference/<name>.geojson")
    def reference_layer(name: str):
        if name not in reference:
            abort(404)
        tag = reference_tags[name]
        response = Response(status=304) if held(tag) else Response(reference[name], mimetype="application/geo+json")
        response.cache_control.public = True
        response.cache_control.max_age = 86400
        response.set_etag(tag)
        return response

    # Without this, Dash's page route would answer unknown API addresses with the app's HTML.
    @server.route("/api/<path:unknown>")
    def no_such_endpoint(unknown: str):
        abort(404)

    @server.get("/api/sources/<name>")
    def source_document(name: str):
        return send_from_directory(data_dir / "sources", name, mimetype="text/plain")


EXPORT_TYPES = {"brief.pdf": "application/pdf", "map.png": "image/png"}
# Per server process (4 threads, gunicorn.conf.py): one export drawn (in its drawing process) and
# one queued leave two threads for everything else; more threads or a longer queue measured worse
# (bench/bench_load.py). The drawn files kept take at most this many bytes.
EXPORTS_AT_ONCE = 1
EXPORTS_QUEUED = 1
EXPORT_WAIT_SECONDS = 10
EXPORT_RETRY_SECONDS = 5
EXPORT_CACHE_BYTES = 64 * 1024 * 1024


def register_exports(
    server: Flask,
    db: Database[Contents],
    t: Translator,
    settings: Settings,
    streets: TileSet | None = None,
) -> None:
    """Add the PDF brief and the map image, of a selection (explore page) or of a tour step.

    With a street basemap (`streets`, opened from settings.basemap), the images show its water and main roads too.
    """
    tours_dir, public_url = settings.tours_dir, settings.public_url
    drawn = limits.Results(EXPORT_CACHE_BYTES, limits.Gate(EXPORTS_AT_ONCE, EXPORTS_QUEUED, EXPORT_WAIT_SECONDS))
    # Export requests in progress, kept or drawn: beyond these, turned away before any work, so that
    # a storm of them never takes the threads cheap requests need.
    in_progress = EXPORTS_AT_ONCE + EXPORTS_QUEUED
    admitted = limits.Gate(in_progress, in_progress, timeout=0)

    def bounded(view: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(view)
        def answer(**arguments) -> Response:
            with admitted.slot():
                return view(**arguments)

        return answer

    drawer = Drawer(settings.data_dir / "reference", t, settings.basemap, streets, settings.exports_apart)

    def send(published: Published, brief: exports.Brief, drawn_from: str, name: str, filename: str) -> Response:
        # Everything the file is drawn from: the database version, the view and the brief's texts.
        tag = limits.etag(published.identity, name, drawn_from, brief.title, brief.text, brief.link, brief.lang)
        headers = {"Content-Disposition": f'attachment; filename="{filename}-{name}"', "Cache-Control": "no-cache"}
        if held(tag):
            response = Response(status=304, headers=headers)
        else:
            body = drawn.get_or_draw(tag, lambda: drawer(name, brief, published.content.vocab))
            response = Response(body, mimetype=EXPORT_TYPES[name], headers=headers)
        response.set_etag(tag)
        return response

    @server.errorhandler(limits.Busy)
    def busy(_: limits.Busy) -> Response:
        return Response(
            json.dumps({"status": "busy", "error": "Too many exports are being drawn; try again in a few seconds."}),
            503,
            {"Retry-After": str(EXPORT_RETRY_SECONDS), "Cache-Control": "no-store"},
            mimetype="application/json",
        )

    @server.get("/api/<any('brief.pdf', 'map.png'):name>")
    @bounded
    def selection_file(name: str):
        lang = language(request.args.get("lang"))
        params = {key: request.args.getlist(key) for key in request.args}
        published = db.current()
        cursor, vocab = published.cursor(), published.content.vocab
        view = model.step_view(cursor, {"filters": params, "chart": "category"}, vocab, [])
        centre = queries.centre(cursor, view.selection.near)
        summary = model.selection_summary(view.selection, vocab, lang, t, centre)
        query = urlstate.to_query(view.selection)
        link = share.deep_link(share.public_base(public_url), query, lang=lang)
        brief = exports.Brief(t.gettext(lang, "Mobility Valley Atlas"), summary, link, lang, view)
        return send(published, brief, query, name, "mobility-valley")

    @server.get("/api/tours/<tour_id>/<int:step>/<any('brief.pdf', 'map.png'):name>")
    @bounded
    def tour_file(tour_id: str, step: int, name: str):
        lang = language(request.args.get("lang"))
        published = db.current()
        content = published.content
        found = tours.find(tours_dir, tour_id, content.known)
        if found is None or found.tour is None or not 1 <= step <= len(found.tour["steps"]):
            abort(404)
        current = found.tour["steps"][step - 1]
        view = model.step_view(published.cursor(), current, content.vocab, content.figures)
        link = f"{share.public_base(public_url)}/present/{found.id}/{step}?lang={lang}"
        title = tours.localized(current["title"], lang)
        brief = exports.Brief(title, tours.localized(current["text"], lang), link, lang, view)
        return send(published, brief, json.dumps(current, sort_keys=True, default=str), name, f"{found.id}-{step}")
