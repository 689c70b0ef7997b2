"""The explore page: filters, key figures, the map, the table and the detail panel, in the visitor's language."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import dash_leaflet as dl
from dash import dcc, html

from dashboard.i18n import N_, Translator
from dashboard.ids import KPI_IDS, Explore
from dashboard.model import ExploreTexts, ExploreView, selected_layer
from dashboard.queries import DISTANCE_COLUMN, RADII, Selection
from dashboard.vocab import Vocabularies
from layouts.basemap import MAP_JS, atlas_map, near_area
from layouts.components import (
    detail,
    download_link,
    figure_card,
    filter_options,
    headline_tiles,
    language_links,
    symbol,
)

FIGURE_LABELS = {
    "sites": N_("Sites"),
    "jobs": N_("Known jobs"),
    "plant": N_("Plants"),
    "technical_centre": N_("Technical & R&D centres"),
    "test_track": N_("Test tracks"),
    "av_zone": N_("AV zones"),
}
# The table's columns: (field, header, width options); the distance shows around a centre only.
COLUMNS = (
    (DISTANCE_COLUMN, N_("Distance (km)"), {"width": 130, "type": "rightAligned"}),
    ("name", N_("Name"), {"flex": 2, "minWidth": 200}),
    ("organisation", N_("Organisation"), {"flex": 1.5, "minWidth": 150}),
    ("category_label", N_("Category"), {"flex": 1, "minWidth": 140}),
    ("region_label", N_("Region"), {"flex": 1, "minWidth": 120}),
    ("commune_name", N_("Commune"), {"flex": 1, "minWidth": 120}),
    ("status_label", N_("Status"), {"width": 120}),
    ("jobs", N_("Jobs"), {"width": 100, "type": "rightAligned"}),
)
# AG Grid's own texts that a visitor can meet with this grid (no filters, no pagination).
GRID_TEXTS = {
    "noRowsToShow": N_("No site matches these filters."),
    "loadingOoo": N_("Loading…"),
    "ariaSortableColumn": N_("Press Enter to sort"),
}

DOWNLOAD_BUTTON = "btn btn-sm btn-light ms-1"
# Rows the table asks for at a time.
TABLE_BLOCK = 100


def _checklist(element_id: str, vocab: Vocabularies, kind: str, chosen: tuple[str, ...], lang: str):
    return dbc.Checklist(
        id=element_id, options=filter_options(vocab, kind, lang), value=list(chosen), className="atlas-checklist"
    )


def _filter_group(title: str, *controls) -> html.Fieldset:
    return html.Fieldset([html.Legend(title, className="atlas-filter-title"), *controls], className="mb-3")


def filters(
    vocab: Vocabularies, selection: Selection, t: Translator, lang: str, centre: dict | None = None
) -> html.Div:
    """The filter panel, preset to a selection (`centre`: the option of its centre, for near_filter)."""
    groups = (
        (N_("Innovation driver"), Explore.DRIVERS, "drivers", selection.drivers),
        (N_("Region"), Explore.REGIONS, "regions", selection.regions),
        (N_("Category"), Explore.CATEGORIES, "categories", selection.categories),
        (N_("Cluster"), Explore.CLUSTERS, "clusters", selection.clusters),
    )
    return html.Div(
        [
            html.Div(
                [
                    html.Label(t.gettext(lang, "Search"), htmlFor=Explore.SEARCH, className="atlas-filter-title"),
                    dbc.Input(
                        id=Explore.SEARCH,
                        type="search",
                        value=selection.q,
                        debounce=0.3,
                        placeholder=t.gettext(lang, "Name, organisation, commune, category…"),
                        maxLength=100,
                    ),
                ],
                className="mb-3",
            ),
            near_filter(selection, centre, t, lang),
            *(
                _filter_group(t.gettext(lang, title), _checklist(element, vocab, kind, chosen, lang))
                for title, element, kind, chosen in groups
            ),
            _filter_group(
                t.gettext(lang, "Status"),
                _checklist(Explore.STATUSES, vocab, "statuses", selection.statuses, lang),
                html.Div(t.gettext(lang, "Closed and ended places are shown in grey."), className="atlas-filter-note"),
            ),
            dbc.Button(t.gettext(lang, "Clear filters"), id=Explore.RESET, color="secondary", outline=True, size="sm"),
        ],
        className="atlas-filters",
    )


def near_filter(selection: Selection, centre: dict | None, t: Translator, lang: str) -> html.Fieldset:
    """Places within a radius of a site, a commune (searched as one types) or a point picked on the map.

    `centre` is the option ({"value", "label"}) of the centre the address names, None without one.
    """
    low, high = RADII
    return _filter_group(
        t.gettext(lang, "Near a place"),
        html.Label(t.gettext(lang, "Site, commune or point"), htmlFor=Explore.NEAR, className="visually-hidden"),
        dcc.Dropdown(
            id=Explore.NEAR,
            options=[centre] if centre else [],
            value=centre["value"] if centre else None,
            placeholder=t.gettext(lang, "A site or a commune…"),
            searchable=True,
            clearable=True,
            labels={
                "search": t.gettext(lang, "Type a name"),
                "clear_search": t.gettext(lang, "Clear"),
                "clear_selection": t.gettext(lang, "Clear"),
                "no_options_found": t.gettext(lang, "Type at least two letters of a site or a commune."),
            },
            className="atlas-near",
        ),
        html.Div(
            [
                html.Label(t.gettext(lang, "within"), htmlFor=Explore.RADIUS, className="input-group-text"),
                dbc.Input(
                    id=Explore.RADIUS, type="number", min=low, max=high, step=1, value=selection.radius, debounce=0.5
                ),
                html.Span(t.gettext(lang, "km"), className="input-group-text"),
            ],
            className="input-group input-group-sm mt-2",
        ),
        html.Button(
            t.gettext(lang, "Pick a point on the map"),
            id=Explore.NEAR_PICK,
            type="button",
            className="btn btn-outline-secondary btn-sm mt-2",
            **{
                "aria-pressed": "false",
                "data-idle": t.gettext(lang, "Pick a point on the map"),
                "data-picking": t.gettext(lang, "Click the map where the circle goes…"),
            },
        ),
    )


def figures_row(t: Translator, lang: str, texts: ExploreTexts | None) -> dbc.Row:
    """The key-figure cards, with the numbers of the view shown (callbacks change them with the selection)."""
    return dbc.Row(
        [
            dbc.Col(
                figure_card(
                    KPI_IDS[key],
                    t.gettext(lang, label),
                    *((texts.figures[key], texts.jobs_note if key == "jobs" else None) if texts else ()),
                ),
                xs=4,
                xl=2,
            )
            for key, label in FIGURE_LABELS.items()
        ],
        className="g-2 mb-2",
    )


def legend(vocab: Vocabularies, t: Translator, lang: str, shown: tuple[str, ...]) -> html.Ul:
    """The category symbols under the map, each a toggle that shows or hides its category, then the grey."""
    toggles = [
        html.Li(
            html.Button(
                [symbol(vocab, code), " ", vocab.label("categories", code, lang)],
                id={"type": Explore.LEGEND_TOGGLE, "category": code},
                type="button",
                className="atlas-legend-toggle",
                title=t.gettext(lang, "Show or hide this category"),
                **{"aria-pressed": "true" if not shown or code in shown else "false"},
            ),
            className="atlas-legend-item",
        )
        for code in vocab.codes("categories")
    ]
    gone = html.Li(
        [symbol(vocab, "plant", gone=True), " ", t.gettext(lang, "Closed or ended")], className="atlas-legend-item"
    )
    return html.Ul([*toggles, gone], className="atlas-legend", **{"aria-label": t.gettext(lang, "Legend")})


def table_columns(t: Translator, lang: str, near: bool) -> list[dict]:
    """The table's columns; around a centre the distance shows, sorted nearest first."""
    columns = [{"field": field, "headerName": t.gettext(lang, header), **size} for field, header, size in COLUMNS]
    for column in columns:
        if column["field"] == DISTANCE_COLUMN:
            # Decimals in the page's language (lang is one of the atlas's language codes).
            formatted = (
                f"params.value == null ? '' : params.value.toLocaleString('{lang}', {{minimumFractionDigits: 1}})"
            )
            column.update(hide=not near, sort="asc" if near else None, valueFormatter={"function": formatted})
        else:
            column["sort"] = None
    return columns


