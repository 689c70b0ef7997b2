"""The explore page without a mouse: every site reached and opened with the keyboard, in headless Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TABLE_ROWS, serious_violations
from tests.browser.test_explore import open_explore

# The focused element: what it is, where it is, and whether its focus ring stands out (WCAG 1.4.11:
# at least 3:1 against the colour behind it).
FOCUSED = """
() => {
  const element = document.activeElement;
  const parse = (colour) => {
    const parts = (colour.match(/[\\d.]+/g) || []).map(Number);
    return { rgb: parts.slice(0, 3), alpha: parts.length > 3 ? parts[3] : 1 };
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(element);
  // An outline drawn inside the element lies on its own background, else on its parents'.
  let behind = parseFloat(style.outlineOffset) < 0 ? element : element.parentElement;
  let background = { rgb: [255, 255, 255] };
  for (; behind && behind.nodeType === 1; behind = behind.parentElement) {
    const found = parse(getComputedStyle(behind).backgroundColor);
    if (found.alpha > 0.5) { background = found; break; }
  }
  const [ring, back] = [luminance(parse(style.outlineColor).rgb), luminance(background.rgb)];
  const box = element.getBoundingClientRect();
  return {
    tag: element.tagName,
    classes: typeof element.className === "string" ? element.className : "",
    name: element.getAttribute("aria-label") || element.innerText || "",
    inGrid: !!element.closest("#explore-table"),
    inDialog: !!element.closest(".offcanvas"),
    rowId: (element.closest("[row-id]") || { getAttribute: () => null }).getAttribute("row-id"),
    width: box.width,
    height: box.height,
    onScreen: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
    ring: style.outlineStyle !== "none" ? parseFloat(style.outlineWidth) : 0,
    contrast: (Math.max(ring, back) + 0.05) / (Math.min(ring, back) + 0.05),
  };
}
"""
MAP_ZOOM = "() => Number(new URLSearchParams(location.search).get('view')?.split(',')[2])"


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_until(page, wanted, limit: int = 80, key: str = "Tab") -> dict:
    """Press Tab until the focused element passes `wanted`; that element."""
    for _ in range(limit):
        page.keyboard.press(key)
        found = focused(page)
        if wanted(found):
            return found
    raise AssertionError(f"no such tab stop within {limit} presses")


def test_every_tab_stop_is_visible_and_ringed_and_the_grid_is_one_of_them(page, server):
    # Without smooth scrolling, each focused element is scrolled into view before it is measured.
    page.emulate_media(reduced_motion="reduce")
    open_explore(page, server)
    first = tab_until(page, lambda found: True)
    assert first["name"] == "Skip to the map"
    stops = [first]
    while len(stops) < 150:
        page.keyboard.press("Tab")
        found = focused(page)
        if found["tag"] == "BODY":
            break
        stops.append(found)
    assert 20 < len(stops) < 150, "Tab should come back round the page"
    assert sum(stop["inGrid"] for stop in stops) == 1, "the grid is one tab stop"
    for stop in stops:
        label = f"{stop['tag']} {stop['classes'][:40]} {stop['name'][:40]!r}"
        assert stop["width"] >= 8 and stop["height"] >= 8 and stop["onScreen"], "invisible tab stop: " + label
        assert stop["ring"] >= 2 and stop["contrast"] >= 3, f"faint focus ring ({stop['contrast']:.1f}:1): {label}"


def test_skip_links_lead_to_the_map_and_past_the_table(page, server):
    open_explore(page, server)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the map")).to_be_focused()
    expect(page.get_by_role("link", name="Skip to the map")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#explore-map")).to_be_focused()
    tab_until(page, lambda found: found["name"] == "Skip the table")
    page.keyboard.press("Enter")
    expect(page.locator("#explore-headline")).to_be_focused()
    after = tab_until(page, lambda found: True)
    assert not after["inGrid"]


def test_a_row_opens_with_enter_in_a_named_dialog_that_keeps_and_returns_the_focus(page, server):
    open_explore(page, server)
    tab_until(page, lambda found: found["inGrid"])
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    row = focused(page)
    assert row["rowId"]
    name = page.locator(f"#explore-table .ag-row[row-id='{row['rowId']}'] [col-id='name']").first.inner_text()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name=name)
    expect(dialog).to_be_visible()
    expect(page.locator("#explore-detail-title")).to_have_text(name)
    for _ in range(12):
        page.keyboard.press("Tab")
        assert focused(page)["inDialog"], "the focus left the open dialog"
    page.keyboard.press("Shift+Tab")
    assert focused(page)["inDialog"]
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert focused(page)["rowId"] == row["rowId"], "the focus goes back to the row"
    # Space opens it too, and again after closing: the same row twice.
    page.keyboard.press(" ")
    expect(page.get_by_role("dialog", name=name)).to_be_visible()
    page.get_by_role("button", name="Close").press("Enter")
    expect(dialog).to_be_hidden()


def test_a_zone_is_reached_through_the_table(page, server):
    open_explore(page, server)
    tab_until(page, lambda found: found["inGrid"])
    page.keyboard.press("ArrowDown")
    for _ in range(20):
        if focused(page)["rowId"] == "rouen-normandie-autonomous-lab":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="Rouen Normandie Autonomous Lab")).to_be_visible()


def test_a_cluster_is_named_and_zooms_on_enter(page, server):
    open_explore(page, server)
    before = page.evaluate(MAP_ZOOM) if "view=" in page.url else None
    cluster = tab_until(page, lambda found: "atlas-cluster" in found["classes"])
    named = re.fullmatch(r"(\d+) sites: (.+)", cluster["name"])
    assert named, cluster["name"]
    counts = [int(n) for n in re.findall(r"\((\d+)\)", named.group(2))]
    assert sum(counts) == int(named.group(1))
    assert re.search(
        r"(Plant|Technical / R&D centre|Test track|Research & training|Mobility & energy operator) \(\d+\)",
        named.group(2),
    )
    page.keyboard.press("Enter")
    expect(page.locator("#explore-map")).to_be_focused()
    page.wait_for_function(MAP_ZOOM + " > " + str(before or 6))
    # Once the map has settled and drawn its markers again, Tab goes on into what the cluster held.
    page.wait_for_function("() => !document.querySelector('#explore-map.leaflet-zoom-anim')")
    expect(page.locator(".atlas-marker, .atlas-cluster").first).to_be_visible()
    tab_until(page, lambda found: "atlas-marker" in found["classes"] or "atlas-cluster" in found["classes"], limit=5)


def test_a_marker_opens_its_site_with_enter_and_gets_the_focus_back(page, server):
    open_explore(page, server, "?region=28&category=plant")
    marker = tab_until(page, lambda found: "atlas-marker" in found["classes"])
    assert marker["name"] == "Renault Sandouville, Plant"
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Renault Sandouville")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert focused(page)["name"] == "Renault Sandouville, Plant"


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_no_serious_accessibility_violations_with_the_panel_and_share_dialog_open(page, server, lang):
    # Dialogs appear without fading in, so colours are measured as they are shown.
    page.emulate_media(reduced_motion="reduce")
    open_explore(page, server, f"?lang={lang}")
    # The table as the visitor sees it: AG Grid half-way through its first render breaks ARIA rules for a moment.
    expect(page.locator(TABLE_ROWS).first).to_be_visible()
    assert serious_violations(page) == []
    page.goto(f"{server}/?lang={lang}&site=renault-sandouville")
    expect(page.locator("#explore-detail-title")).to_have_text("Renault Sandouville")
    expect(page.locator(TABLE_ROWS).first).to_be_visible()
    assert serious_violations(page) == []
    page.keyboard.press("Escape")
    page.locator("#explore-share-open").click()
    expect(page.locator("#explore-share-link")).to_have_value(re.compile("lang=" + lang))
    assert serious_violations(page) == []
