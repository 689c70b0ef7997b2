"""Security headers on every response, foreign hosts and oversized requests refused."""

from __future__ import annotations

import base64
import hashlib
import logging
import re

import dash
import pytest

from dashboard.factory import create_app
from dashboard.settings import Settings
from tests.conftest import app_settings

ADDRESSES = ["/", "/kiosk", "/embed", "/present/pitch/2", "/healthz", "/api/sites.csv", "/assets/atlas.css", "/nope"]


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response.headers["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_response_carries_the_security_headers(client, address):
    with client.get(address) as response:
        assert response.status_code in (200, 404)
        csp = policy(response)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.DOTALL)


def test_the_policy_allows_exactly_the_pages_inline_scripts(client):
    response = client.get("/")
    # Dash's warning for Internet Explorer sits in a conditional comment, which browsers ignore.
    scripts = INLINE_SCRIPT.findall(re.sub(r"<!--.*?-->", "", response.text, flags=re.DOTALL))
    assert scripts, "Dash's renderer starts from an inline script"
    allowed = set(policy(response)["script-src"])
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


@pytest.fixture
def configured(fixture_db):
    def make(**settings):
        dash.page_registry.clear()
        return create_app(app_settings(fixture_db, fixture_db.parent, **settings)).server.test_client()

    yield make
    dash.page_registry.clear()


def test_frame_ancestors_are_configurable_for_embedding(configured):
    client = configured(frame_ancestors=("'self'", "https://cms.example.org"))
    response = client.get("/embed")
    assert policy(response)["frame-ancestors"] == ["'self'", "https://cms.example.org"]
    # The older header can only say "same origin": it would forbid the configured site.
    assert "X-Frame-Options" not in response.headers


def test_raster_tiles_host_is_allowed_for_images_only(configured):
    client = configured(tile_url="https://tiles.example.org/{z}/{x}/{y}.png")
    csp = policy(client.get("/"))
    assert "https://tiles.example.org" in csp["img-src"]
    assert "https://tiles.example.org" not in csp["script-src"] + csp["connect-src"]


@pytest.mark.parametrize("address", ["/", "/kiosk", "/api/brief.pdf", "/healthz", "/assets/atlas.css"])
def test_a_foreign_host_is_refused(client, address):
    response = client.get(address, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert b"//evil.example" not in response.data  # no link built from it


def test_the_public_urls_host_is_trusted(configured):
    client = configured(public_url="https://atlas.example.org")
    assert client.get("/healthz", headers={"Host": "atlas.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "atlas.example.org.evil.example"}).status_code == 400


def test_the_operator_is_told_at_start_up_when_no_public_address_is_set(configured, caplog):
    with caplog.at_level(logging.WARNING, logger="dashboard.factory"):
        configured(public_url="https://atlas.example.org")
        assert "ATLAS_PUBLIC_URL" not in caplog.text
        configured(public_url="")
    assert "ATLAS_PUBLIC_URL is not set: the kiosk shows no QR codes" in caplog.text


def test_trusted_hosts_are_configurable(configured):
    client = configured(trusted_hosts=(".example.net",))
    assert client.get("/healthz", headers={"Host": "kiosk.example.net:8050"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 400


def test_an_oversized_request_body_is_refused_unread(client):
    response = client.post(
        "/_dash-update-component", data=b"{" + b" " * (2 * 1024 * 1024) + b"}", content_type="application/json"
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("ATLAS_TRUSTED_HOSTS", "atlas.example.org, .example.net", ("atlas.example.org", ".example.net")),
        ("ATLAS_TRUSTED_HOSTS", "bad host,evil/x,", ("localhost", "127.0.0.1")),
        ("ATLAS_FRAME_ANCESTORS", "'self' https://cms.example.org", ("'self'", "https://cms.example.org")),
        ("ATLAS_FRAME_ANCESTORS", "javascript:alert(1) 'unsafe-inline'", ("'self'",)),
    ],
)
def test_list_settings_keep_only_well_formed_items(variable, value, expected):
    settings = Settings.from_env({variable: value})
    field = "trusted_hosts" if variable == "ATLAS_TRUSTED_HOSTS" else "frame_ancestors"
    assert getattr(settings, field) == expected


def test_the_index_leaves_out_the_grid_and_the_unused_datatable_and_swaps_the_polyfill():
    from dashboard.factory import deferred_scripts

    grid = "/_dash-component-suites/dash_ag_grid/dash_ag_grid.v35_3_0m1.min.js"
    leaflet = '<script src="/_dash-component-suites/dash_leaflet/dash_leaflet.v1_1_3m1.js"></script>'
    scripts = (
        '<script src="/_dash-component-suites/dash/deps/polyfill@7.v3_2_0m1.12.1.min.js"></script>\n'
        '<script src="/_dash-component-suites/dash/dash_table/bundle.v7_1_0m1.js"></script>\n'
        f'<script src="{grid}"></script>\n'
        f"{leaflet}"
    )
    kept, metas = deferred_scripts(scripts, "/assets/runtime.js")
    assert kept == f'<script src="/assets/runtime.js"></script>\n{leaflet}'
    assert metas == f'<meta name="atlas-grid" content="{grid}">'
    assert deferred_scripts(kept, "/assets/runtime.js") == (kept, "")


def test_the_pages_scripts_wait_for_its_first_paint(client):
    from dashboard.factory import START, after_first_paint

    page = re.sub(r"<!--.*?-->", "", client.get("/").text, flags=re.DOTALL)
    # Nothing runs but Dash's renderer script, which starts the others (dashboard/start.js).
    assert INLINE_SCRIPT.findall(page).count(START) == 1
    assert "<script src=" not in page
    assert "<script>" not in page
    assert page.count('<script type="text/x-atlas-later" data-src="') > 10
    assert after_first_paint('<script src="/a.js?m=1"></script>\n<script>\nvar b = "</p>";\n</script>') == (
        '<script type="text/x-atlas-later" data-src="/a.js?m=1"></script>\n'
        '<script type="text/x-atlas-later">\nvar b = "</p>";\n</script>'
    )