def table(t: Translator, lang: str, near: bool = False) -> dag.AgGrid:
    """The table of the selected places, paged from the server as it scrolls; a row click opens the detail panel.

    Its rows come by blocks from /api/table.json (assets/grid.js), sorted there: the page carries
    none, whatever the number of places.
    """
    return dag.AgGrid(
        id=Explore.TABLE,
        columnDefs=table_columns(t, lang, near),
        rowModelType="infinite",
        getRowId="params.data.id",
        defaultColDef={"sortable": True, "resizable": True},
        dashGridOptions={
            "rowSelection": {"mode": "singleRow", "checkboxes": False},
            "animateRows": False,
            "cacheBlockSize": TABLE_BLOCK,
            "maxBlocksInCache": 20,
            # Rows and headers tall enough for a finger.
            "rowHeight": 44,
            "headerHeight": 44,
            "localeText": {key: t.gettext(lang, text) for key, text in GRID_TEXTS.items()},
            # One tab stop: Tab leaves the grid, the arrow keys move in it (assets/grid.js).
            "tabToNextCell": {"function": "leaveOnTab(params)"},
            "tabToNextHeader": {"function": "leaveOnTab(params)"},
        },
        eventListeners={"cellKeyDown": ["openOnKey(params, setEventData)"]},
        className="ag-theme-quartz atlas-table",
        style={"height": "360px"},
    )


