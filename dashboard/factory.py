"""The app factory: one Dash app on one published database."""

from __future__ import annotations

from functools import partial

import dash
from dash import Dash, html

from callbacks import explore as explore_callbacks
from dashboard import api, queries, urlstate
from dashboard.db import Database
from dashboard.settings import ROOT, Settings
from dashboard.vocab import Vocabularies
from layouts import explore

TITLE = "Mobility Valley Atlas"


def explore_page(vocab: Vocabularies, figures: list, tile_url: str, **params) -> html.Div:
    """The explore page for a URL's query parameters (Dash pages passes them as keywords)."""
    selection = urlstate.parse(params, vocab)
    return explore.layout(vocab, figures, tile_url, selection)


def create_app(settings: Settings | None = None) -> Dash:
    """Build the Dash app on the database named by the settings.

    Raises:
        FileNotFoundError: the database has not been built.
    """
    settings = settings or Settings.from_env()
    db = Database(settings.database)
    cursor = db.cursor()
    vocab = Vocabularies(queries.vocabulary(cursor))
    figures = queries.headline_figures(cursor)

    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ROOT / "assets"),
        assets_ignore=r"vendor/.*",
        external_stylesheets=["/assets/vendor/bootstrap.min.css"],
        compress=True,
        title=TITLE,
        update_title=None,
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    dash.register_page(
        "explore",
        path="/",
        name="Explore",
        title=TITLE,
        layout=partial(explore_page, vocab, figures, settings.tile_url),
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    app.layout = html.Main(dash.page_container)
    explore_callbacks.register(app, db, vocab)
    api.register(app.server, db, vocab, settings.data_dir)
    return app
