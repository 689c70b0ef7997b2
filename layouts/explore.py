"""The explore page: filters, key figures, the map, the table and the detail panel."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import Translator
from dashboard.ids import KPI_IDS, Explore
from dashboard.queries import Selection
from dashboard.vocab import Vocabularies
from layouts.basemap import atlas_map
from layouts.components import detail, figure_card, headline_tiles, legend_items, symbol

FIGURE_LABELS = {
    "sites": "Sites",
    "jobs": "Known jobs",
    "plant": "Plants",
    "technical_centre": "Technical & R&D centres",
    "test_track": "Test tracks",
    "av_zone": "AV zones",
}


def _checklist(element_id: str, vocab: Vocabularies, kind: str, chosen: tuple[str, ...], label_key: str = "en"):
    options = [
        {
            "label": [symbol(vocab, code), " ", vocab.label(kind, code)]
            if kind == "categories"
            else vocab.attribute(kind, code, label_key) or vocab.label(kind, code),
            "value": code,
        }
        for code in vocab.codes(kind)
    ]
    return dbc.Checklist(id=element_id, options=options, value=list(chosen), className="atlas-checklist")


def _filter_group(title: str, control) -> html.Fieldset:
    controls = control if isinstance(control, list) else [control]
    return html.Fieldset([html.Legend(title, className="atlas-filter-title"), *controls], className="mb-3")


def filters(vocab: Vocabularies, selection: Selection) -> html.Div:
    """The filter panel, preset to a selection."""
    return html.Div(
        [
            html.Div(
                [
                    html.Label("Search", htmlFor=Explore.SEARCH, className="atlas-filter-title"),
                    dbc.Input(
                        id=Explore.SEARCH,
                        type="search",
                        value=selection.q,
                        debounce=0.3,
                        placeholder="Name, organisation or commune",
                        maxLength=100,
                    ),
                ],
                className="mb-3",
            ),
            _filter_group(
                "Innovation driver", _checklist(Explore.DRIVERS, vocab, "drivers", selection.drivers, "short_en")
            ),
            _filter_group("Region", _checklist(Explore.REGIONS, vocab, "regions", selection.regions)),
            _filter_group("Category", _checklist(Explore.CATEGORIES, vocab, "categories", selection.categories)),
            _filter_group("Cluster", _checklist(Explore.CLUSTERS, vocab, "clusters", selection.clusters)),
            _filter_group(
                "Status",
                [
                    _checklist(Explore.STATUSES, vocab, "statuses", selection.statuses),
                    html.Div("Closed and ended places are shown in grey.", className="atlas-filter-note"),
                ],
            ),
            dbc.Button("Clear filters", id=Explore.RESET, color="secondary", outline=True, size="sm"),
        ],
        className="atlas-filters",
    )


def figures_row() -> dbc.Row:
    """The key-figure cards; callbacks fill their numbers."""
    return dbc.Row(
        [dbc.Col(figure_card(KPI_IDS[key], label), xs=6, md=4, xl=2) for key, label in FIGURE_LABELS.items()],
        className="g-2 mb-2",
    )


def legend(vocab: Vocabularies) -> html.Ul:
    """Category symbols as a compact legend under the map, and the grey of places no longer there."""
    gone = html.Li([symbol(vocab, "plant", gone=True), " Closed or ended"], className="atlas-legend-item")
    return html.Ul(
        [*legend_items(vocab, class_name="atlas-legend-item"), gone],
        className="atlas-legend",
        **{"aria-label": "Legend"},
    )


def table() -> dag.AgGrid:
    """The table of the selected sites; a row click opens the detail panel."""
    columns = [
        {"field": "name", "headerName": "Name", "flex": 2, "minWidth": 200},
        {"field": "organisation", "headerName": "Organisation", "flex": 1.5, "minWidth": 150},
        {"field": "category_label", "headerName": "Category", "flex": 1, "minWidth": 140},
        {"field": "region_label", "headerName": "Region", "flex": 1, "minWidth": 120},
        {"field": "commune_name", "headerName": "Commune", "flex": 1, "minWidth": 120},
        {"field": "status_label", "headerName": "Status", "width": 110},
        {"field": "jobs", "headerName": "Jobs", "width": 100, "type": "rightAligned"},
    ]
    return dag.AgGrid(
        id=Explore.TABLE,
        columnDefs=columns,
        rowData=[],
        getRowId="params.data.id",
        defaultColDef={"sortable": True, "resizable": True},
        dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False}, "animateRows": False},
        className="ag-theme-quartz atlas-table",
        style={"height": "360px"},
    )


def headline(figures: list[dict[str, Any]]) -> html.Section:
    """The headline figures quoted from the cluster documents, each with its document's year."""
    return html.Section(
        [
            html.H2("Headline figures from the cluster documents", className="h6 text-muted"),
            dbc.Row(
                [dbc.Col(tile, xs=12, sm=6, lg=True) for tile in headline_tiles(figures, "en", "atlas")],
                className="g-2",
            ),
        ],
        className="my-3",
    )