def headline(figures: list[dict[str, Any]], t: Translator, lang: str) -> html.Section:
    """The headline figures quoted from the cluster documents, each with its document's year."""
    return html.Section(
        [
            html.H2(
                t.gettext(lang, "Headline figures from the cluster documents"),
                id=Explore.HEADLINE,
                tabIndex="-1",
                className="h6 text-muted",
            ),
            dbc.Row(
                [dbc.Col(tile, xs=12, sm=6, lg=True) for tile in headline_tiles(figures, lang, "atlas")],
                className="g-2",
            ),
        ],
        className="my-3",
    )


def close_button(element_id: str, t: Translator, lang: str) -> html.Button:
    """Bootstrap's close cross, named in the page's language (the components' own is named in English)."""
    return html.Button(
        id=element_id, type="button", className="btn-close atlas-close", **{"aria-label": t.gettext(lang, "Close")}
    )


def skip_link(label: str, target: str) -> html.A:
    """A link for keyboards past what they would otherwise tab through, shown when it has the focus."""
    return html.A(label, href=f"#{target}", className="atlas-skip")


def busy(children, *targets: str) -> dcc.Loading:
    """Children dimmed under a spinner while a callback updates them (after a short delay, no flicker)."""
    return dcc.Loading(
        children,
        type="circle",
        delay_show=250,
        overlay_style={"visibility": "visible", "opacity": 0.5},
        target_components={target: "*" for target in targets} or None,
        color="#1f5fa8",
    )


def alert(t: Translator, lang: str) -> html.Div:
    """Where failures are told (assets/feedback.js writes in it), with each message in the page's language."""
    messages = {
        "offline": N_("The server cannot be reached: the figures, map and table may not match your filters. Retrying…"),
        "back": N_("The connection is back: the view is up to date."),
        "failed": N_("The download could not be prepared. Please try again in a moment."),
        "preparing": N_("Preparing…"),
    }
    return html.Div(
        id=Explore.ALERT,
        role="alert",
        className="atlas-alert",
        hidden=True,
        **{f"data-{key}": t.gettext(lang, text) for key, text in messages.items()},
        **{"data-atlas-alert": "", "data-retry": Explore.RETRY},
    )


def share_dialog(t: Translator, lang: str) -> dbc.Modal:
    """The share dialog: the link to this view, its QR code, and the code to embed the map in another page."""
    return dbc.Modal(
        [
            dbc.ModalHeader(
                [
                    dbc.ModalTitle(t.gettext(lang, "Share this view"), id=Explore.SHARE_TITLE),
                    close_button(Explore.SHARE_CLOSE, t, lang),
                ],
                close_button=False,
            ),
            dbc.ModalBody(
                [
                    html.Label(t.gettext(lang, "Link"), htmlFor=Explore.SHARE_LINK, className="form-label"),
                    html.Div(
                        [
                            dbc.Input(id=Explore.SHARE_LINK, readonly=True, type="url"),
                            html.Button(
                                t.gettext(lang, "Copy the link"),
                                id=Explore.SHARE_COPY,
                                type="button",
                                className="btn btn-primary",
                                **{"data-copied": t.gettext(lang, "Link copied.")},
                            ),
                        ],
                        className="input-group mb-1",
                    ),
                    html.Div(id=Explore.SHARE_COPIED, role="status", className="small text-success mb-2"),
                    html.Img(id=Explore.SHARE_QR, className="atlas-share-qr", width=180, height=180),
                    html.Label(
                        t.gettext(lang, "Embed this map in your own web page"),
                        htmlFor=Explore.SHARE_EMBED,
                        className="form-label mt-2",
                    ),
                    dcc.Textarea(id=Explore.SHARE_EMBED, readOnly=True, className="form-control atlas-share-embed"),
                ]
            ),
        ],
        id=Explore.SHARE,
        labelledby=Explore.SHARE_TITLE,
        is_open=False,
        size="lg",
    )


