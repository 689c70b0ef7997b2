"""The kiosk: a full-screen, touch-only atlas for visitors, in their language.

Interface text is rendered in the kiosk's language and carries a pattern-matching id
(`ids.text_id(message)`), so one callback can re-translate all of it when a visitor switches.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import FLAGS, LANGUAGES, N_, NATIVE_NAMES, Translator, number
from dashboard.ids import Kiosk, lang_button_id, text_id
from dashboard.model import KioskView
from dashboard.vocab import Vocabularies
from layouts.basemap import atlas_map
from layouts.components import filter_options, headline_tiles, legend_items, place_card

# Key figures of the selection, in the order shown: (figure key, label).
FIGURES = (
    ("sites", N_("Sites")),
    ("plant", N_("Plants")),
    ("technical_centre", N_("Technical & R&D centres")),
    ("test_track", N_("Test tracks")),
    ("av_zone", N_("AV experimentation zones")),
)
FILTERS = (
    (Kiosk.DRIVERS, "drivers", N_("Innovation drivers")),
    (Kiosk.REGIONS, "regions", N_("Regions")),
    (Kiosk.CATEGORIES, "categories", N_("Categories")),
)


def translated(t: Translator, lang: str, message: str, element=html.Span, **kwargs) -> Any:
    """An element showing an interface message, re-translated when the language changes."""
    return element(t.gettext(lang, message), id=text_id(message), **kwargs)


def toggles(element_id: str, vocab: Vocabularies, kind: str, lang: str) -> dbc.Checklist:
    """A filter as big toggle buttons (checkboxes underneath, so they stay accessible)."""
    return dbc.Checklist(
        id=element_id,
        options=filter_options(vocab, kind, lang),
        value=[],
        input_class_name="btn-check",
        label_class_name="btn kiosk-toggle",
        label_checked_class_name="active",
        class_name=f"kiosk-toggles kiosk-toggles-{kind}",
    )


def panel(vocab: Vocabularies, t: Translator, lang: str) -> html.Aside:
    """The left column: title, filter toggles and the button that starts over."""
    return html.Aside(
        [
            html.Header(
                [
                    translated(t, lang, "Mobility Valley Atlas", html.H1, className="kiosk-title"),
                    translated(
                        t, lang, "The automotive & mobility ecosystem of the Seine axis and the east of France", html.P
                    ),
                ],
                className="kiosk-heading",
            ),
            *(
                html.Fieldset(
                    [translated(t, lang, title, html.Legend), toggles(element_id, vocab, kind, lang)],
                    className="kiosk-filter",
                )
                for element_id, kind, title in FILTERS
            ),
            html.Button(translated(t, lang, "Start over"), id=Kiosk.RESET, className="btn kiosk-reset"),
        ],
        className="kiosk-panel",
    )


def language_buttons(lang: str) -> html.Nav:
    """One button a language, with its flag and its name in itself."""
    return html.Nav(
        [
            html.Button(
                [
                    html.Img(src=f"/assets/vendor/flags/{FLAGS[code]}.svg", alt="", className="kiosk-flag"),
                    html.Span(NATIVE_NAMES[code]),
                ],
                id=lang_button_id(code),
                lang=code,
                className="btn kiosk-lang",
                **{"aria-pressed": "true" if code == lang else "false"},
            )
            for code in LANGUAGES
        ],
        className="kiosk-langs",
        **{"aria-label": "Language / Langue / Sprache"},
    )


def figure_tiles(values: dict[str, int], t: Translator, lang: str) -> list:
    """The selection's key figures as large numbers."""
    return [
        html.Div(
            [html.Div(number(values.get(key, 0), lang), className="kiosk-figure-value"), t.gettext(lang, label)],
            className="kiosk-figure",
            id=f"kiosk-figure-{key}",
        )
        for key, label in FIGURES
    ]


def place_qr(src: str, caption: str, link: str) -> html.Figure:
    """The QR code of a place's deep link, under its details."""
    return html.Figure(
        [html.Img(src=src, alt=f"{caption}: {link}", className="kiosk-qr"), html.Figcaption(caption)],
        className="kiosk-place-share",
    )


