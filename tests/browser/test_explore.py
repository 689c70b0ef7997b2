"""User journeys on the explore page, in headless Chromium."""

import re

from playwright.sync_api import expect

from dashboard.ids import Explore
from tests.browser.conftest import (
    FIRST_MARKER_WATCH,
    TABLE_ROWS,
    boxes_overlap,
    hold_callbacks,
    map_settled,
    names_opened,
)

MARKERS = ".atlas-marker, .atlas-cluster"


def open_explore(page, server, query=""):
    page.goto(f"{server}/{query}")
    expect(page.locator("#kpi-sites")).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator(MARKERS).first).to_be_visible()


def test_page_loads_with_markers_and_figures(page, server):
    open_explore(page, server)
    expect(page.locator("#kpi-sites")).to_have_text("13")
    expect(page.locator("#kpi-plants")).to_have_text("5")
    expect(page.locator("#kpi-jobs")).to_have_text("12,250")
    expect(page.locator("#kpi-jobs-note")).to_have_text("known at 2 of 13 sites, 2019–2021")
    expect(page.locator(".atlas-headline-label").first).to_contain_text("(2019)")
    assert page.locator(MARKERS).count() >= 3
    expect(page.locator(".atlas-legend")).to_contain_text("AV experimentation zone")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("IGN, INSEE")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("© OpenStreetMap contributors")


def test_a_deep_link_draws_its_selection_with_the_page_itself(page, server):
    # The markers, figures, table and summary of the address's selection must come with the page.
    hold_callbacks(page)
    page.goto(f"{server}/?region=28")
    expect(page.locator("#kpi-sites")).to_have_text("3")
    expect(page.locator("#kpi-av-zones")).to_have_text("1")
    expect(page.locator("#explore-result-count")).to_have_text("Sites shown: 3 · zones: 1")
    expect(page.locator(MARKERS).first).to_be_visible()
    expect(page.locator("#explore-table")).to_contain_text("ESIGELEC")
    expect(page.locator("#explore-table")).not_to_contain_text("Sochaux")
    expect(page.locator("#explore-download-csv")).to_have_attribute("href", "/api/sites.csv?region=28&lang=en")


SCRIPTS_OF = "performance.getEntriesByType('resource').filter((e) => e.name.includes('/{}/'))"
GRID_SCRIPTS = SCRIPTS_OF.format("dash_ag_grid")


def test_the_maps_lazy_script_is_asked_with_the_page_not_after_it_and_only_once(page, server):
    # dash-leaflet loads its sites layer lazily: preloaded, it is not waited for once the map is drawn.
    page.goto(f"{server}/?region=28")
    expect(page.locator(MARKERS).first).to_be_visible()
    chunk, layout = page.evaluate(
        f"[{SCRIPTS_OF.format('dash_leaflet')}.filter((e) => e.name.includes('async-GeoJSON'))"
        ".map((e) => e.startTime), "
        "performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/_dash-layout'))[0].startTime]"
    )
    assert len(chunk) == 1
    assert chunk[0] < layout


def test_the_tables_grid_loads_after_the_first_markers_and_only_where_a_table_is(page, server):
    page.add_init_script(FIRST_MARKER_WATCH)
    page.goto(f"{server}/?region=28")
    expect(page.locator(TABLE_ROWS).first).to_be_visible()
    expect(page.locator("#explore-table")).to_contain_text("ESIGELEC")
    first_marker, grid = page.evaluate(f"[window.atlasFirstMarker, {GRID_SCRIPTS}.map((e) => e.startTime)]")
    assert grid and min(grid) > first_marker
    # Pages without a table never load it; nor does any page load Dash's unused DataTable.
    for address in ("/kiosk", "/embed"):
        page.goto(server + address)
        expect(page.locator(MARKERS).first).to_be_visible()
        page.wait_for_timeout(1000)
        assert page.evaluate(f"{GRID_SCRIPTS}.length") == 0
        assert page.evaluate(SCRIPTS_OF.format("dash_table") + ".length") == 0


# Notes when React, the first of the page's scripts, runs (window.atlasReactRan, on the page's clock).
REACT_WATCH = """
(() => {
  let react;
  Object.defineProperty(window, "React", {
    configurable: true,
    get() { return react; },
    set(value) { react = value; window.atlasReactRan = performance.now(); },
  });
})();
"""


def test_the_pages_scripts_are_asked_for_and_run_once_its_first_view_is_painted(page, server):
    # Asked for before, they would share a slow connection with the stylesheets that paint waits
    # for; run before, they would hold it for as long as they run.
    page.add_init_script(REACT_WATCH)
    open_explore(page, server)
    painted, react_ran, asked = page.evaluate(
        "[performance.getEntriesByName('first-contentful-paint')[0].startTime, window.atlasReactRan, "
        "performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script').map((e) => e.startTime)]"
    )
    assert len(asked) > 10
    assert min(asked) >= painted
    assert react_ran > painted


