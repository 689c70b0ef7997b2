"""Presentation mode: the tour list, and a tour played step by step on a projector.

The step's content (title, text, figures, chart, map) is filled in by callbacks/present.py;
present.js turns the presenter's keys and clicker into steps and keeps the URL on the step.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.i18n import Translator, number, page_title
from dashboard.ids import Present
from dashboard.tours import TourFile, localized
from dashboard.vocab import Vocabularies
from layouts.basemap import atlas_map
from layouts.components import download_link, language_links, legend_items, place_card, symbol

# The tours' language links name themselves in all three languages (the audience may read any).
LANGUAGE_LABEL = "Language / Langue / Sprache"


def problems(found: TourFile, t: Translator, lang: str) -> html.Div:
    """Why a tour file cannot be played, one line a problem (file, step, field, reason)."""
    return html.Div(
        [
            html.H2(t.gettext(lang, "{file} cannot be played", file=found.path.name), className="h5"),
            html.P(t.gettext(lang, "Correct these problems in the file, then reload the page:")),
            html.Ul([html.Li(str(problem)) for problem in found.problems]),
        ],
        className="alert alert-warning present-broken",
        role="alert",
    )


def tour_card(found: TourFile, t: Translator, lang: str) -> html.Article:
    """A tour to start, or the problems of a tour file that cannot be played."""
    if found.tour is None:
        return html.Article(problems(found, t, lang), className="present-card")
    tour = found.tour
    steps = len(tour["steps"])
    return html.Article(
        [
            html.H2(localized(tour["title"], lang)),
            html.P(localized(tour["summary"], lang)),
            html.P(t.gettext(lang, "{count} steps", count=number(steps, lang)), className="present-card-meta"),
            dcc.Link(
                t.gettext(lang, "Start the tour"),
                href=f"/present/{found.id}/1?lang={lang}",
                className="btn btn-primary btn-lg",
            ),
        ],
        className="present-card",
        id=f"present-tour-{found.id}",
    )


def tour_list(files: list[TourFile], t: Translator, lang: str, missing: str | None = None) -> html.Div:
    """The tours a promoter can play, each broken file shown with its problems."""
    notice = (
        html.Div(
            t.gettext(lang, "There is no tour called “{tour}”.", tour=missing),
            className="alert alert-info",
            role="status",
        )
        if missing
        else None
    )
    return html.Div(
        [
            html.Header(
                [
                    html.H1(t.gettext(lang, "Guided tours")),
                    html.P(t.gettext(lang, "Present the Mobility Valley with live data, step by step.")),
                    language_links(lang, LANGUAGE_LABEL, "present"),
                ],
                className="present-list-header",
            ),
            notice,
            html.Div([tour_card(found, t, lang) for found in files], className="present-cards"),
        ],
        className="present-list",
        lang=lang,
    )


def step_list(tour: dict, t: Translator, lang: str) -> html.Nav:
    """Every step of the tour by its title, to jump to (present.js opens it and marks the current step)."""
    return html.Nav(
        html.Ol(
            [
                html.Li(
                    html.Button(
                        localized(step["title"], lang),
                        className="present-step-link",
                        **{"data-action": "goto", "data-step": str(index)},
                    )
                )
                for index, step in enumerate(tour["steps"])
            ]
        ),
        id=Present.STEP_LIST,
        className="present-step-list",
        hidden=True,
        **{"aria-label": t.gettext(lang, "Steps of the tour")},
    )


# Marks a panel laid over the map: the map's names move out from under it (assets/map.js).
MAP_OVERLAY = {"data-map-overlay": ""}
# The most sites a step's panel lists (in two columns, it fits under the text at 1280×720).
LISTED_SITES = 12


def chart(figure: dict[str, Any], bars: int) -> dcc.Graph:
    """A step's chart: it grows with the number of bars and shrinks to the room left on a small screen."""
    return dcc.Graph(
        id=Present.CHART,
        figure=figure,
        config={"displayModeBar": False, "responsive": True},
        className="present-chart",
        style={"maxHeight": f"{110 + 56 * bars}px"},
    )


def site_list(sites: list[dict[str, Any]], vocab: Vocabularies, t: Translator, lang: str) -> list:
    """The step's sites by name with their commune, for a step without a chart: the panel's room used."""
    shown = sites if len(sites) <= LISTED_SITES else sites[: LISTED_SITES - 1]
    items = [
        html.Li([symbol(vocab, site["category"]), " ", site["name"], html.Span(f" · {site['commune_name']}")])
        for site in shown
    ]
    if len(shown) < len(sites):
        items.append(html.Li(t.gettext(lang, "… and {count} more (CSV download)", count=len(sites) - len(shown))))
    heading = t.gettext(lang, "Sites in this view ({count})", count=number(len(sites), lang))
    return [html.H2(heading), html.Ul(items)]


