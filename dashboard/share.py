"""Links that leave the atlas with someone: public deep links and their QR codes."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode, urlsplit

import flask
import segno


def deep_link(base: str, query: str = "", site: str | None = None, lang: str | None = None) -> str:
    """The public address of the explore page showing a selection, and a site's details if given.

    Args:
        base: the public root address, without a trailing slash.
        query: a selection's query string (see urlstate.to_query).
        site: the id of the site or zone whose details open on arrival.
        lang: the language the page opens in (the visitor's, taken from a kiosk or a brief).
    """
    extra = urlencode({key: value for key, value in (("site", site), ("lang", lang)) if value})
    parts = [part for part in (query, extra) if part]
    return f"{base}/" + ("?" + "&".join(parts) if parts else "")


def qr_code(url: str) -> str:
    """A QR code of an address as an SVG data URI, dark on white with the standard quiet zone."""
    return segno.make(url, error="m").svg_data_uri(scale=1, dark="#14202e", light="#ffffff", border=4)


def public_base(configured: str) -> str:
    """Where others reach the atlas: the configured address, else the one this request came to."""
    return configured or flask.request.host_url.rstrip("/")


def reachable_base(configured: str) -> str | None:
    """Where an audience's phones reach the atlas; None when only this machine can (a loopback address)."""
    base = public_base(configured)
    host = urlsplit(base).hostname or ""
    return None if host == "localhost" or host.startswith("127.") or host == "::1" else base


@dataclass(frozen=True)
class SharedView:
    """A view of the explore page as others get it: a link, and the map alone for their own web page."""

    base: str
    query: str

    @property
    def link(self) -> str:
        """The explore page showing this view."""
        return f"{self.base}/?{self.query}" if self.query else f"{self.base}/"

    def embed_code(self, title: str) -> str:
        """The HTML that shows this view's map (/embed) in another page."""
        source = f"{self.base}/embed?{self.query}" if self.query else f"{self.base}/embed"
        return (
            f'<iframe src="{escape(source)}" title="{escape(title)}" width="100%" height="480" '
            'style="border:0" loading="lazy"></iframe>'
        )


def shared_view(base: str, query: str) -> SharedView:
    """A shared view from the page's current query string (without '?')."""
    return SharedView(base, query.lstrip("?"))
