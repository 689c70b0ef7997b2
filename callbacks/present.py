"""Callbacks of the presentation mode: one server callback draws the current step.

present.js writes the step (0-based) to the STEP store on a key, a clicker or a button; the map
flies there, and the text, figures, chart, counter, progress and downloads follow.
"""

from __future__ import annotations

from pathlib import Path

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import charts, geo, model, queries, tours, urlstate
from dashboard.db import Database
from dashboard.i18n import Translator, language, number
from dashboard.ids import Present
from dashboard.model import Contents
from layouts import present
from layouts.components import detail, headline_tiles

# Slower than the explore page's flights: the audience should follow where the map goes.
FLIGHT_SECONDS = 1.6


def register(app: Dash, db: Database[Contents], t: Translator, tours_dir: Path) -> None:
    """Wire the presentation page on the tours of `tours_dir`."""

    @app.callback(
        Output(Present.PROBLEMS, "children"),
        Output(Present.TITLE, "children"),
        Output(Present.TEXT, "children"),
        Output(Present.HEADLINES, "children"),
        Output(Present.SITE_LIST, "children"),
        Output(Present.CHART_SLOT, "children"),
        Output(Present.SITES, "data"),
        Output(Present.ZONES, "data"),
        Output(Present.MAP, "viewport"),
        Output(Present.MAP_CAPTION, "children"),
        Output(Present.COUNTER, "children"),
        Output(Present.PROGRESS, "style"),
        Output(Present.PROGRESS, "aria-valuenow"),
        Output(Present.PREVIOUS, "disabled"),
        Output(Present.EXPORT_PDF, "href"),
        Output(Present.EXPORT_PNG, "href"),
        Output(Present.EXPORT_CSV, "href"),
        Output(Present.EXPORT_GEOJSON, "href"),
        Input(Present.STEP, "data"),
        State(Present.TOUR, "data"),
        State(Present.LANG, "data"),
    )
    def show_step(step, tour_id, lang):
        lang = language(lang)
        published = db.current()
        content = published.content
        vocab = content.vocab
        # The tour is read again: nothing but its id and the step number comes from the browser.
        found = tours.find(tours_dir, str(tour_id), content.known)
        if found is None or found.tour is None:
            shown = present.problems(found, t, lang) if found else t.gettext(lang, "This tour no longer exists.")
            return shown, *(no_update for _ in ctx.outputs_list[1:])
        steps = found.tour["steps"]
        index = tours.step_number(step + 1 if isinstance(step, int) else 1, len(steps)) - 1
        current = steps[index]
        view = model.step_view(published.cursor(), current, vocab, content.figures)
        sites_layer, zones_layer = geo.sites_layer(view.sites, vocab), geo.zones_layer(view.zones, vocab)
        query = urlstate.to_query(view.selection)
        suffix = f"?{query}" if query else ""
        base = f"/api/tours/{found.id}/{index + 1}"
        return (
            None,
            tours.localized(current["title"], lang),
            tours.localized(current["text"], lang),
            headline_tiles(view.headlines, lang, "present"),
            None if view.chart else present.site_list(view.listed, vocab, t, lang),
            present.chart(charts.figure(view.shares, view.chart, vocab, t, lang), len(view.shares))
            if view.chart
            else None,
            sites_layer,
            zones_layer,
            view.view.leaflet(FLIGHT_SECONDS),
            t.gettext(
                lang,
                "On the map: {sites} sites, {zones} zones",
                sites=number(len(view.sites), lang),
                zones=number(len(view.zones), lang),
            ),
            f"{index + 1} / {len(steps)}",
            {"width": f"{(index + 1) / len(steps):.1%}"},
            str(index + 1),
            index == 0,
            f"{base}/brief.pdf?lang={lang}",
            f"{base}/map.png?lang={lang}",
            f"/api/sites.csv{suffix}",
            f"/api/sites.geojson{suffix}",
        )

    @app.callback(
        Output(Present.DETAIL, "hidden"),
        Output(Present.DETAIL_BODY, "children"),
        # Clicks are counted: the same site clicked again (after its card was closed) opens again.
        Input(Present.SITES, "n_clicks"),
        Input(Present.ZONES, "n_clicks"),
        Input(Present.DETAIL_CLOSE, "n_clicks"),
        Input(Present.STEP, "data"),
        State(Present.SITES, "clickData"),
        State(Present.ZONES, "clickData"),
        State(Present.LANG, "data"),
        prevent_initial_call=True,
    )
    def show_place(_, __, ___, ____, site_click, zone_click, lang):
        # A new step or the close button puts the card away.
        if ctx.triggered_id not in (Present.SITES, Present.ZONES):
            return True, None
        place_id = model.clicked_place(site_click if ctx.triggered_id == Present.SITES else zone_click)
        if place_id is None:
            return no_update, no_update
        published = db.current()
        place = queries.place(published.cursor(), place_id)
        return False, detail(place, published.content.vocab, t, language(lang), links=False)

    app.clientside_callback(
        "window.atlas.present.followStep",
        Output(Present.ROOT, "data-step"),
        Input(Present.STEP, "data"),
    )
