"""Callbacks of the presentation mode: one server callback draws the current step.

present.js writes the step (0-based) to the STEP store on a key, a clicker or a button; the map
flies there, and the text, figures, chart, counter, progress and downloads follow.
"""

from __future__ import annotations

from pathlib import Path

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import charts, geo, model, tours, urlstate
from dashboard.db import Database
from dashboard.i18n import Translator, language, number
from dashboard.ids import Present
from dashboard.model import Contents
from layouts import present
from layouts.components import headline_tiles

# Slower than the explore page's flights: the audience should follow where the map goes.
FLIGHT_SECONDS = 1.6


def register(app: Dash, db: Database[Contents], t: Translator, tours_dir: Path) -> None:
    """Wire the presentation page on the tours of `tours_dir`."""

    @app.callback(
        Output(Present.PROBLEMS, "children"),
        Output(Present.TITLE, "children"),
        Output(Present.TEXT, "children"),
        Output(Present.HEADLINES, "children"),
        Output(Present.CHART, "figure"),
        Output(Present.CHART, "style"),
        Output(Present.SITES, "data"),
        Output(Present.ZONES, "data"),
        Output(Present.MAP, "viewport"),
        Output(Present.MAP_CAPTION, "children"),
        Output(Present.COUNTER, "children"),
        Output(Present.PROGRESS, "style"),
        Output(Present.PROGRESS, "aria-valuenow"),
        Output(Present.PREVIOUS, "disabled"),
        Output(Present.NEXT, "disabled"),
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
        sites_layer, zones_layer = geo.map_layers(view.sites, view.zones, vocab)
        chart = charts.figure(view.shares, view.chart, vocab, t, lang) if view.chart else charts.empty()
        query = urlstate.to_query(view.selection)
        suffix = f"?{query}" if query else ""
        base = f"/api/tours/{found.id}/{index + 1}"
        return (
            None,
            tours.localized(current["title"], lang),
            tours.localized(current["text"], lang),
            headline_tiles(view.headlines, lang, "present"),
            chart,
            # Grows with the number of bars, shrinks to the room left on a small screen.
            {"maxHeight": f"{110 + 56 * len(view.shares)}px"} if view.chart else {"display": "none"},
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
            index == len(steps) - 1,
            f"{base}/brief.pdf?lang={lang}",
            f"{base}/map.png?lang={lang}",
            f"/api/sites.csv{suffix}",
            f"/api/sites.geojson{suffix}",
        )

    app.clientside_callback(
        "window.atlas.present.followStep",
        Output(Present.ROOT, "data-step"),
        Input(Present.STEP, "data"),
    )
