"""The app factory: one Dash app on one published database."""

from __future__ import annotations

from functools import partial

import dash
from dash import Dash, html

from callbacks import explore as explore_callbacks
from callbacks import kiosk as kiosk_callbacks
from dashboard import api, queries, urlstate
from dashboard import settings as config
from dashboard.db import Database
from dashboard.i18n import Translator, language
from dashboard.settings import ROOT, Settings
from dashboard.vocab import Vocabularies
from layouts import explore, kiosk

TITLE = "Mobility Valley Atlas"


def explore_page(db: Database, vocab: Vocabularies, t: Translator, figures: list, tile_url: str, **params) -> html.Div:
    """The explore page for a URL's query parameters (Dash pages passes them as keywords).

    `site` opens that site's details on arrival (the kiosk's QR codes link here).
    """
    selection = urlstate.parse(params, vocab)
    site = params.get("site")
    place = queries.place(db.cursor(), site) if isinstance(site, str) and site else None
    return explore.layout(vocab, figures, tile_url, selection, place=place, t=t)


def kiosk_page(
    vocab: Vocabularies, t: Translator, figures: list, highlights: list, settings: Settings, **params
) -> html.Div:
    """The kiosk; `lang` sets its home language and `idle` its idle seconds, for the kiosk's start URL."""
    return kiosk.layout(
        vocab,
        figures,
        highlights,
        t,
        lang=language(params.get("lang")),
        idle_seconds=config.seconds(params.get("idle"), settings.kiosk_idle_seconds),
        tile_url=settings.tile_url,
    )


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
    translator = Translator.load()

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
        layout=partial(explore_page, db, vocab, translator, figures, settings.tile_url),
    )
    dash.register_page(
        "kiosk",
        path="/kiosk",
        name="Kiosk",
        title=TITLE,
        layout=partial(kiosk_page, vocab, translator, figures, queries.highlights(cursor), settings),
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    app.layout = html.Main(dash.page_container)
    explore_callbacks.register(app, db, vocab, translator)
    kiosk_callbacks.register(app, db, vocab, translator, figures, settings.public_url)
    api.register(app.server, db, vocab, settings.data_dir)
    return app
