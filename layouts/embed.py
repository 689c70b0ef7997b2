"""The map alone, for the clusters' own web pages: the same selection as the explore page, in a frame."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.i18n import Translator
from dashboard.ids import Embed
from dashboard.vocab import Vocabularies
from layouts.basemap import atlas_map, near_area


def layout(
    places: tuple[dict, dict],
    viewport: dict[str, Any] | None,
    view: tuple[float, float, int] | None,
    link: str,
    t: Translator,
    lang: str,
    tile_url: str,
    vocab: Vocabularies,
    circle: dict | None = None,
    query: str = "",
) -> html.Div:
    """A full-window map of a selection (and its circle around a centre), with a link to open it in the atlas.

    `places` are the sites of the map's opening view and the zones; `query` the selection's query
    string, with which the map asks for its sites as it moves.
    """
    map_options = {"viewport": viewport} if viewport and not view else {}
    map_options["overlays"] = (near_area(circle),)
    return html.Div(
        [
            dcc.Store(id=Embed.QUERY, data=query),
            atlas_map(
                Embed, tile_url, lang, t, vocab, class_name="atlas-embed-map", places=places, view=view, **map_options
            ),
            html.A(
                t.gettext(lang, "Open in the Mobility Valley Atlas"),
                href=link,
                target="_blank",
                rel="noopener",
                className="atlas-embed-link btn btn-light btn-sm",
            ),
        ],
        className="atlas-embed",
        lang=lang,
    )
