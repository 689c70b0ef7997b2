"""The explore page's map and table in step, and a legend that filters, in headless Chromium."""

from __future__ import annotations

import duckdb
import pytest
from playwright.sync_api import expect

from bench.bench_filter import synthetic
from dashboard import queries
from dashboard.build import Sources, validate, write_database
from dashboard.ids import Explore
from dashboard.queries import Selection
from dashboard.settings import DATA
from tests.browser.conftest import drag_and_hold, gunicorn, hold_callbacks, map_settled
from tests.browser.test_explore import open_explore

# Whether the open site's ring sits in the middle of the map (within 30 px), once the map has flown there.
RING_CENTRED = """
() => {
  const ring = document.querySelector(".atlas-selected");
  if (!ring) { return false; }
  const r = ring.getBoundingClientRect();
  const m = document.querySelector("#explore-map").getBoundingClientRect();
  return Math.abs(r.x + r.width / 2 - m.x - m.width / 2) < 30 && Math.abs(r.y + r.height / 2 - m.y - m.height / 2) < 30;
}
"""


def test_a_table_row_flies_the_map_to_its_site_and_rings_it(page, server):
    open_explore(page, server)
    page.locator("#explore-table .ag-row", has_text="Renault Sandouville").click()
    expect(page.locator("#explore-detail")).to_contain_text("Renault Sandouville")
    ring = page.locator(".atlas-selected")
    expect(ring).to_have_count(1)
    page.wait_for_function(RING_CENTRED)
    page.keyboard.press("Escape")
    expect(ring).to_have_count(0)


def test_a_marker_selects_and_shows_its_row(page, server):
    open_explore(page, server, "?region=28&category=plant")
    page.locator(".atlas-marker-plant").click()
    expect(page.locator("#explore-detail")).to_contain_text("Renault Sandouville")
    expect(page.locator("#explore-table .ag-row-selected")).to_contain_text("Renault Sandouville")


def test_zoom_to_brings_the_open_place_to_the_middle_of_the_map(page, server):
    page.goto(f"{server}/?site=utac-linas-montlhery")
    expect(page.locator("#explore-detail")).to_contain_text("UTAC Linas-Montlhéry")
    expect(page.locator(".atlas-selected")).to_have_count(1)
    assert not page.evaluate(RING_CENTRED)
    page.get_by_role("button", name="Zoom to this place").click()
    page.wait_for_function(RING_CENTRED)


def test_the_legend_hides_and_shows_a_category_and_says_so(page, server):
    open_explore(page, server)
    plant = page.get_by_role("button", name="Plant", exact=True)
    expect(plant).to_have_attribute("aria-pressed", "true")
    plant.click()
    expect(plant).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#kpi-plants")).to_have_text("0")
    expect(page.locator("#kpi-sites")).to_have_text("8")
    expect(page.get_by_role("checkbox", name="Test track", exact=True)).to_be_checked()
    plant.click()
    expect(plant).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#kpi-sites")).to_have_text("13")
    expect(page.get_by_role("checkbox", name="Test track", exact=True)).not_to_be_checked()


def test_clusters_are_donuts_of_the_categories_they_hold(page, server):
    open_explore(page, server)
    cluster = page.locator(".atlas-cluster").first
    expect(cluster).to_be_visible()
    assert cluster.locator("circle[stroke]").count() >= 1
    assert int(cluster.inner_text()) >= 2


def test_the_map_holds_only_the_sites_of_its_view_and_asks_for_more_as_it_moves(page, server):
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/api/map.geojson" in request.url else None)
    # Close to ESIGELEC and IRSEEM, at one address: the page holds their two markers, fanned out, only.
    page.goto(f"{server}/?view=49.3828,1.0775,14")
    markers = page.locator("#explore-map .atlas-marker")
    expect(markers).to_have_count(2)
    expect(page.locator("#explore-map .atlas-marker-stacked")).to_have_count(2)
    expect(page.get_by_role("button", name="Stellantis Sochaux, Plant")).to_have_count(0)
    # Moved to Sochaux, the map asks for what it shows there, with the selection.
    page.get_by_role("checkbox", name="Plant", exact=True).check()
    expect(page.locator("#kpi-sites")).to_have_text("5")
    page.evaluate("window.atlasMap('explore-map').setView([47.512, 6.823], 14)")
    expect(page.get_by_role("button", name="Stellantis Sochaux, Plant")).to_be_visible()
    expect(markers).to_have_count(1)
    assert any("category=plant" in url and "zoom=14" in url for url in asked), asked
    # Zoomed out over the four regions, its plants are grouped: one symbol a group, its count inside.
    page.evaluate("window.atlasMap('explore-map').setView([48.15, 3.5], 5)")
    counts = page.locator("#explore-map .atlas-cluster span")
    expect(counts.first).to_be_visible()
    expect(page.locator("#explore-map[aria-busy]")).to_have_count(0)
    shown = sum(int(text) for text in counts.all_inner_texts()) + markers.count()
    assert shown == 5