def test_on_a_phone_the_tables_grid_loads_as_the_table_comes_near_the_screen(page, server):
    page.set_viewport_size({"width": 375, "height": 667})
    open_explore(page, server, "?region=28&site=renault-sandouville")
    # The rest of the page does not wait for it: the downloads follow the selection at once.
    expect(page.locator("#explore-download-csv")).to_have_attribute("href", "/api/sites.csv?region=28&lang=en")
    page.wait_for_timeout(1000)
    assert page.evaluate(f"{GRID_SCRIPTS}.length") == 0
    expect(page.locator("#explore-table")).to_have_attribute("aria-busy", "true")
    page.locator("#explore-table").scroll_into_view_if_needed()
    expect(page.locator(TABLE_ROWS)).to_have_count(4)  # its 3 sites and its zone
    # The place opened before the table was there is selected in it.
    expect(page.locator(f"{TABLE_ROWS}.ag-row-selected")).to_contain_text("Renault Sandouville")


def test_driver_filter_updates_figures_map_and_url(page, server):
    open_explore(page, server)
    page.get_by_role("checkbox", name="New services", exact=True).check()
    expect(page.locator("#kpi-sites")).to_have_text("2")
    expect(page).to_have_url(re.compile(r"\?driver=new_services&(view=[^&]+&)?lang=en$"))
    expect(page.locator(".atlas-marker")).to_have_count(2)
    expect(page.locator("#explore-download-csv")).to_have_attribute(
        "href", "/api/sites.csv?driver=new_services&lang=en"
    )


def test_region_filter(page, server):
    open_explore(page, server)
    page.get_by_role("checkbox", name="Normandy", exact=True).check()
    expect(page.locator("#kpi-sites")).to_have_text("3")
    expect(page.locator("#kpi-av-zones")).to_have_text("1")
    expect(page.locator("#explore-table")).to_contain_text("ESIGELEC")
    expect(page.locator("#explore-table")).not_to_contain_text("Sochaux")


def test_clicking_a_marker_opens_the_detail_panel(page, server):
    open_explore(page, server, "?q=technocentre")
    expect(page.locator("#kpi-sites")).to_have_text("1")
    marker = page.locator(".atlas-marker")
    expect(marker).to_have_count(1)
    marker.click()
    panel = page.locator("#explore-detail")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Renault Technocentre")
    expect(panel).to_contain_text("12,000")
    expect(panel).to_contain_text("Low footprint")


def test_table_row_opens_detail_and_values_stay_text(page, server):
    open_explore(page, server, "?q=bench")
    page.locator(TABLE_ROWS).first.click()
    panel = page.locator("#explore-detail")
    expect(panel).to_contain_text('<img src=x onerror="window.__xss=1">Bench lab')
    assert page.locator("#explore-detail img").count() == 0
    assert page.evaluate("window.__xss") is None


