"""A page's content comes with Dash's layout; its first HTML asks for the scripts it draws at once, not the unused."""

from __future__ import annotations

import re

import pytest

from dashboard.ids import Explore, Kiosk, Present


def components(node) -> dict[str, dict]:
    """Every component of a layout (Dash's JSON) with an id, by id: its properties."""
    found, stack = {}, [node]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict) and "props" in node:
            props = node["props"]
            if isinstance(props.get("id"), str):
                found[props["id"]] = props
            stack.extend(value for value in props.values() if isinstance(value, (list, dict)))
    return found


def layout_asked_from(client, referrer: str | None) -> tuple[dict, object]:
    response = client.get("/_dash-layout", headers={"Referer": referrer} if referrer else {})
    assert response.status_code == 200
    return components(response.get_json()), response


def test_the_layout_carries_the_content_of_the_page_that_asks_for_it(client):
    found, response = layout_asked_from(client, "http://localhost/?region=28&lang=fr")
    assert found[Explore.REGIONS]["value"] == ["28"]
    assert Explore.MAP in found
    # The location already holds the page's address: Dash's router does not draw the page again.
    location = found["_pages_location"]
    assert (location["pathname"], location["search"], location["hash"]) == ("/", "?region=28&lang=fr", "")
    assert location["href"] == "http://localhost/?region=28&lang=fr"
    assert found["_pages_store"]["data"]["title"] == "Atlas de la Mobility Valley"
    # The answer depends on the page asking: never kept for another.
    assert response.headers["Cache-Control"] == "no-store"
    assert "Referer" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("/kiosk?lang=de", lambda found: found[Kiosk.ROOT]["lang"] == "de"),
        # A path template's variables and the query reach the page.
        ("/present/pitch/2", lambda found: found[Present.STEP]["data"] == 1),
        ("/nowhere", lambda found: found["_pages_content"]["children"]["props"]["className"] == "atlas-not-found"),
    ],
)
def test_every_page_comes_with_the_layout(client, address, expected):
    found, _ = layout_asked_from(client, f"http://localhost{address}")
    assert expected(found)


@pytest.mark.parametrize("referrer", [None, "http://elsewhere.example/kiosk", "not an address"])
def test_without_this_sites_page_as_referrer_the_router_draws_the_page(client, referrer):
    found, _ = layout_asked_from(client, referrer)
    assert found["_pages_content"]["children"] is None
    assert "pathname" not in found["_pages_location"]


PRELOAD = re.compile(r'<link rel="preload" as="script" href="([^"]+)">')


@pytest.mark.parametrize(
    ("address", "chunks"),
    [
        ("/?region=28", {"dash_leaflet/async-GeoJSON.js", "dash/dcc/async-dropdown.js"}),
        ("/kiosk", {"dash_leaflet/async-GeoJSON.js"}),
        ("/present/pitch/1", {"dash_leaflet/async-GeoJSON.js"}),
        ("/present", set()),
    ],
)
def test_a_page_asks_for_the_lazy_scripts_it_draws_at_once_with_its_first_html(client, address, chunks):
    preloaded = PRELOAD.findall(client.get(address).get_data(as_text=True))
    assert {href.removeprefix("/_dash-component-suites/") for href in preloaded} == chunks
    # The names stay those the component libraries load.
    for href in preloaded:
        response = client.get(href)
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"


# The page's script files, in the order they run (dashboard/start.js runs them once the page is painted).
SCRIPT = re.compile(r'<script type="text/x-atlas-later" data-src="([^"]+)"></script>')


def test_the_first_html_serves_the_generator_runtime_in_place_of_dashs_polyfill(client):
    scripts = SCRIPT.findall(client.get("/").get_data(as_text=True))
    assert not [src for src in scripts if "polyfill" in src or "dash_table" in src or "dash_ag_grid" in src]
    runtime = [src for src in scripts if src.endswith("/regenerator-runtime/runtime.js")]
    # Before Dash's bundles, which call it.
    assert runtime and scripts.index(runtime[0]) < min(i for i, src in enumerate(scripts) if "dash_renderer" in src)
    with client.get(runtime[0]) as response:
        assert response.status_code == 200
        assert b"regeneratorRuntime = runtime" in response.get_data()
