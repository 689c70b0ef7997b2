"""Small components shared by the pages: category symbols, figure cards, the detail panel."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard.vocab import Vocabularies


def number(value: float | int | None) -> str:
    """A figure with thousands separators, or an en dash when unknown."""
    return "–" if value is None else f"{value:,.0f}"


def symbol(vocab: Vocabularies, category: str) -> html.Span:
    """The map symbol of a category (shape and colour), for legends and labels."""
    return html.Span(
        className=f"atlas-symbol atlas-symbol-{vocab.attribute('categories', category, 'shape', 'circle')}",
        style={"--symbol-colour": vocab.attribute("categories", category, "colour", "#555555")},
        **{"aria-hidden": "true"},
    )


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


def _link(href: str, text: str) -> html.A:
    return html.A(text, href=href, target="_blank", rel="noopener noreferrer")


def source_link(source: str) -> html.A:
    """A link to a record's source: a web address, or a document served by the app."""
    if source.startswith(("http://", "https://")):
        return _link(source, source)
    return _link("/api/" + source.removeprefix("data/"), source.rsplit("/", 1)[-1])


def detail(place: dict[str, Any] | None, vocab: Vocabularies) -> list:
    """The detail panel of a site or zone; every value is rendered as text, never as HTML."""
    if place is None:
        return [html.P("This place is not in the current database.", className="text-muted")]
    facts = [
        ("Organisation", place["organisation"]),
        ("Category", vocab.label("categories", place["category"])),
        ("Cluster", vocab.label("clusters", place["cluster"])),
        ("Region", vocab.label("regions", place["region_code"])),
        ("Commune", f"{place['commune_name']} ({place['commune_code']})"),
        ("Jobs", number(place["jobs"]) if place["jobs"] is not None else "not known"),
    ]
    if place["vehicles_per_year"] is not None:
        facts.append(("Vehicles a year", number(place["vehicles_per_year"])))
    if place.get("location_precision") == "commune":
        facts.append(("Location", "approximate: placed in its commune"))
    if place.get("geometry_precision") == "approximate":
        facts.append(("Outline", "approximate area"))
    facts.append(("Figures as of", str(place["as_of"])))
    return [
        html.H2(place["name"], className="h4 atlas-detail-title"),
        html.Div(
            [symbol(vocab, place["category"]), " ", vocab.label("categories", place["category"])],
            className="atlas-detail-category",
        ),
        html.Div(
            [
                dbc.Badge(vocab.attribute("drivers", d, "short_en"), className="atlas-driver me-1")
                for d in place["drivers"]
            ],
            className="mb-3",
        ),
        html.P(place["description_en"]),
        html.Dl([item for key, value in facts for item in (html.Dt(key), html.Dd(value))], className="atlas-facts"),
        html.P(["Website: ", _link(place["website"], place["website"])]) if place["website"] else None,
        html.P(["Source: ", source_link(place["source"])], className="small text-muted"),
    ]
