"""Callbacks of the explore page: thin wrappers around dashboard.model and dashboard.queries."""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from callbacks import maps
from dashboard import queries, share, urlstate
from dashboard.db import Database
from dashboard.i18n import Translator, language
from dashboard.ids import KPI_IDS, Explore
from dashboard.model import (
    Contents,
    centre_option,
    clicked_place,
    clicked_point,
    explore_texts,
    explore_view,
    legend_toggle,
    place_view,
    row_id,
    selected_layer,
)
from dashboard.queries import CURRENT_STATUSES, DEFAULT_RADIUS
from layouts.components import detail
from layouts.explore import table_columns

FILTERS = (Explore.DRIVERS, Explore.REGIONS, Explore.CATEGORIES, Explore.CLUSTERS, Explore.STATUSES)
# What makes the selection, in the order the callbacks below take it.
SELECTION = (
    (Explore.SEARCH, "value"),
    *((element, "value") for element in FILTERS),
    (Explore.NEAR, "value"),
    (Explore.RADIUS, "value"),
)


def register(app: Dash, db: Database[Contents], translator: Translator, public_url: str) -> None:
    """Wire the explore page; `public_url` is where shared links point (else the address the page came from)."""
    maps.follow_selection(app, Explore, SELECTION, State(Explore.STATUSES, "options"))

    @app.callback(
        Output(Explore.ZONES, "data"),
        Output(Explore.MAP, "viewport"),
        Output(Explore.QUERY, "data"),
        Output(Explore.RESULT_COUNT, "children"),
        *(Output(element, "children") for element in KPI_IDS.values()),
        Output(f"{KPI_IDS['jobs']}-note", "children"),
        Output(Explore.MAP_EMPTY, "hidden"),
        Output(Explore.NEAR_AREA, "data"),
        Input(Explore.DRAWN_QUERY, "data"),
        # assets/feedback.js sets it when the server is back after a failure: the view is computed again.
        Input(Explore.RETRY, "data"),
        *(State(*part) for part in SELECTION),
        State(Explore.LANG, "data"),
        # The page arrives with its address's selection drawn (dashboard.factory.explore_page): no round
        # trip before the first markers. This answers the visitor's changes.
        prevent_initial_call=True,
    )
    def show_selection(_, __, q, drivers, regions, categories, clusters, statuses, near, radius, lang):
        published = db.current()
        vocab = published.content.vocab
        # Same normalisation as a URL's parameters, so the live view and a reloaded link agree;
        # no status ticked means every status, as no box ticked in the other filters means all.
        params = {
            "driver": drivers or [],
            "region": regions or [],
            "category": categories or [],
            "cluster": clusters or [],
            "status": statuses or list(vocab.codes("statuses")),
            "q": q or "",
            "near": near or "",
            "radius": str(radius),
        }
        lang = language(lang)
        selection = urlstate.parse(params, vocab)
        view = explore_view(published.cursor(), selection, vocab)
        texts = explore_texts(view, vocab, translator, lang)
        return (
            view.zones_layer,
            # A changed selection fits the map to itself.
            view.viewport or no_update,
            view.query,
            texts.summary,
            *(texts.figures[key] for key in KPI_IDS),
            texts.jobs_note,
            not texts.empty,
            view.near_layer,
        )

    # Only a new centre changes the table's columns (a sort the visitor chose stays otherwise).
    @app.callback(
        Output(Explore.TABLE, "columnDefs"),
        Input(Explore.NEAR, "value"),
        State(Explore.LANG, "data"),
        prevent_initial_call=True,
    )
    def near_columns(near, lang):
        published = db.current()
        selection = urlstate.parse({"near": near or ""}, published.content.vocab)
        return table_columns(translator, language(lang), bool(queries.centre(published.cursor(), selection.near)))

    @app.callback(
        Output(Explore.NEAR, "options"),
        Input(Explore.NEAR, "search_value"),
        Input(Explore.NEAR, "value"),
        State(Explore.LANG, "data"),
        prevent_initial_call=True,
    )
    def find_centres(text, chosen, lang):
        # Sites and communes as one types; the chosen centre (typed, picked or restored by Back) stays
        # among the options, so its name stays shown.
        lang = language(lang)
        published = db.current()
        cursor = published.cursor()
        current = queries.centre(cursor, urlstate.parse_near(chosen))
        found = queries.centres(cursor, text) if isinstance(text, str) else []
        return [
            centre_option(c, published.content.vocab, translator, lang)
            for c in ([current] if current else []) + [c for c in found if not current or c.near != current.near]
        ]

    @app.callback(
        Output(Explore.NEAR, "value"),
        Output(Explore.NEAR, "options", allow_duplicate=True),
        Output(Explore.NEAR_PICK, "aria-pressed", allow_duplicate=True),
        Input(Explore.MAP, "clickData"),
        State(Explore.NEAR_PICK, "aria-pressed"),
        State(Explore.LANG, "data"),
        prevent_initial_call=True,
    )
    def pick_centre(click, picking, lang):
        # While "pick a point" is on, a click on the map puts the circle's centre there (the box
        # keeps a value only with its option, so both are given at once).
        point = clicked_point(click) if picking == "true" else None
        published = db.current()
        centre = queries.centre(published.cursor(), point) if point else None
        if centre is None:
            return no_update, no_update, no_update
        return point, [centre_option(centre, published.content.vocab, translator, language(lang))], "false"

    @app.callback(
        Output(Explore.DETAIL, "is_open"),
        Output(Explore.DETAIL, "title"),
        Output(Explore.DETAIL_BODY, "children"),
        Output(Explore.PLACE, "data"),
        Output(Explore.SELECTED, "data"),
        Output(Explore.MAP, "viewport", allow_duplicate=True),
        # Clicks are counted: the same site clicked again (after closing its panel) opens it again.
        Input(Explore.SITES, "n_clicks"),
        Input(Explore.ZONES, "n_clicks"),
        Input(Explore.TABLE, "cellClicked"),
        # Enter or Space on a row (assets/grid.js), as a click.
        Input(Explore.TABLE, "eventData"),
        # Back and Forward (assets/history.js) give the site the address names, or none.
        Input(Explore.RESTORE_SITE, "data"),
        State(Explore.SITES, "clickData"),
        State(Explore.ZONES, "clickData"),
        State(Explore.LANG, "data"),
        prevent_initial_call=True,
    )
    def open_detail(_, __, cell, key, restored, site_click, zone_click, lang):
        # Map and list in step: a row flies the map to its place, a marker selects and shows its row.
        from_table = ctx.triggered_id == Explore.TABLE
        if ctx.triggered_id == Explore.RESTORE_SITE:
            place_id = restored.get("site") if isinstance(restored, dict) else None
            if not isinstance(place_id, str) or not place_id:
                return False, no_update, no_update, None, selected_layer(None), no_update
        elif from_table:
            clicked = f"{Explore.TABLE}.cellClicked" in ctx.triggered_prop_ids
            place_id = row_id(cell if clicked else key.get("data") if isinstance(key, dict) else None)
        else:
            place_id = clicked_place(site_click if ctx.triggered_id == Explore.SITES else zone_click)
        if not place_id:
            return (no_update,) * 6
        lang = language(lang)
        published = db.current()
        vocab = published.content.vocab
        place = queries.place(published.cursor(), str(place_id))
        if place is None:
            return True, "", detail(None, vocab, translator, lang), None, selected_layer(None), no_update
        # A zone that is a site's footprint opens its site (the table selects its row: assets/grid.js).
        return (
            True,
            vocab.label("categories", place["category"], lang),
            detail(place, vocab, translator, lang, heading_id=Explore.DETAIL_TITLE),
            place["id"],
            selected_layer(place),
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

    # The table's rows by block from the server, again from the top for a new selection; the open
    # place's row selected and scrolled to (assets/grid.js).
    app.clientside_callback(
        ClientsideFunction("atlas_table", "rows"),
        Output(Explore.TABLE, "getRowsResponse"),
        Input(Explore.TABLE, "getRowsRequest"),
        State(Explore.QUERY, "data"),
        State(Explore.LANG, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("atlas_table", "refresh"), Input(Explore.QUERY, "data"), prevent_initial_call=True
    )
    # (Its output says which place the table shows: Dash calls a callback without one only on changes,
    # and the place an address opens must be shown on arrival.)
    app.clientside_callback(
        ClientsideFunction("atlas_table", "show"),
        Output(Explore.TABLE_SECTION, "data-place"),
        Input(Explore.PLACE, "data"),
        State(Explore.QUERY, "data"),
        State(Explore.LANG, "data"),
    )

    # The dialogs' own close buttons (named in the page's language).
    for dialog, close in ((Explore.DETAIL, Explore.DETAIL_CLOSE), (Explore.SHARE, Explore.SHARE_CLOSE)):
        app.clientside_callback(
            "function () { return false; }",
            Output(dialog, "is_open", allow_duplicate=True),
            Input(close, "n_clicks"),
            prevent_initial_call=True,
        )

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
        category = ctx.triggered_id["category"] if ctx.triggered_id else None
        shown = legend_toggle(chosen, category, db.current().content.vocab)
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

    # "Pick a point on the map" is a toggle: pressed, the next click on the map is the centre.
    app.clientside_callback(
        "function (_, pressed) { return String(pressed !== 'true'); }",
        Output(Explore.NEAR_PICK, "aria-pressed"),
        Input(Explore.NEAR_PICK, "n_clicks"),
        State(Explore.NEAR_PICK, "aria-pressed"),
        prevent_initial_call=True,
    )
    # While picking, the button says what to do and the map shows a crosshair.
    app.clientside_callback(
        """
        function (pressed) {
            const picking = pressed === "true";
            const button = document.getElementById("explore-near-pick");
            document.getElementById("explore-map").classList.toggle("atlas-picking", picking);
            return [picking ? button.dataset.picking : button.dataset.idle, "btn btn-sm mt-2 " +
                (picking ? "btn-primary" : "btn-outline-secondary")];
        }
        """,
        Output(Explore.NEAR_PICK, "children"),
        Output(Explore.NEAR_PICK, "className"),
        Input(Explore.NEAR_PICK, "aria-pressed"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(Explore.SEARCH, "value"),
        *(Output(element, "value") for element in FILTERS),
        Output(Explore.NEAR, "value", allow_duplicate=True),
        Output(Explore.RADIUS, "value"),
        Input(Explore.RESET, "n_clicks"),
        prevent_initial_call=True,
    )
    def clear_filters(_):
        return "", *([] for _ in FILTERS[:-1]), list(CURRENT_STATUSES), None, DEFAULT_RADIUS

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

    # The address restores everything: the selection, the open place, the map view and the language
    # (assets/history.js keeps the browser's history: Back undoes the last deliberate change).
    # The downloads (in that language, the tables in the table's order) and the language links follow.
    app.clientside_callback(
        """
        function (query, lang, request, place, zoom, center) {
            const parts = [];
            if (query) { parts.push(query); }
            if (place) { parts.push("site=" + encodeURIComponent(place)); }
            if (center && zoom !== undefined && zoom !== null) {
                const lat = Array.isArray(center) ? center[0] : center.lat;
                const lon = Array.isArray(center) ? center[1] : center.lng;
                parts.push("view=" + lat.toFixed(4) + "," + lon.toFixed(4) + "," + Math.round(zoom));
            }
            parts.push("lang=" + lang);
            const address = parts.join("&");
            window.atlas.history.write(address, dash_clientside.callback_context.triggered.map((t) => t.prop_id));
            document.documentElement.lang = lang;
            const selection = query ? query + "&" : "";
            const suffix = "?" + selection + "lang=" + lang;
            const sort = window.atlas.table.sortKey(request && request.sortModel);
            const order = sort ? "&sort=" + sort : "";
            const links = dash_clientside.callback_context.outputs_list[5];
            const own = parts.slice(0, -1).join("&");
            return [
                "/api/sites.csv" + suffix + order,
                "/api/sites.xlsx" + suffix + order,
                ...["sites.geojson", "brief.pdf", "map.png"].map((name) => "/api/" + name + suffix),
                links.map((link) => "?" + (own ? own + "&" : "") + "lang=" + link.id.lang),
                address,
            ];
        }
        """,
        Output(Explore.DOWNLOAD_CSV, "href"),
        Output(Explore.DOWNLOAD_XLSX, "href"),
        Output(Explore.DOWNLOAD_GEOJSON, "href"),
        Output(Explore.DOWNLOAD_PDF, "href"),
        Output(Explore.DOWNLOAD_PNG, "href"),
        Output({"type": Explore.LANGUAGE_LINK, "lang": ALL}, "href"),
        Output(Explore.ADDRESS, "data"),
        Input(Explore.QUERY, "data"),
        Input(Explore.LANG, "data"),
        Input(Explore.TABLE, "getRowsRequest"),
        Input(Explore.PLACE, "data"),
        Input(Explore.MAP, "zoom"),
        Input(Explore.MAP, "center"),
    )

    @app.callback(
        Output(Explore.SHARE, "is_open"),
        Output(Explore.SHARE_LINK, "value"),
        Output(Explore.SHARE_QR, "src"),
        Output(Explore.SHARE_QR, "alt"),
        Output(Explore.SHARE_EMBED, "value"),
        Output(Explore.SHARE_COPIED, "children"),
        Input(Explore.SHARE_OPEN, "n_clicks"),
        State(Explore.ADDRESS, "data"),
        State(Explore.LANG, "data"),
        prevent_initial_call=True,
    )
    def open_share(_, address, lang):
        lang = language(lang)
        shared = share.shared_view(share.public_base(public_url), address if isinstance(address, str) else "")
        alt = translator.gettext(lang, "QR code of a link to this view: {link}", link=shared.link)
        title = translator.gettext(lang, "Mobility Valley Atlas")
        return True, shared.link, share.qr_code(shared.link), alt, shared.embed_code(title), ""

    # Copying the link says so (the browser's clipboard; the field stays selectable where it is refused).
    app.clientside_callback(
        """
        function (_, link) {
            const button = document.getElementById("explore-share-copy");
            return navigator.clipboard.writeText(link).then(() => button.dataset.copied, () => "");
        }
        """,
        Output(Explore.SHARE_COPIED, "children", allow_duplicate=True),
        Input(Explore.SHARE_COPY, "n_clicks"),
        State(Explore.SHARE_LINK, "value"),
        prevent_initial_call=True,
    )
