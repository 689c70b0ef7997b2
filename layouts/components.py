"""Small components shared by the pages: category symbols, figure cards, the detail panel."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import N_, Translator, headline_value, number
from dashboard.vocab import Vocabularies


def symbol(vocab: Vocabularies, category: str) -> html.Span:
    """The map symbol of a category (shape and colour), for legends and labels."""
    return html.Span(
        className=f"atlas-symbol atlas-symbol-{vocab.attribute('categories', category, 'shape', 'circle')}",
        style={"--symbol-colour": vocab.attribute("categories", category, "colour", "#555555")},
        **{"aria-hidden": "true"},
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
    """Headline figures as large numbers with their labels; classes and ids start with the page's prefix."""
    return [
        html.Div(
            [
                html.Div(headline_value(figure, lang), className=f"{prefix}-headline-value"),
                html.Div(figure[lang], className=f"{prefix}-headline-label"),
            ],
            className=f"{prefix}-headline",
            id=f"{prefix}-headline-{figure['id']}",
        )
        for figure in figures
    ]


def _link(href: str, text: str) -> html.A:
    return html.A(text, href=href, target="_blank", rel="noopener noreferrer")


def source_link(source: str) -> html.A:
    """A link to a record's source: a web address, or a document served by the app."""
    if source.startswith(("http://", "https://")):
        return _link(source, source)
    return _link("/api/" + source.removeprefix("data/"), source.rsplit("/", 1)[-1])


def detail(
    place: dict[str, Any] | None, vocab: Vocabularies, t: Translator, lang: str = "en", links: bool = True
) -> list:
    """The detail panel of a site or zone; every value is rendered as text, never as HTML.

    Args:
        place: the site or zone (queries.place), None when it is not in the database.
        vocab: the vocabularies, for labels.
        t: the interface messages.
        lang: the language to show it in.
        links: whether web addresses are links (not in the kiosk, where they must not be followed).
    """
    if place is None:
        return [html.P(t.gettext(lang, "This place is not in the current database."), className="text-muted")]
    category = vocab.label("categories", place["category"], lang)
    facts = [
        (N_("Organisation"), place["organisation"]),
        (N_("Category"), category),
        (N_("Cluster"), vocab.label("clusters", place["cluster"], lang)),
        (N_("Region"), vocab.label("regions", place["region_code"], lang)),
        (N_("Commune"), f"{place['commune_name']} ({place['commune_code']})"),
        (N_("Jobs"), number(place["jobs"], lang) if place["jobs"] is not None else t.gettext(lang, "not known")),
    ]
    if place["vehicles_per_year"] is not None:
        facts.append((N_("Vehicles a year"), number(place["vehicles_per_year"], lang)))
    if place.get("location_precision") == "commune":
        facts.append((N_("Location"), t.gettext(lang, "approximate: placed in its commune")))
    if place.get("geometry_precision") == "approximate":
        facts.append((N_("Outline"), t.gettext(lang, "approximate area")))
    facts.append((N_("Figures as of"), str(place["as_of"])))
    website, source = place["website"], place["source"]
    return [
        html.H2(place["name"], className="h4 atlas-detail-title"),
        html.Div([symbol(vocab, place["category"]), " ", category], className="atlas-detail-category"),
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
            [t.gettext(lang, "Source: "), source_link(source) if links else source.rsplit("/", 1)[-1]],
            className="small text-muted",
        ),
    ]