def closing(
    vocab: Vocabularies, t: Translator, lang: str, atlas_link: str | None, atlas_qr: str | None
) -> html.Section:
    """The screen after the last step: the atlas's address (a QR code and text) and the clusters' websites.

    The address is left out when the audience could not open it (the atlas served on this machine only).
    """
    contacts = [
        html.Li([html.Strong(vocab.label("clusters", code, lang)), html.Span(website)])
        for code in vocab.codes("clusters")
        if (website := vocab.attribute("clusters", code, "website"))
    ]
    qr, address = [], []
    if atlas_link and atlas_qr:
        qr = [html.Img(src=atlas_qr, alt=t.gettext(lang, "QR code of the atlas: {link}", link=atlas_link))]
        address = [
            html.P(t.gettext(lang, "Explore the ecosystem yourself:")),
            html.P(atlas_link, className="present-closing-address"),
        ]
    return html.Section(
        [
            html.H1(t.gettext(lang, "Thank you")),
            html.Div(
                [*qr, html.Div([*address, html.H2(t.gettext(lang, "Contacts")), html.Ul(contacts)])],
                className="present-closing-body",
            ),
        ],
        id=Present.CLOSING,
        className="present-closing",
        hidden=True,
        **{"aria-live": "polite"},
    )


def button(element_id: str, action: str, symbol: str | html.Img, label: str, **attributes) -> html.Button:
    """A toolbar button present.js acts on: a symbol, its label for screen readers and as a tooltip."""
    return html.Button(
        [html.Span(symbol, **{"aria-hidden": "true"}), html.Span(label, className="visually-hidden")],
        id=element_id,
        title=label,
        className="btn present-button",
        **{"data-action": action},
        **attributes,
    )


def export_link(element_id: str, label: str, name: str) -> html.A:
    """A download of the current step; the step callback sets its address."""
    return download_link(element_id, label, name, "present-export", href="#")


def layout(
    found: TourFile,
    step: int,
    vocab: Vocabularies,
    t: Translator,
    lang: str,
    tile_url: str,
    atlas_link: str | None,
    atlas_qr: str | None,
) -> html.Div:
    """A tour at a step (0-based); the step callback fills in the content.

    `atlas_link` (with its QR code `atlas_qr`) is the atlas's public address, for the closing screen.
    """
    tour = found.tour
    steps = len(tour["steps"])
    return html.Div(
        [
            dcc.Store(id=Present.STEP, data=step),
            dcc.Store(id=Present.TOUR, data=found.id),
            dcc.Store(id=Present.LANG, data=lang),
            html.Header(
                [
                    dcc.Link(t.gettext(lang, "All tours"), href=f"/present?lang={lang}", className="present-home"),
                    html.Div(localized(tour["title"], lang), className="present-tour-title"),
                    html.Div(id=Present.COUNTER, className="present-counter", **{"aria-live": "polite"}),
                    html.Nav(
                        [
                            button(Present.PREVIOUS, "previous", "◀", t.gettext(lang, "Previous step")),
                            button(Present.NEXT, "next", "▶", t.gettext(lang, "Next step")),
                            button(
                                Present.PRESENTER_BUTTON,
                                "presenter",
                                "▣",
                                t.gettext(lang, "Presenter view (notes, next step, time)"),
                            ),
                            button(
                                Present.STEPS_BUTTON,
                                "steps",
                                "☰",
                                t.gettext(lang, "All steps"),
                                **{"aria-expanded": "false", "aria-controls": Present.STEP_LIST},
                            ),
                            button(
                                Present.FULLSCREEN,
                                "fullscreen",
                                html.Img(src="/assets/icons/fullscreen.svg", alt=""),
                                t.gettext(lang, "Full screen"),
                                **{"aria-pressed": "false"},
                            ),
                        ],
                        className="present-controls",
                    ),
                    html.Nav(
                        [
                            export_link(Present.EXPORT_PDF, t.gettext(lang, "PDF brief"), "brief.pdf"),
                            export_link(Present.EXPORT_PNG, t.gettext(lang, "Map PNG"), "map.png"),
                            export_link(Present.EXPORT_CSV, "CSV", "sites.csv"),
                            export_link(Present.EXPORT_GEOJSON, "GeoJSON", "sites.geojson"),
                        ],
                        className="present-exports",
                        **{"aria-label": t.gettext(lang, "Downloads of this step")},
                    ),
                    language_links(lang, LANGUAGE_LABEL, "present"),
                ],
                className="present-bar",
            ),
            step_list(tour, t, lang),
            closing(vocab, t, lang, atlas_link, atlas_qr),
            html.Div(
                html.Div(
                    id=Present.PROGRESS,
                    className="present-progress-bar",
                    role="progressbar",
                    **{"aria-valuemin": "1", "aria-valuemax": str(steps), "aria-label": t.gettext(lang, "Progress")},
                ),
                className="present-progress",
            ),
            html.Div(
                [
                    html.Section(
                        [
                            atlas_map(
                                Present,
                                tile_url,
                                lang,
                                t,
                                vocab,
                                class_name="present-map",
                                keyboard=False,
                            ),
                            html.Div(id=Present.MAP_CAPTION, className="present-map-caption", **MAP_OVERLAY),
                            place_card(
                                Present.DETAIL,
                                Present.DETAIL_BODY,
                                Present.DETAIL_CLOSE,
                                html.Span(t.gettext(lang, "Close"), className="visually-hidden"),
                                "present-detail",
                            ),
                            html.Ul(legend_items(vocab, lang), className="present-legend", **MAP_OVERLAY),
                        ],
                        className="present-map-wrap",
                    ),
                    html.Article(
                        [
                            html.Div(id=Present.PROBLEMS),
                            html.H1(id=Present.TITLE, className="present-title"),
                            html.P(id=Present.TEXT, className="present-text"),
                            html.Div(id=Present.HEADLINES, className="present-headlines"),
                            html.Section(id=Present.SITE_LIST, className="present-sites"),
                            # A step with a chart puts it here (`chart`): plotly.js loads only then.
                            html.Div(id=Present.CHART_SLOT, className="present-chart-slot"),
                        ],
                        className="present-panel",
                    ),
                ],
                className="present-stage",
            ),
            html.P(
                t.gettext(
                    lang,
                    "Keys: ← → or Page Up / Page Down or Space to move, Home / End, G for the steps, "
                    "B or . for a black screen, F for full screen, P for the presenter view",
                ),
                className="present-hint",
            ),
        ],
        id=Present.ROOT,
        className="present",
        lang=lang,
        # present.js reads these to move between steps and keep the URL on the current one.
        # The page's title is the step's, then the tour's (present.js follows the step).
        **{
            "data-tour": found.id,
            "data-steps": str(steps),
            "data-step": str(step),
            "data-store": Present.STEP,
            "data-title-suffix": page_title(t, lang, localized(tour["title"], lang)),
        },
    )


