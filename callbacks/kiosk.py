"""Callbacks of the kiosk: language, filters, details, hand-off QR codes, idle reset and attract loop.

kiosk.js watches for touches: after the idle time it writes to the IDLE store (reset, attract loop
on) and the first touch after that stops the loop (ATTRACT disabled).
"""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from callbacks import maps
from dashboard import geo, queries, share, urlstate
from dashboard.db import Database
from dashboard.i18n import Translator, language
from dashboard.ids import Kiosk, lang_button_id, text_id
from dashboard.model import Contents, clicked_place, kiosk_view
from layouts import kiosk
from layouts.components import detail, filter_options, headline_tiles, legend_items

FILTERS = tuple(element for element, _, _ in kiosk.FILTERS)
KINDS = tuple(kind for _, kind, _ in kiosk.FILTERS)


def register(app: Dash, db: Database[Contents], t: Translator, public_url: str) -> None:
    """Wire the kiosk; `public_url` is where its QR codes point.

    Without it there are none: the kiosk's own address (often 127.0.0.1) is one no visitor's phone can open.
    """

    @app.callback(
        Output(Kiosk.LANG, "data"),
        Input(lang_button_id(ALL), "n_clicks"),
        prevent_initial_call=True,
    )
    def choose_language(_):
        return language(ctx.triggered_id["lang"]) if ctx.triggered_id else no_update

    @app.callback(
        Output(text_id(ALL), "children"),
        *(Output(element, "options") for element in FILTERS),
        Output(Kiosk.LEGEND, "children"),
        Output(Kiosk.HEADLINES, "children"),
        Output(Kiosk.LABELS, "hideout"),
        Output(lang_button_id(ALL), "aria-pressed"),
        Output(Kiosk.ROOT, "lang"),
        Input(Kiosk.LANG, "data"),
        State(text_id(ALL), "id"),
        State(Kiosk.LABELS, "hideout"),
        prevent_initial_call=True,
    )
    def translate(lang, text_ids, hideout):
        lang = language(lang)
        content = db.current().content
        vocab = content.vocab
        return (
            [t.gettext(lang, message) for message in (element["message"] for element in text_ids)],
            *(filter_options(vocab, kind, lang) for kind in KINDS),
            legend_items(vocab, lang),
            headline_tiles(content.figures, lang, "kiosk"),
            {**(hideout or {}), "lang": lang},
            ["true" if button["id"]["lang"] == lang else "false" for button in ctx.outputs_list[-2]],
            lang,
        )

    maps.follow_selection(app, Kiosk, ((element, "value") for element in FILTERS))

    @app.callback(
        Output(Kiosk.ZONES, "data"),
        Output(Kiosk.MAP, "viewport"),
        Output(Kiosk.FIGURES, "children"),
        Output(Kiosk.VIEW_QR, "src"),
        Output(Kiosk.VIEW_QR, "alt"),
        # Once the map has drawn the toggles' sites (callbacks/maps.follow_selection).
        Input(Kiosk.DRAWN_QUERY, "data"),
        Input(Kiosk.LANG, "data"),
        # Set by assets/feedback.js when the server answers again after a failed update.
        Input(Kiosk.RETRY, "data"),
        *(State(element, "value") for element in FILTERS),
        State(Kiosk.ATTRACT, "disabled"),
        # The kiosk arrives with its home view drawn (dashboard.factory.kiosk_page).
        prevent_initial_call=True,
    )
    def show_selection(_, lang, __, drivers, regions, categories, attract_stopped):
        lang = language(lang)
        params = {"driver": drivers or [], "region": regions or [], "category": categories or []}
        published = db.current()
        vocab = published.content.vocab
        selection = urlstate.parse(params, vocab)
        view = kiosk_view(published.cursor(), selection, vocab, t, lang, public_url)
        # A language switch re-labels the figures but must not move the map, nor may a reset
        # take it from the attract loop's flight.
        moves = ctx.triggered_id != Kiosk.LANG and attract_stopped is not False
        return (
            view.zones_layer,
            view.viewport if moves and view.viewport else no_update,
            kiosk.figure_tiles(view.figures, t, lang),
            view.qr,
            view.qr_alt,
        )

    @app.callback(
        Output(Kiosk.PLACE, "data"),
        # Taps are counted: the same site tapped again (after closing its card) opens it again.
        Input(Kiosk.SITES, "n_clicks"),
        Input(Kiosk.ZONES, "n_clicks"),
        Input(Kiosk.DETAIL_CLOSE, "n_clicks"),
        State(Kiosk.SITES, "clickData"),
        State(Kiosk.ZONES, "clickData"),
        prevent_initial_call=True,
    )
    def choose_place(_, __, ___, site_click, zone_click):
        if ctx.triggered_id == Kiosk.DETAIL_CLOSE:
            return None
        return clicked_place(site_click if ctx.triggered_id == Kiosk.SITES else zone_click) or no_update

    @app.callback(
        Output(Kiosk.DETAIL, "hidden"),
        Output(Kiosk.DETAIL_BODY, "children"),
        Input(Kiosk.PLACE, "data"),
        Input(Kiosk.LANG, "data"),
        Input(Kiosk.RETRY, "data"),
    )
    def show_place(place_id, lang, _):
        if not place_id:
            return True, None
        lang = language(lang)
        published = db.current()
        place = queries.place(published.cursor(), place_id)
        body = detail(place, published.content.vocab, t, lang, links=False)
        if place is not None and public_url:
            link = share.deep_link(public_url, site=place["id"], lang=lang)
            share_card = kiosk.place_qr(share.qr_code(link), t.gettext(lang, "Scan to take this place with you"), link)
            # Right under the name: the visitor should not have to scroll to take the place along.
            body.insert(1, share_card)
        return False, body

    @app.callback(
        *(Output(element, "value") for element in FILTERS),
        Output(Kiosk.LANG, "data", allow_duplicate=True),
        Output(Kiosk.PLACE, "data", allow_duplicate=True),
        Output(Kiosk.MAP, "viewport", allow_duplicate=True),
        Output(Kiosk.ATTRACT, "disabled"),
        Output(Kiosk.ATTRACT, "n_intervals"),
        Input(Kiosk.IDLE, "data"),
        Input(Kiosk.RESET, "n_clicks"),
        State(Kiosk.HOME_LANG, "data"),
        prevent_initial_call=True,
    )
    def start_over(_, __, home_lang):
        # Idle: back to the home view in the kiosk's own language, then the attract loop.
        # "Start over": the same reset, for a visitor who is still there.
        idle = ctx.triggered_id == Kiosk.IDLE
        return (*([] for _ in FILTERS), language(home_lang), None, geo.viewport(None), not idle, 0)

    # The attract loop runs in the browser: each tick flies to the next highlight and captions it.
    app.clientside_callback(
        "window.atlas.kiosk.showHighlight",
        Output(Kiosk.MAP, "viewport", allow_duplicate=True),
        Output(Kiosk.CAPTION_COUNTER, "children"),
        Output(Kiosk.CAPTION_TITLE, "children"),
        Output(Kiosk.CAPTION_TEXT, "children"),
        Output(Kiosk.ATTRACT, "interval"),
        Output(Kiosk.ROOT, "className"),
        Input(Kiosk.ATTRACT, "n_intervals"),
        Input(Kiosk.ATTRACT, "disabled"),
        State(Kiosk.HIGHLIGHTS, "data"),
        State(Kiosk.LANG, "data"),
        prevent_initial_call=True,
    )
