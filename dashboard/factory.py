"""The app factory: one Dash app on one published database."""

from __future__ import annotations

from functools import partial

import dash
from dash import Dash, html

from callbacks import explore as explore_callbacks
from callbacks import kiosk as kiosk_callbacks
from callbacks import present as present_callbacks
from dashboard import api, model, queries, tours, urlstate
from dashboard import settings as config
from dashboard.db import Database
from dashboard.i18n import Translator, language
from dashboard.settings import ROOT, Settings
from dashboard.vocab import Vocabularies
from layouts import explore, kiosk, present

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


def present_page(
    vocab: Vocabularies,
    t: Translator,
    settings: Settings,
    known: tours.Known,
    tour: str | None = None,
    step: str = "1",
    **params,
) -> html.Div:
    """The tour list (/present), or a tour at a step (/present/<tour>/<step>); `lang` picks the language.

    Tour files are read on every visit, so a promoter's edit shows on the next reload; an unknown
    tour falls back to the list, a step out of range to the nearest step.
    """
    lang = language(params.get("lang"))
    # Only the list reads (and checks) every tour file; a tour's page reads its own.
    found = tours.find(settings.tours_dir, tour, known) if tour else None
    if found is None:
        return present.tour_list(tours.read_tours(settings.tours_dir, known), t, lang, missing=tour)
    if found.tour is None:
        return present.tour_list([found], t, lang)
    index = tours.step_number(step, len(found.tour["steps"])) - 1
    return present.layout(found, index, vocab, t, lang, settings.tile_url)


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
    known = model.tour_known(cursor, vocab)
    show_tours = partial(present_page, vocab, translator, settings, known)
    dash.register_page("present", path="/present", name="Tours", title=f"Tours · {TITLE}", layout=show_tours)
    dash.register_page(
        "present-tour", path_template="/present/<tour>", name="Tour", title=f"Tour · {TITLE}", layout=show_tours
    )
    dash.register_page(
        "present-step",
        path_template="/present/<tour>/<step>",
        name="Tour step",
        title=f"Tour · {TITLE}",
        layout=show_tours,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    app.layout = html.Main(dash.page_container)
    explore_callbacks.register(app, db, vocab, translator)
    kiosk_callbacks.register(app, db, vocab, translator, figures, settings.public_url)
    present_callbacks.register(app, db, vocab, translator, figures, settings.tours_dir, known)
    api.register(app.server, db, vocab, settings.data_dir)
    api.register_exports(app.server, db, vocab, translator, figures, settings, known)
    return app
