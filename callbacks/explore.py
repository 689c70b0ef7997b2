"""Callbacks of the explore page: thin wrappers around dashboard.model and dashboard.queries."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import queries, urlstate
from dashboard.db import Database
from dashboard.i18n import Translator, number
from dashboard.ids import KPI_IDS, Explore
from dashboard.model import clicked_place, explore_view, jobs_note, result_summary
from dashboard.queries import CURRENT_STATUSES
from dashboard.vocab import Vocabularies
from layouts.components import detail

FILTERS = (Explore.DRIVERS, Explore.REGIONS, Explore.CATEGORIES, Explore.CLUSTERS, Explore.STATUSES)


def register(app: Dash, db: Database, vocab: Vocabularies, translator: Translator) -> None:
    """Wire the explore page."""

    @app.callback(
        Output(Explore.SITES, "data"),
        Output(Explore.ZONES, "data"),
        Output(Explore.MAP, "viewport"),
        Output(Explore.TABLE, "rowData"),
        Output(Explore.QUERY, "data"),
        Output(Explore.RESULT_COUNT, "children"),
        *(Output(element, "children") for element in KPI_IDS.values()),
        Output(f"{KPI_IDS['jobs']}-note", "children"),
        Input(Explore.SEARCH, "value"),
        *(Input(element, "value") for element in FILTERS),
    )
    def show_selection(q, drivers, regions, categories, clusters, statuses):
        # Same normalisation as a URL's parameters, so the live view and a reloaded link agree;
        # no status ticked means every status, as no box ticked in the other filters means all.
        params = {
            "driver": drivers or [],
            "region": regions or [],
            "category": categories or [],
            "cluster": clusters or [],
            "status": statuses or list(vocab.codes("statuses")),
            "q": q or "",
        }
        selection = urlstate.parse(params, vocab)
        view = explore_view(db.cursor(), selection, vocab)
        figures = view.figures
        kpis = (
            [figures.sites, figures.jobs]
            + [figures.by_category.get(c, 0) for c in ("plant", "technical_centre", "test_track")]
            + [figures.av_zones]
        )
        return (
            view.sites_layer,
            view.zones_layer,
            view.viewport or no_update,
            view.rows,
            view.query,
            result_summary(view),
            *(number(k) for k in kpis),
            jobs_note(figures),
        )

    @app.callback(
        Output(Explore.DETAIL, "is_open"),
        Output(Explore.DETAIL, "title"),
        Output(Explore.DETAIL_BODY, "children"),
        # Clicks are counted: the same site clicked again (after closing its panel) opens it again.
        Input(Explore.SITES, "n_clicks"),
        Input(Explore.ZONES, "n_clicks"),
        Input(Explore.TABLE, "cellClicked"),
        State(Explore.SITES, "clickData"),
        State(Explore.ZONES, "clickData"),
        prevent_initial_call=True,
    )
    def open_detail(_, __, cell, site_click, zone_click):
        if ctx.triggered_id == Explore.TABLE:
            place_id = (cell or {}).get("rowId")
        else:
            place_id = clicked_place(site_click if ctx.triggered_id == Explore.SITES else zone_click)
        if not place_id:
            return no_update, no_update, no_update
        place = queries.place(db.cursor(), str(place_id))
        title = vocab.label("categories", place["category"]) if place else "Not found"
        return True, title, detail(place, vocab, translator)

    @app.callback(
        Output(Explore.SEARCH, "value"),
        *(Output(element, "value") for element in FILTERS),
        Input(Explore.RESET, "n_clicks"),
        prevent_initial_call=True,
    )
    def clear_filters(_):
        return "", *([] for _ in FILTERS[:-1]), list(CURRENT_STATUSES)

    @app.callback(
        Output(Explore.FILTERS, "is_open"),
        Input(Explore.FILTERS_TOGGLE, "n_clicks"),
        State(Explore.FILTERS, "is_open"),
        prevent_initial_call=True,
    )
    def toggle_filters(_, is_open):
        return not is_open

    # The URL follows the selection without a page reload, so a copied link restores the view;
    # the download buttons take the same query.
    app.clientside_callback(
        """
        function (query) {
            const suffix = query ? "?" + query : "";
            if (window.location.search !== suffix) {
                window.history.replaceState(null, "", window.location.pathname + suffix);
            }
            return ["sites.csv", "sites.geojson", "brief.pdf", "map.png"].map((name) => "/api/" + name + suffix);
        }
        """,
        Output(Explore.DOWNLOAD_CSV, "href"),
        Output(Explore.DOWNLOAD_GEOJSON, "href"),
        Output(Explore.DOWNLOAD_PDF, "href"),
        Output(Explore.DOWNLOAD_PNG, "href"),
        Input(Explore.QUERY, "data"),
    )
