"""Callbacks of the explore page: thin wrappers around dashboard.model and dashboard.queries."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from dashboard import queries, urlstate
from dashboard.db import Database
from dashboard.i18n import Translator, language, number
from dashboard.ids import KPI_IDS, Explore
from dashboard.model import (
    clicked_place,
    explore_view,
    jobs_note,
    legend_toggle,
    place_view,
    result_summary,
    selected_layer,
)
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
        Output(Explore.MAP_EMPTY, "hidden"),
        Input(Explore.SEARCH, "value"),
        *(Input(element, "value") for element in FILTERS),
        # assets/downloads.js sets it when the server is back after a failure: the view is computed again.
        Input(Explore.RETRY, "data"),
        State(Explore.LANG, "data"),
    )
    def show_selection(q, drivers, regions, categories, clusters, statuses, _, lang):
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
        lang = language(lang)
        selection = urlstate.parse(params, vocab)
        view = explore_view(db.cursor(), selection, vocab, lang)
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
            result_summary(view, translator, lang),
            *(number(k, lang) for k in kpis),
            jobs_note(figures, translator, lang),
            bool(view.rows or view.zones_layer["features"]),
        )

    @app.callback(
        Output(Explore.DETAIL, "is_open"),
        Output(Explore.DETAIL, "title"),
        Output(Explore.DETAIL_BODY, "children"),
        Output(Explore.PLACE, "data"),
        Output(Explore.SELECTED, "data"),
        Output(Explore.TABLE, "selectedRows"),
        Output(Explore.TABLE, "scrollTo"),
        Output(Explore.MAP, "viewport", allow_duplicate=True),
        # Clicks are counted: the same site clicked again (after closing its panel) opens it again.
        Input(Explore.SITES, "n_clicks"),
        Input(Explore.ZONES, "n_clicks"),
        Input(Explore.TABLE, "cellClicked"),
        State(Explore.SITES, "clickData"),
        State(Explore.ZONES, "clickData"),
        State(Explore.LANG, "data"),
        prevent_initial_call=True,
    )
    def open_detail(_, __, cell, site_click, zone_click, lang):
        # Map and list in step: a row flies the map to its place, a marker selects and shows its row.
        from_table = ctx.triggered_id == Explore.TABLE
        if from_table:
            place_id = (cell or {}).get("rowId")
        else:
            place_id = clicked_place(site_click if ctx.triggered_id == Explore.SITES else zone_click)
        if not place_id:
            return (no_update,) * 8
        lang = language(lang)
        place = queries.place(db.cursor(), str(place_id))
        if place is None:
            return True, "", detail(None, vocab, translator, lang), None, selected_layer(None), [], no_update, no_update
        row = {"ids": [place["id"]] if place["kind"] == "site" else []}
        return (
            True,
            vocab.label("categories", place["category"], lang),
            detail(place, vocab, translator, lang),
            place["id"],
            selected_layer(place),
            row,
            no_update if from_table or not row["ids"] else {"rowId": place["id"]},
            place_view(place) if from_table else no_update,
        )

    @app.callback(
        Output(Explore.PLACE, "data", allow_duplicate=True),
        Output(Explore.SELECTED, "data", allow_duplicate=True),
        Input(Explore.DETAIL, "is_open"),
        prevent_initial_call=True,
    )
    def close_detail(is_open):
        return (no_update, no_update) if is_open else (None, selected_layer(None))

    @app.callback(
        Output(Explore.MAP, "viewport", allow_duplicate=True),
        Input(Explore.ZOOM_TO, "n_clicks"),
        State(Explore.PLACE, "data"),
        prevent_initial_call=True,
    )
    def zoom_to(_, place_id):
        place = queries.place(db.cursor(), str(place_id)) if isinstance(place_id, str) else None
        return place_view(place) if place else no_update

    @app.callback(
        Output(Explore.CATEGORIES, "value", allow_duplicate=True),
        Input({"type": Explore.LEGEND_TOGGLE, "category": ALL}, "n_clicks"),
        State(Explore.CATEGORIES, "value"),
        prevent_initial_call=True,
    )
    def toggle_category(_, chosen):
        shown = legend_toggle(chosen, ctx.triggered_id["category"] if ctx.triggered_id else None, vocab)
        return no_update if shown is None else shown

    # The legend says which categories are shown (all of them when the filter picks none).
    app.clientside_callback(
        """
        function (chosen) {
            const toggles = dash_clientside.callback_context.outputs_list;
            return toggles.map((toggle) => String(!chosen || !chosen.length || chosen.includes(toggle.id.category)));
        }
        """,
        Output({"type": Explore.LEGEND_TOGGLE, "category": ALL}, "aria-pressed"),
        Input(Explore.CATEGORIES, "value"),
    )

    @app.callback(
        Output(Explore.SEARCH, "value"),
        *(Output(element, "value") for element in FILTERS),
        Input(Explore.RESET, "n_clicks"),
        prevent_initial_call=True,
    )
    def clear_filters(_):
        return "", *([] for _ in FILTERS[:-1]), list(CURRENT_STATUSES)

    # On phones the filters are a drawer: the button opens it, "show the results" or the backdrop closes it.
    app.clientside_callback(
        """
        function () {
            const open = dash_clientside.callback_context.triggered_id === "explore-filters-toggle";
            return ["atlas-sidebar" + (open ? " atlas-drawer-open" : ""), String(open)];
        }
        """,
        Output(Explore.FILTERS, "className"),
        Output(Explore.FILTERS_TOGGLE, "aria-expanded"),
        Input(Explore.FILTERS_TOGGLE, "n_clicks"),
        Input(Explore.FILTERS_CLOSE, "n_clicks"),
        Input(Explore.FILTERS_BACKDROP, "n_clicks"),
        prevent_initial_call=True,
    )

    # The URL follows the selection and names the page's language, so a copied link restores the
    # view as it was seen; the downloads (in that language, the tables in the table's order) and the
    # language links take the same query. The grid's rows change order when it is sorted.
    app.clientside_callback(
        """
        function (query, lang) {
            const selection = query ? query + "&" : "";
            const suffix = "?" + selection + "lang=" + lang;
            if (window.location.search !== suffix) {
                window.history.replaceState(null, "", window.location.pathname + suffix);
            }
            document.documentElement.lang = lang;
            let order = "";
            try {
                const sorted = dash_ag_grid.getApi("explore-table").getColumnState().find((column) => column.sort);
                order = sorted ? "&sort=" + (sorted.sort === "desc" ? "-" : "") + sorted.colId : "";
            } catch (notReady) {
                order = "";
            }
            const links = dash_clientside.callback_context.outputs_list[5];
            return [
                "/api/sites.csv" + suffix + order,
                "/api/sites.xlsx" + suffix + order,
                ...["sites.geojson", "brief.pdf", "map.png"].map((name) => "/api/" + name + suffix),
                links.map((link) => "?" + selection + "lang=" + link.id.lang),
            ];
        }
        """,
        Output(Explore.DOWNLOAD_CSV, "href"),
        Output(Explore.DOWNLOAD_XLSX, "href"),
        Output(Explore.DOWNLOAD_GEOJSON, "href"),
        Output(Explore.DOWNLOAD_PDF, "href"),
        Output(Explore.DOWNLOAD_PNG, "href"),
        Output({"type": Explore.LANGUAGE_LINK, "lang": ALL}, "href"),
        Input(Explore.QUERY, "data"),
        Input(Explore.LANG, "data"),
        Input(Explore.TABLE, "virtualRowData"),
    )
