"""Small components shared by the pages: category symbols, figure cards, the detail panel."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import dash_bootstrap_components as dbc
from dash import html

from dashboard.geo import GONE_COLOUR, GONE_STATUSES
from dashboard.i18n import LANGUAGES, N_, NATIVE_NAMES, Translator, headline_value, number
from dashboard.vocab import Vocabularies


def symbol(vocab: Vocabularies, category: str, gone: bool = False) -> html.Span:
    """The map symbol of a category (shape and colour; grey for a place no longer there), for legends and labels."""
    colour = GONE_COLOUR if gone else vocab.attribute("categories", category, "colour", "#555555")
    return html.Span(
        className=f"atlas-symbol atlas-symbol-{vocab.attribute('categories', category, 'shape', 'circle')}",
        style={"--symbol-colour": colour},
        **{"aria-hidden": "true"},
    )


def download_link(element_id: str, label: str, name: str, class_name: str, href: str | None = None) -> html.A:
    """A link to a download named `name`, fetched by assets/feedback.js.

    The script shows progress until the file arrives, waits and asks again while the server is busy
    (503 with Retry-After), and says if it failed.
    """
    return html.A(
        label,
        id=element_id,
        href=href or f"/api/{name}",
        className=f"{class_name} atlas-download",
        download=f"mobility-valley-{name}",
    )


def place_card(card_id: str, body_id: str, close_id: str, close_label: Any, class_name: str) -> html.Aside:
    """The card a click on the map opens (hidden until then): a close button and the place's details.

    `close_label` names the button for screen readers; the button's class is `class_name`-close.
    """
    return html.Aside(
        [
            html.Button(
                [html.Span("×", **{"aria-hidden": "true"}), close_label],
                id=close_id,
                className=f"btn {class_name}-close",
            ),
            html.Div(id=body_id),
        ],
        id=card_id,
        className=class_name,
        hidden=True,
    )


def filter_options(vocab: Vocabularies, kind: str, lang: str) -> list[dict[str, Any]]:
    """The options of a filter on one vocabulary, labelled in a language (categories with their symbol)."""
    if kind == "categories":
        return [
            {"label": [symbol(vocab, code), " ", vocab.label(kind, code, lang)], "value": code}
            for code in vocab.codes(kind)
        ]
    name = "short_{}" if kind == "drivers" else "{}"
    return [
        {"label": vocab.attribute(kind, code, name.format(lang)) or vocab.label(kind, code, lang), "value": code}
        for code in vocab.codes(kind)
    ]


def language_links(lang: str, label: str, prefix: str, path: str = "", id_type: str | None = None) -> html.Nav:
    """Links to the page in each language.

    Classes start with the page's prefix; ids, when a type is given, are pattern-matching
    ({"type": id_type, "lang": code}) so callbacks can keep the links' query in step.
    """
    return html.Nav(
        [
            html.A(
                code.upper(),
                href=f"{path}?lang={code}",
                lang=code,
                title=NATIVE_NAMES[code],
                className=f"{prefix}-language" + (" active" if code == lang else ""),
                **({"aria-current": "true"} if code == lang else {}),
                **({"id": {"type": id_type, "lang": code}} if id_type else {}),
            )
            for code in LANGUAGES
        ],
        className=f"{prefix}-languages",
        **{"aria-label": label},
    )


def legend_items(vocab: Vocabularies, lang: str = "en", class_name: str | None = None) -> list[html.Li]:
    """The category symbols, labelled in a language, as list items."""
    return [
        html.Li([symbol(vocab, code), " ", vocab.label("categories", code, lang)], className=class_name)
        for code in vocab.codes("categories")
    ]


def figure_card(element_id: str, label: str, value: str = "–", note: str | None = None) -> dbc.Card:
    """A key-figure card whose number element carries the given id."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(value, id=element_id, className="atlas-figure-value"),
                html.Div(label, className="atlas-figure-label"),
                html.Div(note or "", id=f"{element_id}-note", className="atlas-figure-note"),
            ]
        ),
        className="atlas-figure h-100",
    )


def headline_tiles(figures: list[dict[str, Any]], lang: str, prefix: str) -> list[html.Div]:
    """Headline figures as large numbers with their labels and years; classes and ids start with the page's prefix."""
    return [
        html.Div(
            [
                html.Div(headline_value(figure, lang), className=f"{prefix}-headline-value"),
                html.Div(
                    [figure[lang], " ", html.Span(f"({figure['year']})", className=f"{prefix}-headline-year")],
                    className=f"{prefix}-headline-label",
                ),
            ],
            className=f"{prefix}-headline",
            id=f"{prefix}-headline-{figure['id']}",
        )
        for figure in figures
    ]


