"""The page of an unknown address: says so, in the visitor's language, and links home."""

from __future__ import annotations

from dash import html

from dashboard.i18n import Translator

# Dash shows the page registered under this module name for any address no page has.
MODULE = "not_found_404"


def layout(t: Translator, lang: str, title: str) -> html.Div:
    """The 404 page."""
    return html.Div(
        [
            html.H1(title, className="h4"),
            html.P(t.gettext(lang, "There is no page at this address.")),
            html.A(
                t.gettext(lang, "Go to the map of the ecosystem"), href=f"/?lang={lang}", className="btn btn-primary"
            ),
        ],
        className="atlas-not-found",
        lang=lang,
    )
