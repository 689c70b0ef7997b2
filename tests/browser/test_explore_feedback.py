"""What the explore page tells while it works and when it fails, in headless Chromium."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.browser.conftest import free_port, gunicorn
from tests.browser.test_explore import open_explore


def slowly(seconds: float):
    """A route handler that holds a request back before letting it through."""

    def handle(route):
        time.sleep(seconds)
        route.continue_()

    return handle


def test_figures_map_and_table_show_they_are_busy_while_the_server_computes(page, server):
    open_explore(page, server)
    page.route("**/_dash-update-component", slowly(1.5))
    page.get_by_role("checkbox", name="Normandy", exact=True).check()
    expect(page.locator(".dash-spinner").first).to_be_visible()
    expect(page.locator("#kpi-sites")).to_have_text("3")
    expect(page.locator(".dash-spinner")).to_have_count(0)


def test_an_empty_result_is_said_on_the_map_and_in_the_table(page, server):
    open_explore(page, server)
    expect(page.locator("#explore-map-empty")).to_be_hidden()
    page.locator("#explore-search").fill("no such place anywhere")
    expect(page.locator("#kpi-sites")).to_have_text("0")
    expect(page.locator("#explore-map-empty")).to_have_text("No site matches these filters.")
    expect(page.locator("#explore-table")).to_contain_text("No site matches these filters.")


def test_a_download_shows_progress_then_arrives_or_says_it_failed(page, server):
    open_explore(page, server, "?lang=fr")
    link = page.locator("#explore-download-pdf")
    page.route("**/api/brief.pdf*", slowly(1.5))
    with page.expect_download() as arrived:
        link.click()
        expect(link).to_have_attribute("aria-busy", "true")
        expect(link).to_have_text("Préparation…")
    assert arrived.value.suggested_filename == "mobility-valley-brief.pdf"
    expect(link).to_have_text("Fiche PDF")
    page.unroute("**/api/brief.pdf*")
    page.route("**/api/map.png*", lambda route: route.fulfill(status=503, body="busy"))
    page.locator("#explore-download-png").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile("n'a pas pu être préparé"))


def test_a_download_the_server_is_too_busy_for_waits_as_told_and_arrives(page, server):
    open_explore(page, server)
    asked = []

    def busy_once(route):
        asked.append(time.monotonic())
        if len(asked) == 1:
            route.fulfill(status=503, headers={"Retry-After": "1"}, json={"error": "busy"})
        else:
            route.continue_()

    page.route("**/api/brief.pdf*", busy_once)
    link = page.locator("#explore-download-pdf")
    with page.expect_download() as arrived:
        link.click()
    assert arrived.value.suggested_filename == "mobility-valley-brief.pdf"
    assert len(asked) == 2 and asked[1] - asked[0] >= 0.9
    expect(link).to_have_text("PDF brief")
    expect(page.get_by_role("alert")).to_be_hidden()


# Whether the map has had an answer for a selection (a part of its query string).
MAP_ANSWERED = """
(selection) => performance.getEntriesByType("resource").some(
  (entry) => entry.name.includes("/api/map.geojson?") && entry.name.includes(selection) && entry.responseStatus === 200
)
"""


def test_a_server_that_stops_is_said_and_the_view_recovers_when_it_is_back(fixture_db, browser):
    port = free_port()
    page = browser.new_page()
    try:
        with gunicorn(fixture_db, port=port) as base:
            open_explore(page, base)
            page.evaluate("window.__samePage = true")
        # The server is gone: a filter changes but the figures cannot follow.
        page.get_by_role("checkbox", name="Normandy", exact=True).check()
        expect(page.get_by_role("alert")).to_contain_text("The server cannot be reached")
        expect(page.locator("body")).to_have_class(re.compile("atlas-stale"))
        expect(page.locator("#kpi-sites")).to_have_text("13")
        with gunicorn(fixture_db, port=port):
            expect(page.locator("#kpi-sites")).to_have_text("3", timeout=15000)
            expect(page.get_by_role("alert")).to_contain_text("The connection is back")
            expect(page.locator("body")).not_to_have_class(re.compile("atlas-stale"))
            # The map asked again for Normandy's sites, and had them.
            page.wait_for_function(MAP_ANSWERED, arg="region=28")
            assert page.evaluate("window.__samePage") is True
    finally:
        page.close()
