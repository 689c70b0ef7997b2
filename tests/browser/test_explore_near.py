"""Near a place: a circle around a site, a commune or a point, in headless Chromium.

Counts are checked against DuckDB spatial's own great-circle distance, not the app's SQL.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import duckdb
import duckdb_extension_spatial
import pytest
from playwright.sync_api import expect

from tests.browser.test_explore import open_explore

SPATIAL = next(Path(duckdb_extension_spatial.__file__).parent.glob("extensions/*/spatial.duckdb_extension"))
CURRENT = "('active', 'planned')"


def within(fixture_db: Path, centre_sql: str, km: float) -> set[str]:
    """Ids of the current sites and zones within `km` of a centre (SQL giving lat, lon), by DuckDB spatial."""
    con = duckdb.connect(str(fixture_db), read_only=True, config={"autoinstall_known_extensions": False})
    try:
        con.execute(f"LOAD '{SPATIAL}'")
        # ST_Distance_Sphere takes (lat, lon) points; a zone counts when any of it is within reach.
        found = con.execute(
            f"""
            WITH c AS ({centre_sql})
            SELECT id FROM sites, c WHERE status IN {CURRENT}
              AND ST_Distance_Sphere(ST_FlipCoordinates(geometry), ST_Point(c.lat, c.lon)) <= ?
            UNION ALL
            SELECT id FROM zones, c WHERE status IN {CURRENT} AND site_id IS NULL
              AND ST_Distance_Sphere(ST_FlipCoordinates(ST_ClosestPoint(geometry, ST_Point(c.lon, c.lat))),
                                     ST_Point(c.lat, c.lon)) <= ?
            """,
            [km * 1000, km * 1000],
        ).fetchall()
    finally:
        con.close()
    return {row[0] for row in found}


def wait_for_rows(page, count: int) -> None:
    """Until the table shows `count` rows (the grid itself loads after the map's first markers)."""
    page.wait_for_function(
        """(count) => {
            try {
                return dash_ag_grid.getApi('explore-table').getDisplayedRowCount() === count;
            } catch (notYet) {
                return false;
            }
        }""",
        arg=count,
    )


def shown_ids(page) -> set[str]:
    return set(page.evaluate("() => dash_ag_grid.getApi('explore-table').getRenderedNodes().map((n) => n.id)"))


def distances(page) -> list[float]:
    """The distance column in the order the table shows its rows."""
    return page.evaluate(
        """() => {
            const api = dash_ag_grid.getApi('explore-table');
            const shown = [];
            api.forEachNodeAfterFilterAndSort((node) => shown.push(node.data.distance_km));
            return shown;
        }"""
    )


def test_near_a_commune_found_by_name_draws_the_circle_and_sorts_by_distance(page, server, fixture_db):
    open_explore(page, server)
    page.locator("#explore-near").click()
    # Typed into the box's search field once it is open (typing before would go nowhere).
    search = page.get_by_placeholder("Type a name")
    search.click()
    search.press_sequentially("rouen")
    page.get_by_role("option", name="Rouen (76)", exact=True).click()
    expected = within(fixture_db, "SELECT lat, lon FROM communes WHERE code = '76540'", 20)
    assert expected, "the fixture has places near Rouen"
    expect(page.locator("#explore-result-count")).to_contain_text("within 20 km of Rouen (76)")
    page.wait_for_function("() => new URLSearchParams(location.search).get('near') === 'commune:76540'")
    assert "radius=20" in page.url
    expect(page.locator("#explore-table .ag-header-cell", has_text="Distance (km)")).to_be_visible()
    wait_for_rows(page, len(expected))
    assert shown_ids(page) == expected
    assert distances(page) == sorted(distances(page))
    expect(page.locator(".leaflet-overlay-pane path[stroke-dasharray='8 6']")).to_have_count(1)
    # A wider circle takes in more, the figures follow.
    page.locator("#explore-radius").fill("60")
    page.locator("#explore-radius").press("Enter")
    wider = within(fixture_db, "SELECT lat, lon FROM communes WHERE code = '76540'", 60)
    assert len(wider) > len(expected)
    expect(page.locator("#explore-result-count")).to_contain_text("within 60 km of Rouen (76)")
    expect(page.locator("#kpi-sites")).to_have_text(
        str(len([i for i in wider if i != "rouen-normandie-autonomous-lab"]))
    )
    # Back undoes the radius, then the centre; the centre keeps its name.
    page.go_back()
    expect(page.locator("#explore-result-count")).to_contain_text("within 20 km of Rouen (76)")
    expect(page.locator("#explore-radius")).to_have_value("20")
    expect(page.locator("#explore-near")).to_contain_text("Rouen (76)")
    page.go_back()
    expect(page.locator("#kpi-sites")).to_have_text("13")
    expect(page.locator(".leaflet-overlay-pane path[stroke-dasharray='8 6']")).to_have_count(0)


def test_near_a_site_from_the_address_and_in_the_downloads(page, server, fixture_db):
    open_explore(page, server, "?near=renault-sandouville&radius=60&lang=fr")
    expected = within(fixture_db, "SELECT lat, lon FROM sites WHERE id = 'renault-sandouville'", 60)
    expect(page.locator("#explore-result-count")).to_contain_text("à moins de 60 km de Renault Sandouville · Usine")
    wait_for_rows(page, len(expected))
    assert shown_ids(page) == expected
    href = page.locator("#explore-download-csv").get_attribute("href")
    assert "near=renault-sandouville" in href and "radius=60" in href
    response = page.request.get(server + href)
    rows = list(csv.DictReader(io.StringIO(response.text().lstrip("\ufeff"))))
    sites = {row["id"] for row in rows}
    assert sites == {site for site in expected if site != "rouen-normandie-autonomous-lab"}
    kilometres = [float(row["distance_km"]) for row in rows]
    assert kilometres == sorted(kilometres) and kilometres[0] == 0


def test_pick_a_point_on_the_map(page, server, fixture_db):
    open_explore(page, server, "?view=49.4,1.08,10")
    page.get_by_role("button", name="Pick a point on the map").click()
    expect(page.locator("#explore-near-pick")).to_have_attribute("aria-pressed", "true")
    # Beside the markers in the middle of the view: a click on a marker opens its site instead.
    box = page.locator("#explore-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 100, box["y"] + box["height"] / 2 - 80)
    page.wait_for_function("() => /^[0-9.]+,[0-9.]+$/.test(new URLSearchParams(location.search).get('near') || '')")
    expect(page.locator("#explore-near-pick")).to_have_attribute("aria-pressed", "false")
    lat, lon = (float(part) for part in re.search(r"near=([0-9.]+)(?:,|%2C)([0-9.]+)", page.url).groups())
    assert abs(lat - 49.4) < 0.2 and abs(lon - 1.08) < 0.3
    expected = within(fixture_db, f"SELECT {lat} AS lat, {lon} AS lon", 20)
    wait_for_rows(page, len(expected))
    assert shown_ids(page) == expected
    expect(page.locator("#explore-result-count")).to_contain_text(f"within 20 km of Point {lat:.4f}, {lon:.4f}")


@pytest.mark.parametrize("near", ["nowhere-at-all", "commune:99999", "91.5,2.0", "<script>"])
def test_an_unknown_centre_is_ignored(page, server, near):
    open_explore(page, server, f"?near={near}&radius=5")
    expect(page.locator("#kpi-sites")).to_have_text("13")
    response = page.request.get(f"{server}/api/sites.csv?near={near}")
    assert response.status == 200 and response.text().count("\n") == 14


def test_the_map_has_a_metric_scale_bar(page, server):
    open_explore(page, server)
    expect(page.locator(".leaflet-control-scale-line")).to_have_text(re.compile(r"^\d+ k?m$"))


def test_the_embedded_map_draws_the_circle_too(page, server, fixture_db):
    page.goto(f"{server}/embed?near=commune:76540&radius=20")
    expect(page.locator(".leaflet-overlay-pane path[stroke-dasharray='8 6']")).to_have_count(1)
    expected = within(fixture_db, "SELECT lat, lon FROM communes WHERE code = '76540'", 20)
    sites = len([site for site in expected if site != "rouen-normandie-autonomous-lab"])
    # Markers, and the sites in clusters, make the sites within the circle.
    page.wait_for_function(
        """(sites) => document.querySelectorAll(".atlas-marker").length
            + [...document.querySelectorAll(".atlas-cluster")].reduce((sum, c) => sum + Number(c.innerText), 0)
            === sites""",
        arg=sites,
    )
