"""A page's content in Dash's first layout, rather than one callback round trip later.

Dash pages answers `/_dash-layout` with an empty page container; the browser's address then
triggers Dash's router callback, which sends the page's content. Here the layout itself carries
the content of the page that asks for it (its address is the request's Referer: same-origin
requests send it whole, see dashboard.security), with the address already in Dash's location so
that the router is not triggered again. Without a usable Referer the router does it as before.
"""

from __future__ import annotations

from copy import copy
from html import escape
from urllib.parse import SplitResult, urlsplit

import dash
import flask
from dash import Dash, html
from dash._pages import _parse_query_string, _path_to_page  # Dash's own router's lookups (dash is pinned)
from dash.development.base_component import Component

from layouts.not_found import MODULE as NOT_FOUND


def asking_page(request: flask.Request) -> SplitResult | None:
    """The address of the page of this site that sent the request, or None (no Referer, or another site's)."""
    if not request.referrer:
        return None
    address = urlsplit(request.referrer)
    if address.netloc != request.host or not address.path.startswith("/"):
        return None
    return address


def page_at(path: str) -> tuple[dict, dict]:
    """The registered page at a path relative to the app (the not-found page if none) and its path's variables."""
    page, variables = _path_to_page(path)
    return (page, variables or {}) if page else (dash.page_registry[NOT_FOUND], {})


def preloads(path: str, prefix: str) -> str:
    """Link tags asking, with a page's first HTML, for the lazily loaded scripts it draws at once (its `chunks`).

    A component library loads such a chunk only once React has drawn the component needing it;
    the page's first markers wait for dash-leaflet's GeoJSON chunk.
    """
    page, _ = page_at(path)
    return "".join(
        f'<link rel="preload" as="script" href="{escape(prefix)}_dash-component-suites/{escape(chunk)}">'
        for chunk in page.get("chunks", ())
    )


def page_content(path: str, search: str) -> tuple[Component, str]:
    """A page's content and title for a path (relative to the app) and query string, as Dash's router makes them."""
    page, variables = page_at(path)
    arguments = {**variables, **_parse_query_string(search)}
    layout, title = page["layout"], page["title"]
    content = layout(**arguments) if callable(layout) else layout
    return content, title(**variables) if callable(title) else title


def opened(address: SplitResult, strip) -> html.Div:
    """Dash's page container holding a page's content, its location set to the page's own address."""
    search = f"?{address.query}" if address.query else ""
    content, title = page_content(strip(address.path), search)
    location, holder, store, dummy = (copy(part) for part in dash.page_container.children)
    # Every property the location compares with the browser's is set: it reports no change, so
    # Dash's router, which would draw the page a second time, does not run on arrival.
    location.pathname, location.search, location.hash, location.href = address.path, search, "", address.geturl()
    holder.children = content
    store.data = {"title": title}
    return html.Div([location, holder, store, dummy])


def register(app: Dash) -> None:
    """Serve each page's content with the layout; the layout's answer then depends on the page asking."""

    def layout() -> html.Main:
        address = asking_page(flask.request)
        return html.Main(opened(address, app.strip_relative_path) if address else dash.page_container)

    app.layout = layout

    @app.server.after_request
    def layout_is_per_page(response: flask.Response) -> flask.Response:
        if flask.request.path.endswith("/_dash-layout"):
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Referer")
        return response