@pytest.fixture(scope="module")
def many_sites(tmp_path_factory):
    """The app on 400 copies of the bundled sites: more rows than the table's first block."""
    database = tmp_path_factory.mktemp("many") / "atlas.duckdb"
    write_database(synthetic(validate(Sources(DATA)), 400), database)
    connection = duckdb.connect(str(database), read_only=True)
    count = queries.table_rows(connection, Selection(), "en", "name", 0, 1)[1]
    (last,), _ = queries.table_rows(connection, Selection(), "en", "name", count - 1, count)
    connection.close()
    assert count > 300
    with gunicorn(database, ATLAS_DATA=str(DATA)) as base:
        yield base, last["id"], count


def test_a_place_opened_beyond_the_tables_loaded_rows_is_scrolled_to_and_selected(page, many_sites):
    base, last, count = many_sites
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/api/table" in request.url else None)
    page.goto(f"{base}/?site={last}")
    expect(page.locator("#explore-detail")).to_be_visible()
    row = page.locator("#explore-table .ag-row-selected")
    expect(row).to_have_attribute("row-id", last)
    expect(row).to_have_attribute("row-index", str(count - 1))
    # The grid has scrolled to it: shown once the page scrolls to the table.
    page.locator("#explore-table").scroll_into_view_if_needed()
    expect(row).to_be_in_viewport()
    # The rows came by blocks: the first, then the one that holds the place (found by its index).
    assert any("table-index.json" in url and f"id={last}" in url for url in asked)
    block = (count - 1) // 100 * 100
    assert any(f"start={block}&end={block + 100}" in url for url in asked)
    assert not any("start=100&" in url for url in asked)


# Whether the explore map shows this many sites: its markers, and the sites its clusters count.
SITES_SHOWN_ARE = """
(expected) => {
  const map = document.querySelector("#explore-map");
  const clusters = Array.from(map.querySelectorAll(".atlas-cluster span"), (count) => Number(count.textContent));
  return map.querySelectorAll(".atlas-marker").length + clusters.reduce((sum, count) => sum + count, 0) === expected;
}
"""


def test_the_map_shows_a_new_selection_without_waiting_for_the_servers_answer_to_it(page, server):
    open_explore(page, server)
    page.wait_for_function(SITES_SHOWN_ARE, arg=13)
    # The filters' callback (figures, table, the map's new view) never answers: the map asks alone.
    held = hold_callbacks(page)
    page.get_by_role("checkbox", name="Normandy", exact=True).check()
    page.wait_for_function(SITES_SHOWN_ARE, arg=3)
    page.get_by_role("checkbox", name="Normandy", exact=True).uncheck()
    page.wait_for_function(SITES_SHOWN_ARE, arg=13)
    # No status ticked means every status: the closed site too.
    for status in ("Active", "Planned"):
        page.get_by_role("checkbox", name=status, exact=True).uncheck()
    page.wait_for_function(SITES_SHOWN_ARE, arg=14)
    assert held
    expect(page.locator("#kpi-sites")).to_have_text("13")


def test_a_new_selections_figures_are_asked_once_the_map_has_drawn_its_sites(page, server):
    # Drawn alongside the map's new markers, the figures would hold them back.
    open_explore(page, server)
    page.wait_for_function(SITES_SHOWN_ARE, arg=13)
    # The page's opening fit over: its end asks for the sites of the view it arrives at.
    map_settled(page, Explore.MAP)
    maps, asked = [], []
    page.route("**/api/map.geojson*", lambda route: maps.append(route))

    def note(request):
        if "explore-drawn-query" in (request.post_data or ""):
            asked.append(request)

    page.on("request", note)
    page.get_by_role("checkbox", name="Normandy", exact=True).check()
    page.wait_for_timeout(500)
    assert len(maps) == 1 and asked == []
    expect(page.locator("#kpi-sites")).to_have_text("13")
    maps[0].continue_()
    page.wait_for_function(SITES_SHOWN_ARE, arg=3)
    expect(page.locator("#kpi-sites")).to_have_text("3")
    assert len(asked) == 1


# The map's addresses asked from now on (window.mapAsked), and those asked by the time a listener
# of the map's next `moveend` or `zoomanim` (an animated zoom's start), added now (after the page's
# own), runs (window.askedAtMoveend, window.askedAtZoomanim).
ASKED_AT_MOVEEND = """
() => {
  const map = window.atlasMap("explore-map");
  window.mapAsked = [];
  const fetched = window.fetch;
  window.fetch = function (address) {
    if (String(address).includes("/api/map.geojson")) {
      window.mapAsked.push(String(address));
    }
    return fetched.apply(this, arguments);
  };
  window.askedAtMoveend = null;
  map.once("moveend", () => { window.askedAtMoveend = window.mapAsked.slice(); });
  window.askedAtZoomanim = null;
  map.once("zoomanim", () => { window.askedAtZoomanim = window.mapAsked.slice(); });
}
"""