def _link(href: str, text: str) -> html.A:
    return html.A(text, href=href, target="_blank", rel="noopener noreferrer")


def source_name(source: str) -> str:
    """A short name for a source: a web site's host, or a document's file name."""
    if source.startswith(("http://", "https://")):
        return urlsplit(source).netloc.removeprefix("www.")
    return source.rsplit("/", 1)[-1]


def source_link(source: str, text: str | None = None) -> html.A:
    """A link to a source: a web address, or a document served by the app."""
    href = source if source.startswith(("http://", "https://")) else "/api/" + source.removeprefix("data/")
    return _link(href, text or (source if href == source else source_name(source)))


def cited(value: str, year: int | None, source: str | None, links: bool) -> list:
    """A fact followed by the year and the source it comes from, e.g. "2,400 (2021, lesechos.fr)"."""
    if source is None:
        return [value]
    where = source_link(source, source_name(source)) if links else source_name(source)
    return [value, " (", *([f"{year}, "] if year else []), where, ")"]


def detail(
    place: dict[str, Any] | None,
    vocab: Vocabularies,
    t: Translator,
    lang: str = "en",
    links: bool = True,
    heading_id: str | None = None,
) -> list:
    """The detail panel of a site or zone; every value is rendered as text, never as HTML.

    Args:
        place: the site or zone (queries.place), None when it is not in the database.
        vocab: the vocabularies, for labels.
        t: the interface messages.
        lang: the language to show it in.
        links: whether web addresses are links (not in the kiosk, where they must not be followed).
        heading_id: the id of the place's name, for the dialog it names.
    """
    if place is None:
        return [html.P(t.gettext(lang, "This place is not in the current database."), className="text-muted")]
    category = vocab.label("categories", place["category"], lang)
    status = vocab.label("statuses", place["status"], lang)
    if place["status_since"] is not None:
        status = t.gettext(lang, "{status} since {year}", status=status, year=place["status_since"])
    jobs = t.gettext(lang, "not known") if place["jobs"] is None else number(place["jobs"], lang)
    facts = [
        (N_("Organisation"), [place["organisation"]]),
        (N_("Category"), [category]),
        (N_("Status"), cited(status, None, place["status_source"], links)),
        (N_("Cluster"), [vocab.label("clusters", place["cluster"], lang)]),
        (N_("Region"), [vocab.label("regions", place["region_code"], lang)]),
        (N_("Commune"), [f"{place['commune_name']} ({place['commune_code']})"]),
        (N_("Jobs"), cited(jobs, place["jobs_year"], place["jobs_source"], links)),
    ]
    if place["vehicles_per_year"] is not None:
        vehicles = number(place["vehicles_per_year"], lang)
        facts.append((N_("Vehicles a year"), cited(vehicles, place["vehicles_year"], place["vehicles_source"], links)))
    if place["member_of"]:
        members = ", ".join(vocab.label("clusters", code, lang) for code in place["member_of"])
        facts.append((N_("Member of"), cited(members, None, place["member_source"], links)))
    if place.get("location_precision"):
        facts.append((N_("Location"), [vocab.label("precisions", place["location_precision"], lang)]))
    if place.get("geometry_precision") == "approximate":
        facts.append((N_("Outline"), [t.gettext(lang, "approximate area")]))
    facts.append((N_("Facts as of"), [str(place["as_of"])]))
    website, source = place["website"], place["source"]
    gone = place["status"] in GONE_STATUSES
    return [
        html.H2(place["name"], className="h4 atlas-detail-title", **({"id": heading_id} if heading_id else {})),
        html.Div(
            [symbol(vocab, place["category"], gone), " ", category, *([" · ", status] if gone else [])],
            className="atlas-detail-category",
        ),
        html.Div(
            [
                html.Span(vocab.attribute("drivers", d, f"short_{lang}"), className="badge atlas-driver me-1")
                for d in place["drivers"]
            ],
            className="mb-3",
        ),
        html.P(place[f"description_{lang}"]),
        html.Dl(
            [item for key, value in facts for item in (html.Dt(t.gettext(lang, key)), html.Dd(value))],
            className="atlas-facts",
        ),
        html.P([t.gettext(lang, "Website: "), _link(website, website) if links else website]) if website else None,
        html.P(
            [t.gettext(lang, "Source: "), source_link(source) if links else source_name(source)],
            className="small text-muted",
        ),
        html.P([t.gettext(lang, "Position: "), place["location_source"]], className="small text-muted atlas-position"),
    ]