def presenter_step(step: dict, index: int, t: Translator, lang: str) -> html.Article:
    """One step as the presenter reads it: its title, its notes, and the text the audience sees."""
    notes = localized(step["notes"], lang)
    return html.Article(
        [
            html.H2(localized(step["title"], lang)),
            html.Div(notes or t.gettext(lang, "No notes for this step."), className="presenter-notes"),
            html.P(localized(step["text"], lang), className="presenter-text"),
        ],
        className="presenter-step",
        **{"data-step": str(index)},
    )


def presenter_layout(found: TourFile, step: int, t: Translator, lang: str) -> html.Div:
    """The presenter view, a second window on the laptop: the current and next steps with their notes.

    A clock and the time elapsed too; present.js keeps it and the audience's window on the same step.
    """
    tour = found.tour
    steps = len(tour["steps"])
    closing_card = html.Article(
        [html.H2(t.gettext(lang, "Closing screen")), html.P(t.gettext(lang, "The atlas's address and the contacts."))],
        className="presenter-step presenter-closing",
        **{"data-step": str(steps)},
    )
    return html.Div(
        [
            html.Header(
                [
                    html.Div(localized(tour["title"], lang), className="present-tour-title"),
                    html.Div(className="presenter-counter", **{"aria-live": "polite"}),
                    html.Nav(
                        [
                            button(Present.PRESENTER_PREVIOUS, "previous", "◀", t.gettext(lang, "Previous step")),
                            button(Present.PRESENTER_NEXT, "next", "▶", t.gettext(lang, "Next step")),
                        ],
                        className="present-controls",
                    ),
                    html.Div(
                        [
                            html.Span(className="presenter-clock", title=t.gettext(lang, "Time")),
                            html.Span(className="presenter-elapsed", title=t.gettext(lang, "Time elapsed")),
                            html.Button(
                                t.gettext(lang, "Restart"),
                                className="btn present-button",
                                title=t.gettext(lang, "Restart the elapsed time"),
                                **{"data-action": "restart-clock"},
                            ),
                        ],
                        className="presenter-time",
                    ),
                ],
                className="present-bar",
            ),
            html.P(
                t.gettext(lang, "The audience's screen is black (any key brings it back)."), className="presenter-black"
            ),
            html.Main(
                [
                    html.Div(t.gettext(lang, "Now"), className="presenter-label presenter-label-now"),
                    html.Div(t.gettext(lang, "Next"), className="presenter-label presenter-label-next"),
                    *(presenter_step(item, index, t, lang) for index, item in enumerate(tour["steps"])),
                    closing_card,
                ],
                className="presenter-steps",
            ),
        ],
        className="presenter",
        lang=lang,
        **{
            "data-tour": found.id,
            "data-steps": str(steps),
            "data-step": str(step),
            "data-title-suffix": page_title(t, lang, t.gettext(lang, "Presenter view"), localized(tour["title"], lang)),
        },
    )