def test_a_map_asks_for_its_sites_as_it_stops_moving_before_dash_hears_of_it(page, server):
    # Dash learns of a move from the map's new bounds, then runs the sites' callback: by then the
    # frame that draws the move (the street basemap's, on a slow GPU) has held it back.
    open_explore(page, server, "?region=11&view=48.85,2.35,9")
    map_settled(page, Explore.MAP)
    page.evaluate(ASKED_AT_MOVEEND)
    page.evaluate("window.atlasMap('explore-map').panBy([600, 0], { animate: false })")
    page.wait_for_function("() => window.askedAtMoveend !== null")
    asked = page.evaluate("window.askedAtMoveend")
    assert len(asked) == 1 and "region=11&zoom=9&bbox=" in asked[0], asked
    # Dash's callback, running later on the same view, draws that answer rather than asking again.
    expect(page.locator("#explore-map[aria-busy]")).to_have_count(0)
    page.wait_for_timeout(300)
    assert page.evaluate("window.mapAsked") == asked


def test_a_zoom_asks_for_the_sites_where_it_lands_as_it_starts(page, server):
    # Drawn as the zoom's animation ends, not a round trip after it.
    open_explore(page, server, "?region=11&view=48.85,2.35,9")
    map_settled(page, Explore.MAP)
    page.evaluate(ASKED_AT_MOVEEND)
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function("() => window.askedAtMoveend !== null")
    asked = page.evaluate("window.askedAtZoomanim")
    assert len(asked) == 1 and "region=11&zoom=10&bbox=" in asked[0], asked
    # Arrived, the map draws that answer: the address it asks there is the same.
    assert page.evaluate("window.askedAtMoveend") == asked
    expect(page.locator("#explore-map[aria-busy]")).to_have_count(0)
    expect(page.locator("#explore-map .atlas-marker, #explore-map .atlas-cluster").first).to_be_visible()
    page.wait_for_timeout(300)
    assert page.evaluate("window.mapAsked") == asked


# Each marker's element of the explore map as it stands, remembered (window.atlasShownBefore).
REMEMBER_MARKERS = """
() => { window.atlasShownBefore = new Set(document.querySelectorAll("#explore-map .atlas-marker")); }
"""
IS_REMEMBERED = "(marker) => window.atlasShownBefore.has(marker)"


def test_a_move_redraws_only_the_markers_it_changes_and_those_drawn_open_their_site(page, server):
    # A marker under the finger or the keyboard's focus stays itself as the map redraws around it.
    open_explore(page, server, "?view=48.931,2.035,12")
    map_settled(page, Explore.MAP)
    poissy = page.get_by_role("button", name="Stellantis Poissy, Plant")
    cergy = page.get_by_role("button", name="Valeo Cergy, Technical / R&D centre")
    technocentre = page.get_by_role("button", name="Renault Technocentre, Technical / R&D centre")
    linas = page.get_by_role("button", name="UTAC Linas-Montlhéry, Test track")
    expect(cergy).to_have_count(1)
    page.evaluate(REMEMBER_MARKERS)
    page.evaluate("window.atlasMap('explore-map').setView([48.85, 2.035], 12)")
    expect(cergy).to_have_count(0)
    assert poissy.evaluate(IS_REMEMBERED) and technocentre.evaluate(IS_REMEMBERED)
    page.evaluate("window.atlasMap('explore-map').setView([48.7, 2.1], 12)")
    expect(linas).to_be_visible()
    assert technocentre.evaluate(IS_REMEMBERED) and not linas.evaluate(IS_REMEMBERED)
    # The marker drawn into the map is the site's, as any other.
    linas.click()
    expect(page.locator("#explore-detail")).to_contain_text("UTAC Linas-Montlhéry")


def test_a_map_held_still_in_a_drag_asks_for_that_view_before_it_is_let_go(page, server):
    open_explore(page, server, "?view=48.85,2.35,10")
    map_settled(page, Explore.MAP)
    page.evaluate(ASKED_AT_MOVEEND)
    drag_and_hold(page, "#explore-map", 400, 400)
    held = page.evaluate("window.mapAsked.slice()")
    page.mouse.up()
    page.wait_for_function("() => window.askedAtMoveend !== null")
    # Asked once, while held: let go, the map draws that answer.
    assert len(held) == 1 and "zoom=10&bbox=" in held[0], held
    assert page.evaluate("window.askedAtMoveend") == held
    expect(page.locator("#explore-map[aria-busy]")).to_have_count(0)
    assert page.evaluate("window.mapAsked") == held


def test_a_map_opened_where_there_is_no_site_draws_those_it_moves_to(page, server):
    # Its layer has held no marker yet: the first sites it is given are drawn by Dash.
    page.goto(f"{server}/?view=44.2,-0.8,12")
    expect(page.locator("#kpi-sites")).to_have_text("13")
    map_settled(page, Explore.MAP)
    expect(page.locator("#explore-map .atlas-marker, #explore-map .atlas-cluster")).to_have_count(0)
    poissy = page.get_by_role("button", name="Stellantis Poissy, Plant")
    page.evaluate("window.atlasMap('explore-map').setView([48.931, 2.035], 14)")
    expect(poissy).to_be_visible()
    page.evaluate("window.atlasMap('explore-map').setView([49.486, 0.301], 14)")
    expect(page.get_by_role("button", name="Renault Sandouville, Plant")).to_be_visible()
    expect(poissy).to_have_count(0)
