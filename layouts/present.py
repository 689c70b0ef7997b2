"""Presentation mode: the tour list, and a tour played step by step on a projector.

The step's content (title, text, figures, chart, map) is filled in by callbacks/present.py;
present.js turns the presenter's keys and clicker into steps and keeps the URL on the step.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import charts
from dashboard.i18n import Translator, number
from dashboard.ids import Present
from dashboard.tours import TourFile, localized
from dashboard.vocab import Vocabularies
from layouts.basemap import atlas_map
from layouts.components import download_link, language_links, legend_items

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
            html.P(
                t.gettext(lang, "Tours are the YAML files in data/tours: edit one and reload this page."),
                className="present-card-meta",
            ),
        ],
        className="present-list",
        lang=lang,
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


def layout(found: TourFile, step: int, vocab: Vocabularies, t: Translator, lang: str, tile_url: str) -> html.Div:
    """A tour at a step (0-based); the step callback fills in the content."""
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
                                cluster=False,
                                keyboard=False,
                            ),
                            html.Div(id=Present.MAP_CAPTION, className="present-map-caption"),
                            html.Ul(legend_items(vocab, lang), className="present-legend"),
                        ],
                        className="present-map-wrap",
                    ),
                    html.Article(
                        [
                            html.Div(id=Present.PROBLEMS),
                            html.H1(id=Present.TITLE, className="present-title"),
                            html.P(id=Present.TEXT, className="present-text"),
                            html.Div(id=Present.HEADLINES, className="present-headlines"),
                            dcc.Graph(
                                id=Present.CHART,
                                figure=charts.empty(),
                                config={"displayModeBar": False, "responsive": True},
                                className="present-chart",
                            ),
                        ],
                        className="present-panel",
                    ),
                ],
                className="present-stage",
            ),
            html.P(
                t.gettext(lang, "Keys: ← → or Page Up / Page Down or Space to move, Home / End, F for full screen"),
                className="present-hint",
            ),
        ],
        id=Present.ROOT,
        className="present",
        lang=lang,
        # present.js reads these to move between steps and keep the URL on the current one.
        **{"data-tour": found.id, "data-steps": str(steps), "data-step": str(step), "data-store": Present.STEP},
    )