def layout(
    vocab: Vocabularies,
    figures: list[dict[str, Any]],
    tile_url: str,
    t: Translator,
    lang: str,
    selection: Selection | None = None,
    place: dict[str, Any] | None = None,
    view: tuple[float, float, int] | None = None,
    centre: dict | None = None,
    shown: tuple[ExploreView, ExploreTexts] | None = None,
    sites: dict[str, Any] | None = None,
) -> html.Div:
    """The whole explore page in a language, preset from its address: filters, open place, map view.

    `centre` is the option ({"value", "label"}) of the centre the address names, if any; `shown` is the
    selection's zones and figures with their texts, and `sites` its sites in the map's opening
    view, drawn in the page itself so that its first markers need no callback or request (without
    them the page starts empty).
    """
    selection = selection or Selection()
    result, texts = shown or (None, None)
    circle = result.near_layer if result else None
    # A view given in the address is kept on arrival; else the map fits the selection.
    map_options = {"viewport": result.viewport} if result and result.viewport and not view else {}
    return html.Div(
        [
            dcc.Store(id=Explore.QUERY, data=result.query if result else None),
            dcc.Store(id=Explore.MAP_QUERY, data=result.query if result else None),
            dcc.Store(id=Explore.DRAWN_QUERY),
            dcc.Store(id=Explore.LANG, data=lang),
            dcc.Store(id=Explore.RETRY),
            # The site or zone whose details are open.
            dcc.Store(id=Explore.PLACE, data=place["id"] if place else None),
            dcc.Store(id=Explore.ADDRESS),
            dcc.Store(id=Explore.RESTORE_SITE),
            html.Nav(
                [
                    skip_link(t.gettext(lang, "Skip to the map"), Explore.MAP),
                    skip_link(t.gettext(lang, "Skip to the table"), Explore.TABLE_SECTION),
                ],
                **{"aria-label": t.gettext(lang, "Skip links")},
            ),
            dbc.Navbar(
                dbc.Container(
                    [
                        html.Div(
                            [
                                html.H1(t.gettext(lang, "Mobility Valley Atlas"), className="atlas-title"),
                                html.Div(
                                    t.gettext(
                                        lang,
                                        "The automotive & mobility ecosystem of the Seine axis and the east of France",
                                    ),
                                    className="atlas-subtitle d-none d-sm-block",
                                ),
                            ]
                        ),
                        html.Div(
                            [
                                language_links(
                                    lang, t.gettext(lang, "Language"), "atlas", id_type=Explore.LANGUAGE_LINK
                                ),
                                html.Button(
                                    t.gettext(lang, "Share"),
                                    id=Explore.SHARE_OPEN,
                                    type="button",
                                    className="btn btn-sm btn-light me-1",
                                ),
                                html.Button(
                                    t.gettext(lang, "Filters"),
                                    id=Explore.FILTERS_TOGGLE,
                                    type="button",
                                    className="btn btn-outline-light btn-sm d-lg-none me-2",
                                    **{"aria-controls": Explore.FILTERS, "aria-expanded": "false"},
                                ),
                                download_link(Explore.DOWNLOAD_CSV, "CSV", "sites.csv", DOWNLOAD_BUTTON),
                                download_link(Explore.DOWNLOAD_XLSX, "Excel", "sites.xlsx", DOWNLOAD_BUTTON),
                                download_link(Explore.DOWNLOAD_GEOJSON, "GeoJSON", "sites.geojson", DOWNLOAD_BUTTON),
                                download_link(
                                    Explore.DOWNLOAD_PDF, t.gettext(lang, "PDF brief"), "brief.pdf", DOWNLOAD_BUTTON
                                ),
                                download_link(
                                    Explore.DOWNLOAD_PNG, t.gettext(lang, "Map PNG"), "map.png", DOWNLOAD_BUTTON
                                ),
                            ],
                            className="d-flex align-items-center flex-wrap",
                        ),
                    ],
                    fluid=True,
                ),
                color="dark",
                dark=True,
                className="atlas-navbar",
            ),
            dbc.Container(
                dbc.Row(
                    [
                        # Beside the map on wide screens; a drawer opened from the top on phones.
                        dbc.Col(
                            [
                                html.Div(
                                    [
                                        html.H2(t.gettext(lang, "Filters"), className="h5 m-0"),
                                        dbc.Button(
                                            t.gettext(lang, "Show the results"),
                                            id=Explore.FILTERS_CLOSE,
                                            color="primary",
                                            size="sm",
                                        ),
                                    ],
                                    className="atlas-drawer-head d-lg-none",
                                ),
                                filters(vocab, selection, t, lang, centre),
                            ],
                            id=Explore.FILTERS,
                            lg=3,
                            xl=2,
                            className="atlas-sidebar",
                        ),
                        html.Div(id=Explore.FILTERS_BACKDROP, className="atlas-drawer-backdrop d-lg-none"),
                        dbc.Col(
                            [
                                alert(t, lang),
                                busy(figures_row(t, lang, texts), *KPI_IDS.values()),
                                html.Div(
                                    texts.summary if texts else None,
                                    id=Explore.RESULT_COUNT,
                                    className="atlas-result-count",
                                    role="status",
                                ),
                                busy(
                                    html.Div(
                                        [
                                            atlas_map(
                                                Explore,
                                                tile_url,
                                                lang,
                                                t,
                                                vocab,
                                                view=view,
                                                places=(sites, result.zones_layer) if result else None,
                                                overlays=(
                                                    near_area(circle, id=Explore.NEAR_AREA),
                                                    dl.GeoJSON(
                                                        id=Explore.SELECTED,
                                                        data=selected_layer(place),
                                                        pointToLayer=MAP_JS("selectedRing"),
                                                        interactive=False,
                                                    ),
                                                ),
                                                **map_options,
                                            ),
                                            html.Div(
                                                t.gettext(lang, "No site matches these filters."),
                                                id=Explore.MAP_EMPTY,
                                                className="atlas-map-empty",
                                                hidden=not (texts and texts.empty),
                                            ),
                                        ],
                                        className="atlas-map-frame",
                                    ),
                                    # Dimmed while a new selection is computed, not while its sites
                                    # follow a move of the map (which would dim it at every pan).
                                    Explore.ZONES,
                                ),
                                legend(vocab, t, lang, selection.categories),
                                html.Section(
                                    [
                                        skip_link(t.gettext(lang, "Skip the table"), Explore.HEADLINE),
                                        busy(table(t, lang, near=bool(centre)), Explore.TABLE),
                                    ],
                                    id=Explore.TABLE_SECTION,
                                    tabIndex="-1",
                                    **{"aria-label": t.gettext(lang, "Table of the places shown")},
                                ),
                                headline(figures, t, lang),
                            ],
                            lg=9,
                            xl=10,
                        ),
                    ],
                    className="g-3 pt-2",
                ),
                fluid=True,
            ),
            share_dialog(t, lang),
            dbc.Offcanvas(
                [
                    close_button(Explore.DETAIL_CLOSE, t, lang),
                    html.Button(
                        t.gettext(lang, "Zoom to this place"),
                        id=Explore.ZOOM_TO,
                        type="button",
                        className="btn btn-outline-primary btn-sm mb-3",
                    ),
                    html.Div(
                        detail(place, vocab, t, lang, heading_id=Explore.DETAIL_TITLE) if place else None,
                        id=Explore.DETAIL_BODY,
                    ),
                ],
                id=Explore.DETAIL,
                title=vocab.label("categories", place["category"], lang) if place else "",
                placement="end",
                # A dialog named by the place's name; it holds the focus until closed, then gives it back.
                labelledby=Explore.DETAIL_TITLE,
                close_button=False,
                class_name="atlas-detail",
                is_open=place is not None,
                scrollable=True,
            ),
        ],
        lang=lang,
    )
