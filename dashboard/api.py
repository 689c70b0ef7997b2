"""HTTP endpoints beside the Dash app: health, downloads, reference outlines, source documents."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from flask import Flask, Response, abort, jsonify, request, send_from_directory

from dashboard import geo, queries, urlstate
from dashboard.db import Database
from dashboard.queries import EXPORT_COLUMNS, Selection
from dashboard.vocab import Vocabularies

REFERENCE_LAYERS = ("countries", "regions", "departments", "labels")
# Spreadsheets run cells starting with these as formulas: prefix them so they stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def selection_from_request(vocab: Vocabularies) -> Selection:
    """The selection named by the request's query string; unknown values are ignored."""
    params = {name: request.args.getlist(name) for name in request.args}
    return urlstate.parse(params, vocab)


def csv_cell(value) -> str:
    """One CSV cell: lists joined by '|', None empty, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "|".join(value)
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def sites_csv(sites: list[dict]) -> str:
    """The sites of a selection as CSV, with the same columns as data/sites.csv."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows([csv_cell(site[column]) for column in EXPORT_COLUMNS] for site in sites)
    return buffer.getvalue()


def register(server: Flask, db: Database, vocab: Vocabularies, data_dir: Path) -> None:
    """Add the endpoints to the Flask server."""

    @server.get("/healthz")
    def healthz():
        if db.readable():
            return jsonify(status="ok")
        return jsonify(status="database unreadable"), 503

    @server.get("/api/sites.csv")
    def download_csv():
        sites = queries.sites(db.cursor(), selection_from_request(vocab))
        return Response(
            sites_csv(sites),
            mimetype="text/csv",
            headers={"Content-Disposition": 'attachment; filename="mobility-valley-sites.csv"'},
        )

    @server.get("/api/sites.geojson")
    def download_geojson():
        selection = selection_from_request(vocab)
        cursor = db.cursor()
        document = geo.export(queries.sites(cursor, selection), queries.zones(cursor, selection))
        return Response(
            json.dumps(document, ensure_ascii=False),
            mimetype="application/geo+json",
            headers={"Content-Disposition": 'attachment; filename="mobility-valley-sites.geojson"'},
        )

    @server.get("/api/reference/<name>.geojson")
    def reference_layer(name: str):
        if name not in REFERENCE_LAYERS:
            abort(404)
        response = send_from_directory(data_dir / "reference", f"{name}.geojson", mimetype="application/geo+json")
        response.cache_control.max_age = 86400
        return response

    @server.get("/api/sources/<name>")
    def source_document(name: str):
        return send_from_directory(data_dir / "sources", name, mimetype="text/plain")
