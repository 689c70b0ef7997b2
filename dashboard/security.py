"""What every response says to the browser, and what requests the server refuses before reading them."""

from __future__ import annotations

from urllib.parse import urlsplit

import flask
from dash import Dash
from flask_talisman import Talisman

from dashboard.settings import Settings

# Enough for any callback of the atlas (the largest, a filter change, is a few kilobytes).
MAX_REQUEST_BYTES = 1024 * 1024
# Browser features the atlas never uses; the kiosk and the presentation go full screen themselves.
PERMISSIONS = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
    "fullscreen": "(self)",
}


def content_security_policy(inline_scripts: list[str], settings: Settings) -> dict[str, str | list[str]]:
    """The Content-Security-Policy: the app's own files, Dash's inline scripts by hash, no other host.

    Styles may be inline (AG Grid and the dropdowns inject theirs; React sets style attributes);
    MapLibre draws the street basemap in workers made from blob: addresses.
    """
    tiles = urlsplit(settings.tile_url)
    tile_host = [f"{tiles.scheme}://{tiles.netloc}"] if tiles.scheme in ("http", "https") and tiles.netloc else []
    return {
        "default-src": "'self'",
        "script-src": ["'self'", *inline_scripts],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *tile_host],
        "font-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "worker-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": list(settings.frame_ancestors),
    }


def protect(app: Dash, settings: Settings) -> None:
    """Security headers on every response, foreign Host headers and oversized bodies refused.

    To run once every callback is registered: the policy carries the hashes of their inline code.
    """
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    # Links and QR codes are built from the address a request came to: a forged Host gets a 400.
    server.config["TRUSTED_HOSTS"] = list(settings.hosts)
    server.before_request(refuse_foreign_hosts)
    Talisman(
        server,
        force_https=False,  # TLS ends at the reverse proxy; the app does not know the public scheme
        strict_transport_security=False,
        session_cookie_secure=False,
        content_security_policy=content_security_policy(list(dict.fromkeys(app.csp_hashes())), settings),
        # frame-ancestors says who may frame the atlas; the older header can only say "same origin".
        frame_options="SAMEORIGIN" if settings.frame_ancestors == ("'self'",) else None,
        referrer_policy="same-origin",
        permissions_policy=PERMISSIONS,
    )


def refuse_foreign_hosts() -> None:
    """Refuse (400) a request addressed to a host that is not trusted, before anything reads it."""
    flask.request.host  # noqa: B018 -- reading it checks it against TRUSTED_HOSTS (SecurityError: 400)
