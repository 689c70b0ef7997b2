"""The explore page's map and table in step, and a legend that filters, in headless Chromium."""

from __future__ import annotations

from playwright.sync_api import expect

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