def download_link(element_id: str, label: str, name: str) -> html.A:
    """A button-styled link to a download of the selection; callbacks add the query string."""
    return html.A(
        label,
        id=element_id,
        href=f"/api/{name}",
        className="btn btn-sm btn-light ms-1",
        download=f"mobility-valley-{name}",
    )


def layout(
    vocab: Vocabularies,
    figures: list[dict[str, Any]],
    tile_url: str,
    selection: Selection | None = None,
    place: dict[str, Any] | None = None,
    t: Translator | None = None,
) -> html.Div:
    """The whole explore page, its filters preset from the URL's selection, a place's details open if given."""
    selection = selection or Selection()
    return html.Div(
        [
            dcc.Store(id=Explore.QUERY),
            dbc.Navbar(
                dbc.Container(
                    [
                        html.Div(
                            [
                                html.H1("Mobility Valley Atlas", className="atlas-title"),
                                html.Div(
                                    "The automotive & mobility ecosystem of the Seine axis and the east of France",
                                    className="atlas-subtitle",
                                ),
                            ]
                        ),
                        html.Div(
                            [
                                dbc.Button(
                                    "Filters",
                                    id=Explore.FILTERS_TOGGLE,
                                    color="light",
                                    outline=True,
                                    size="sm",
                                    className="d-lg-none me-2",
                                ),
                                download_link(Explore.DOWNLOAD_CSV, "CSV", "sites.csv"),
                                download_link(Explore.DOWNLOAD_GEOJSON, "GeoJSON", "sites.geojson"),
                                download_link(Explore.DOWNLOAD_PDF, "PDF brief", "brief.pdf"),
                                download_link(Explore.DOWNLOAD_PNG, "Map PNG", "map.png"),
                            ],
                            className="d-flex align-items-center",
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
                        dbc.Col(
                            dbc.Collapse(filters(vocab, selection), id=Explore.FILTERS, is_open=True),
                            lg=3,
                            xl=2,
                            className="order-2 order-lg-1 atlas-sidebar",
                        ),
                        dbc.Col(
                            [
                                figures_row(),
                                html.Div(id=Explore.RESULT_COUNT, className="atlas-result-count", role="status"),
                                html.Div(atlas_map(Explore, tile_url), className="atlas-map-frame"),
                                legend(vocab),
                                table(),
                                headline(figures),
                            ],
                            lg=9,
                            xl=10,
                            className="order-1 order-lg-2",
                        ),
                    ],
                    className="g-3 pt-2",
                ),
                fluid=True,
            ),
            dbc.Offcanvas(
                html.Div(detail(place, vocab, t) if place and t else None, id=Explore.DETAIL_BODY),
                id=Explore.DETAIL,
                title=vocab.label("categories", place["category"]) if place else "Site",
                placement="end",
                is_open=place is not None,
                scrollable=True,
            ),
        ]
    )