def test_deep_link_restores_the_view(page, server):
    open_explore(page, server, "?region=11&category=plant&category=technical_centre&driver=nonsense")
    expect(page.locator("#kpi-sites")).to_have_text("3")
    expect(page.get_by_role("checkbox", name="Île-de-France", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Plant", exact=True)).to_be_checked()
    page.reload()
    expect(page.locator("#kpi-sites")).to_have_text("3")
    expect(page.get_by_role("checkbox", name="Technical / R&D centre", exact=True)).to_be_checked()


def test_clear_filters(page, server):
    open_explore(page, server, "?region=44")
    expect(page.locator("#kpi-sites")).to_have_text("3")
    page.get_by_role("checkbox", name="Closed", exact=True).check()
    expect(page).to_have_url(re.compile("status=closed"))
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator("#kpi-sites")).to_have_text("13")
    expect(page).to_have_url(re.compile(re.escape(server) + r"/\?(view=[^&]+&)?lang=en$"))
    expect(page.get_by_role("checkbox", name="Closed", exact=True)).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Active", exact=True)).to_be_checked()


# What a finger can aim at on the page: links, buttons, fields, filter rows, markers and map controls.
TARGETS = """
() => [...document.querySelectorAll([
    "a[href]", "button", "input[type=search]", ".form-check", ".leaflet-marker-icon.leaflet-interactive",
    ".leaflet-control-zoom a",
  ].join(", "))]
  .filter((element) => element.checkVisibility() && !element.closest(".ag-root-wrapper"))
  .map((element) => {
    const box = element.getBoundingClientRect();
    return {what: element.id || element.className || element.tagName, width: box.width, height: box.height};
  })
  .filter((target) => target.width > 0 && (target.width < 44 || target.height < 44))
"""


def test_phone_sized_screen_has_its_filters_in_a_drawer_and_finger_sized_targets(browser, server):
    phone = browser.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    try:
        open_explore(phone, server)
        box = phone.locator("#explore-map").bounding_box()
        assert box["width"] <= 390 and box["height"] >= 300
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        drawer = phone.locator("#explore-filters")
        expect(drawer).not_to_be_in_viewport()
        toggle = phone.get_by_role("button", name="Filters", exact=True)
        assert toggle.bounding_box()["y"] < 150
        toggle.click()
        expect(drawer).to_be_in_viewport()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        assert phone.evaluate(TARGETS) == []
        phone.get_by_role("checkbox", name="Normandy", exact=True).check()
        phone.get_by_role("button", name="Show the results").click()
        expect(drawer).not_to_be_in_viewport()
        expect(phone.locator("#kpi-sites")).to_have_text("3")
        assert phone.evaluate(TARGETS) == []
    finally:
        phone.close()


def test_deep_link_to_a_site_opens_its_details(page, server):
    page.goto(f"{server}/?region=28&site=renault-sandouville")
    panel = page.locator("#explore-detail")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Renault Sandouville")
    expect(page.locator("#kpi-sites")).to_have_text("3")


def test_closed_places_are_hidden_until_asked_for_then_grey(page, server):
    open_explore(page, server, "?region=11&category=plant")
    expect(page.locator(".atlas-marker")).to_have_count(1)
    expect(page.get_by_role("checkbox", name="Closed", exact=True)).not_to_be_checked()
    page.get_by_role("checkbox", name="Closed", exact=True).check()
    expect(page.locator("#kpi-sites")).to_have_text("2")
    expect(page.locator(".atlas-marker")).to_have_count(2)
    expect(page.locator(".atlas-marker-closed")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"status=active&status=planned&status=closed&(view=[^&]+&)?lang=en$"))
    expect(page.locator("#explore-download-csv")).to_have_attribute("href", re.compile("status=closed"))
    expect(page.locator("#explore-table")).to_contain_text("PSA Aulnay-sous-Bois")
    page.locator("#explore-table .ag-row", has_text="PSA Aulnay-sous-Bois").click()
    panel = page.locator("#explore-detail")
    expect(panel).to_contain_text("Closed since 2014")
    expect(panel.get_by_role("link", name="fr.wikipedia.org").first).to_be_visible()


def test_a_deep_link_can_ask_for_closed_places_only(page, server):
    open_explore(page, server, "?status=closed")
    expect(page.locator("#kpi-sites")).to_have_text("1")
    expect(page.get_by_role("checkbox", name="Closed", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Active", exact=True)).not_to_be_checked()


def test_sites_at_one_address_are_fanned_out_and_each_opens(page, server):
    open_explore(page, server, "?region=28&category=research_training")
    stacked = page.locator(".atlas-marker-stacked")
    # Fanned out once the map has flown in to the two sites' point (a slower flight under load).
    expect(stacked).to_have_count(2, timeout=15_000)
    map_settled(page, Explore.MAP)
    first, second = stacked.nth(0).bounding_box(), stacked.nth(1).bounding_box()
    assert not boxes_overlap(first, second), (first, second)
    panel = page.locator("#explore-detail")
    opened = names_opened(stacked, panel, lambda marker: marker.click(), lambda: page.keyboard.press("Escape"))
    assert opened == {"ESIGELEC", "IRSEEM"}


def test_the_same_site_opens_again_after_its_panel_is_closed(page, server):
    open_explore(page, server, "?q=technocentre")
    marker = page.locator(".atlas-marker")
    panel = page.locator("#explore-detail")
    for _ in range(2):
        marker.click()
        expect(panel).to_contain_text("Renault Technocentre")
        page.keyboard.press("Escape")
        expect(panel).to_be_hidden()


def test_printing_keeps_map_legend_figures_and_table_and_drops_the_controls(page, server):
    open_explore(page, server)
    page.emulate_media(media="print")
    for shown in ("#explore-map", ".atlas-legend", "#kpi-sites", "#explore-table"):
        expect(page.locator(shown)).to_be_visible()
    for hidden in (".atlas-sidebar", "#explore-download-csv", ".atlas-languages"):
        expect(page.locator(hidden)).to_be_hidden()
    page.emulate_media(media="screen")
    expect(page.locator(".atlas-sidebar")).to_be_visible()