def layout(
    vocab: Vocabularies,
    figures: list[dict[str, Any]],
    highlights: list[dict[str, Any]],
    t: Translator,
    *,
    lang: str,
    idle_seconds: int,
    tile_url: str,
    shared: bool,
    shown: KioskView | None = None,
    sites: dict | None = None,
) -> html.Div:
    """The whole kiosk in one language; `idle_seconds` of no touch reset it and start the attract loop.

    `shared`: whether the atlas has a public address visitors' phones can open; without one the
    QR codes are hidden (kiosk.js tells the operator in the console). `shown`: the home view's zones,
    figures and QR code, and `sites` its sites in the map's opening view, drawn in the page itself so
    that its first markers need no callback or request.
    """
    map_options = {"places": (sites, shown.zones_layer), "viewport": shown.viewport} if shown else {}
    return html.Div(
        [
            dcc.Store(id=Kiosk.LANG, data=lang),
            dcc.Store(id=Kiosk.HOME_LANG, data=lang),
            dcc.Store(id=Kiosk.IDLE),
            dcc.Store(id=Kiosk.PLACE),
            dcc.Store(id=Kiosk.HIGHLIGHTS, data=highlights),
            dcc.Interval(id=Kiosk.ATTRACT, disabled=True, interval=8000),
            # assets/feedback.js sets it when the server answers again after a failed update.
            dcc.Store(id=Kiosk.RETRY),
            dcc.Store(id=Kiosk.QUERY, data=shown.query if shown else ""),
            dcc.Store(id=Kiosk.DRAWN_QUERY),
            panel(vocab, t, lang),
            html.Main(
                [
                    atlas_map(Kiosk, tile_url, lang, t, vocab, class_name="kiosk-map", **map_options),
                    language_buttons(lang),
                    html.Section(
                        headline_tiles(figures, lang, "kiosk"), id=Kiosk.HEADLINES, className="kiosk-headlines"
                    ),
                    html.Section(
                        [
                            html.Div(id=Kiosk.CAPTION_COUNTER, className="kiosk-caption-counter"),
                            html.H2(id=Kiosk.CAPTION_TITLE),
                            html.P(id=Kiosk.CAPTION_TEXT),
                            translated(t, lang, "Touch the screen to explore", html.P, className="kiosk-caption-hint"),
                        ],
                        id=Kiosk.CAPTION,
                        className="kiosk-caption",
                        role="status",
                    ),
                    html.Ul(legend_items(vocab, lang), id=Kiosk.LEGEND, className="kiosk-legend"),
                    # Shown by assets/feedback.js while an update cannot reach the server.
                    html.Div(
                        translated(t, lang, "Reconnecting… the map and figures will update in a moment."),
                        id=Kiosk.ALERT,
                        role="alert",
                        className="kiosk-alert",
                        hidden=True,
                        **{"data-atlas-alert": "", "data-retry": Kiosk.RETRY},
                    ),
                    html.Footer(
                        [
                            html.Div(
                                figure_tiles(shown.figures, t, lang) if shown else None,
                                id=Kiosk.FIGURES,
                                className="kiosk-figures",
                            ),
                            html.Div(
                                [
                                    html.Img(
                                        id=Kiosk.VIEW_QR,
                                        src=shown.qr if shown else None,
                                        alt=shown.qr_alt if shown else "",
                                        className="kiosk-qr",
                                    ),
                                    translated(t, lang, "Scan to take this view with you", html.Span),
                                ],
                                className="kiosk-share",
                                hidden=not shared,
                            ),
                        ],
                        className="kiosk-footer",
                    ),
                    place_card(
                        Kiosk.DETAIL,
                        Kiosk.DETAIL_BODY,
                        Kiosk.DETAIL_CLOSE,
                        translated(t, lang, "Close", className="visually-hidden"),
                        "kiosk-detail",
                    ),
                ],
                className="kiosk-stage",
            ),
        ],
        id=Kiosk.ROOT,
        className="kiosk",
        lang=lang,
        # kiosk.js reads these: how long to wait, and which store to tell when the kiosk is idle.
        **{
            "data-idle-seconds": str(idle_seconds),
            "data-idle-store": Kiosk.IDLE,
            "data-attract": Kiosk.ATTRACT,
            "data-shared": "true" if shared else "false",
        },
    )
