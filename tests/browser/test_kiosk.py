"""The kiosk on a 1920×1080 touch screen, in headless Chromium: visitors only tap."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    PUBLIC_URL,
    boxes_overlap,
    decoded,
    hold_callbacks,
    names_opened,
    serious_violations,
)

SITES_FIGURE = "#kiosk-figure-sites .kiosk-figure-value"


def open_kiosk(page, server, query=""):
    page.goto(f"{server}/kiosk{query}")
    expect(page.locator(SITES_FIGURE)).to_have_text("13")
    expect(page.locator(".atlas-marker, .atlas-cluster").first).to_be_visible()


def toggle(page, label):
    page.locator("label.kiosk-toggle", has_text=re.compile(f"^\\s*{re.escape(label)}$")).tap()


def only_the_test_track(page):
    """The map narrowed to its one test track (UTAC): that site's marker."""
    toggle(page, "Test track")
    marker = page.locator(".atlas-marker")
    expect(marker).to_have_count(1)
    return marker


def test_the_kiosk_arrives_with_its_home_view_drawn(kiosk_page, kiosk_server, tmp_path):
    # Its markers, figures and view QR code come with the page: no callback is answered.
    hold_callbacks(kiosk_page)
    open_kiosk(kiosk_page, kiosk_server)
    expect(kiosk_page.locator("#kiosk-figure-plant .kiosk-figure-value")).to_have_text("5")
    assert decoded(kiosk_page, "#kiosk-view-qr", tmp_path) == f"{PUBLIC_URL}/?lang=en"


def test_a_toggles_sites_are_drawn_without_waiting_for_the_servers_answer_to_it(kiosk_page, server):
    open_kiosk(kiosk_page, server)
    expect(kiosk_page.locator("#kiosk-figure-plant .kiosk-figure-value")).to_have_text("5")
    # The figures' callback never answers: the map asks for the toggle's sites by itself.
    hold_callbacks(kiosk_page)
    # Asked once the map has drawn the sites, and held.
    with kiosk_page.expect_request("**/_dash-update-component"):
        only_the_test_track(kiosk_page)
    expect(kiosk_page.locator("#kiosk-figure-plant .kiosk-figure-value")).to_have_text("5")


def test_language_buttons_translate_labels_figures_and_descriptions(kiosk_page, server):
    open_kiosk(kiosk_page, server)
    expect(kiosk_page.get_by_role("button", name="Start over")).to_be_visible()
    kiosk_page.get_by_role("button", name="Deutsch").tap()
    expect(kiosk_page.get_by_role("button", name="Neu beginnen")).to_be_visible()
    expect(kiosk_page.locator("#kiosk-root")).to_have_attribute("lang", "de")
    expect(kiosk_page.get_by_role("button", name="Deutsch")).to_have_attribute("aria-pressed", "true")
    expect(kiosk_page.locator("label.kiosk-toggle", has_text="Teststrecke")).to_be_visible()
    expect(kiosk_page.locator(".kiosk-legend")).to_contain_text("Forschung und Ausbildung")
    expect(kiosk_page.locator("#kiosk-figures")).to_contain_text("Werke")
    expect(kiosk_page.locator(".kiosk-headline-value").first).to_have_text("440.000")
    kiosk_page.get_by_role("button", name="Français").tap()
    expect(kiosk_page.get_by_role("button", name="Recommencer")).to_be_visible()
    expect(kiosk_page.locator(".kiosk-headline-value").first).to_have_text("440\u202f000")
    expect(kiosk_page.locator(".atlas-place-country", has_text="ALLEMAGNE")).to_have_count(1)


def test_toggle_filters_the_map_and_figures(kiosk_page, server):
    open_kiosk(kiosk_page, server)
    toggle(kiosk_page, "Plant")
    expect(kiosk_page.locator(SITES_FIGURE)).to_have_text("5")
    expect(kiosk_page.locator("#kiosk-figure-plant .kiosk-figure-value")).to_have_text("5")
    toggle(kiosk_page, "Normandy")
    expect(kiosk_page.locator(SITES_FIGURE)).to_have_text("1")
    expect(kiosk_page.locator(".atlas-marker")).to_have_count(1)
    toggle(kiosk_page, "Normandy")
    expect(kiosk_page.locator(SITES_FIGURE)).to_have_text("5")


def test_tapping_a_site_opens_details_without_external_links(kiosk_page, server):
    open_kiosk(kiosk_page, server)
    only_the_test_track(kiosk_page).tap()
    detail = kiosk_page.locator("#kiosk-detail")
    expect(detail).to_be_visible()
    expect(detail).to_contain_text("UTAC")
    assert detail.locator("a").count() == 0
    kiosk_page.get_by_role("button", name="Deutsch").tap()
    expect(detail).to_contain_text("Kategorie")
    kiosk_page.get_by_role("button", name="Schließen").tap()
    expect(detail).to_be_hidden()


def test_qr_codes_decode_to_public_deep_links(kiosk_page, kiosk_server, tmp_path):
    open_kiosk(kiosk_page, kiosk_server)
    assert decoded(kiosk_page, "#kiosk-view-qr", tmp_path) == f"{PUBLIC_URL}/?lang=en"
    toggle(kiosk_page, "Test track")
    expect(kiosk_page.locator(SITES_FIGURE)).to_have_text("1")
    expect(kiosk_page.locator("#kiosk-view-qr")).to_have_attribute("alt", re.compile("category=test_track"))
    assert decoded(kiosk_page, "#kiosk-view-qr", tmp_path) == f"{PUBLIC_URL}/?category=test_track&lang=en"
    marker = kiosk_page.locator(".atlas-marker")
    expect(marker).to_have_count(1)
    marker.tap()
    expect(kiosk_page.locator("#kiosk-detail .kiosk-qr")).to_be_visible()
    place = f"{PUBLIC_URL}/?site=utac-linas-montlhery"
    assert decoded(kiosk_page, "#kiosk-detail .kiosk-qr", tmp_path) == f"{place}&lang=en"
    # The phone opens the atlas in the language the visitor chose at the kiosk.
    kiosk_page.get_by_role("button", name="Deutsch").tap()
    expect(kiosk_page.locator("#kiosk-detail .kiosk-qr")).to_have_attribute("alt", re.compile("lang=de"))
    assert decoded(kiosk_page, "#kiosk-detail .kiosk-qr", tmp_path) == f"{place}&lang=de"
    assert decoded(kiosk_page, "#kiosk-view-qr", tmp_path) == f"{PUBLIC_URL}/?category=test_track&lang=de"


def test_without_a_public_address_no_qr_code_shows_and_the_operator_is_told(kiosk_page, server):
    warnings = []
    kiosk_page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    open_kiosk(kiosk_page, server)
    expect(kiosk_page.locator(".kiosk-share")).to_be_hidden()
    assert any("ATLAS_PUBLIC_URL" in warning for warning in warnings)
    only_the_test_track(kiosk_page).tap()
    expect(kiosk_page.locator("#kiosk-detail")).to_contain_text("UTAC")
    expect(kiosk_page.locator("#kiosk-detail .kiosk-qr")).to_have_count(0)


def test_idle_kiosk_resets_then_attract_loop_runs_until_touched(kiosk_page, server):
    open_kiosk(kiosk_page, server, "?idle=2")
    toggle(kiosk_page, "Plant")
    kiosk_page.get_by_role("button", name="Français").tap()
    expect(kiosk_page.locator(SITES_FIGURE)).to_have_text("5")
    root = kiosk_page.locator("#kiosk-root")
    # Two seconds without a touch: home language, no filters, then the first highlight.
    expect(root).to_have_class(re.compile(r"\bkiosk-attracting\b"), timeout=8000)
    expect(root).to_have_attribute("lang", "en")
    expect(kiosk_page.locator(SITES_FIGURE)).to_have_text("13")
    expect(kiosk_page.locator(".kiosk-toggles input:checked")).to_have_count(0)
    expect(kiosk_page.locator("#kiosk-caption-title")).to_have_text("Stellantis Poissy")
    expect(kiosk_page.locator("#kiosk-caption-text")).to_have_text("A plant on the Seine.")
    expect(kiosk_page.locator("#kiosk-caption-counter")).to_have_text("1 / 2")
    kiosk_page.locator("#kiosk-map").tap(position={"x": 300, "y": 500})
    expect(root).not_to_have_class(re.compile(r"\bkiosk-attracting\b"))
    expect(kiosk_page.locator("#kiosk-caption")).to_be_hidden()


def test_start_over_button_resets_without_attract_loop(kiosk_page, server):
    open_kiosk(kiosk_page, server)
    toggle(kiosk_page, "Plant")
    kiosk_page.get_by_role("button", name="Deutsch").tap()
    expect(kiosk_page.locator(SITES_FIGURE)).to_have_text("5")
    kiosk_page.get_by_role("button", name="Neu beginnen").tap()
    expect(kiosk_page.locator(SITES_FIGURE)).to_have_text("13")
    expect(kiosk_page.locator("#kiosk-root")).to_have_attribute("lang", "en")
    expect(kiosk_page.locator("#kiosk-caption")).to_be_hidden()


def test_unreachable_tiles_fall_back_to_bundled_basemap(kiosk_page, kiosk_server):
    kiosk_page.route("http://tiles.invalid/**", lambda route: route.abort())
    open_kiosk(kiosk_page, kiosk_server)
    expect(kiosk_page.locator(".leaflet-container")).to_have_class(re.compile(r"\batlas-tiles-offline\b"))
    expect(kiosk_page.locator(".leaflet-tile-pane")).to_be_hidden()
    expect(kiosk_page.locator(".atlas-place-city", has_text="Paris")).to_be_visible()
    assert kiosk_page.locator(".leaflet-atlas-basemap-pane path").count() >= 20


def test_kiosk_uses_no_third_party_host(kiosk_page, server):
    requested = []
    kiosk_page.on("request", lambda request: requested.append(request.url))
    open_kiosk(kiosk_page, server)
    kiosk_page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(server) or url.startswith("data:") for url in requested), requested


@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_serious_accessibility_violations(kiosk_page, server, lang):
    open_kiosk(kiosk_page, server, f"?lang={lang}")
    assert serious_violations(kiosk_page) == []


def test_sites_at_one_address_can_each_be_tapped(kiosk_page, server):
    open_kiosk(kiosk_page, server)
    toggle(kiosk_page, "Normandy")
    toggle(kiosk_page, "Research & training")
    stacked = kiosk_page.locator(".atlas-marker-stacked")
    expect(stacked).to_have_count(2)
    assert not boxes_overlap(stacked.nth(0).bounding_box(), stacked.nth(1).bounding_box())
    close = kiosk_page.get_by_role("button", name="Close")
    opened = names_opened(stacked, kiosk_page.locator("#kiosk-detail"), lambda marker: marker.tap(), close.tap)
    assert opened == {"ESIGELEC", "IRSEEM"}


def test_the_same_site_opens_again_after_its_card_is_closed(kiosk_page, server):
    open_kiosk(kiosk_page, server)
    marker = only_the_test_track(kiosk_page)
    detail = kiosk_page.locator("#kiosk-detail")
    for _ in range(2):
        marker.tap()
        expect(detail).to_contain_text("UTAC")
        kiosk_page.get_by_role("button", name="Close").tap()
        expect(detail).to_be_hidden()


def settled_centre(locator) -> tuple[float, float]:
    """Where an element's centre is once the map has stopped moving it and has its sites for where it stopped."""
    busy = locator.page.locator("#kiosk-map[aria-busy]")
    box, before = locator.bounding_box(), None
    while box is None or box != before or busy.count():
        locator.page.wait_for_timeout(250)
        box, before = locator.bounding_box(), box
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_a_finger_15_px_off_a_site_or_cluster_still_opens_it(kiosk_page, server):
    open_kiosk(kiosk_page, server)
    x, y = settled_centre(kiosk_page.locator(".atlas-cluster").first)
    targets = kiosk_page.locator(".atlas-marker, .atlas-cluster")
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48, box
    where = "() => [...document.querySelectorAll('.atlas-cluster, .atlas-marker')].map((e) => e.style.transform).join()"
    before = kiosk_page.evaluate(where)
    kiosk_page.touchscreen.tap(x + 15, y - 3)
    # The map zoomed into the cluster: its sites are elsewhere on the screen.
    kiosk_page.wait_for_function(f"(before) => ({where})() !== before", arg=before)
    x, y = settled_centre(only_the_test_track(kiosk_page))
    kiosk_page.touchscreen.tap(x - 15, y + 2)
    expect(kiosk_page.locator("#kiosk-detail")).to_contain_text("UTAC")


def test_the_card_covers_neither_figures_nor_qr_code_nor_legend(kiosk_page, kiosk_server):
    open_kiosk(kiosk_page, kiosk_server)
    only_the_test_track(kiosk_page).tap()
    card = kiosk_page.locator("#kiosk-detail")
    expect(card).to_contain_text("UTAC")
    others = [".kiosk-share", ".kiosk-figures", "#kiosk-legend", ".kiosk-langs"]
    shown = [kiosk_page.locator(other).bounding_box() for other in others]
    assert shown[0] and shown[1], "the QR code and the figures stay on screen"
    assert not any(box and boxes_overlap(card.bounding_box(), box) for box in shown)
    kiosk_page.get_by_role("button", name="Close").tap()
    expect(kiosk_page.locator("#kiosk-legend")).to_be_visible()


# The bundled city names shown (not those under the street basemap's) that a site's or cluster's symbol covers.
COVERED_NAMES = """
() => {
  const obstacles = [...document.querySelectorAll("#kiosk-map .atlas-cluster svg, #kiosk-map .atlas-marker svg")]
    .map((element) => element.getBoundingClientRect());
  return [...document.querySelectorAll("#kiosk-map .atlas-place span")]
    .filter((name) => getComputedStyle(name).visibility !== "hidden")
    .filter((name) => {
      const box = name.getBoundingClientRect();
      return obstacles.some((o) =>
        box.left < o.right && o.left < box.right && box.top < o.bottom && o.top < box.bottom);
    })
    .map((name) => name.textContent);
}
"""


def test_city_names_stay_readable_beside_clusters(kiosk_page, server):
    open_kiosk(kiosk_page, server)
    # A zoom tapped during the opening flight, then another once the map has settled.
    zoom_in = kiosk_page.locator(".leaflet-control-zoom-in")
    none_covered = f"() => ({COVERED_NAMES})().length === 0"
    for _ in range(2):
        zoom_in.tap()
        kiosk_page.wait_for_timeout(500)  # the zoom under way
        expect(kiosk_page.locator(".atlas-place-city").first).to_be_visible()
        kiosk_page.wait_for_function(none_covered, timeout=5000)
        settled_centre(kiosk_page.locator(".atlas-marker, .atlas-cluster").first)
        assert kiosk_page.evaluate(COVERED_NAMES) == []


def test_an_update_that_fails_is_said_at_once_and_redone_when_the_server_answers(kiosk_page, server):
    open_kiosk(kiosk_page, server)
    failed = []

    def cut_once(route):
        if failed:
            route.continue_()
        else:
            failed.append(route.request.url)
            route.abort()

    kiosk_page.route("**/_dash-update-component", cut_once)
    toggle(kiosk_page, "Test track")
    alert = kiosk_page.locator("#kiosk-alert")
    expect(alert).to_be_visible(timeout=2000)
    expect(alert).to_contain_text("Reconnecting")
    # The health check answers: the selection is computed again, the figures match the lit toggle.
    expect(kiosk_page.locator(SITES_FIGURE)).to_have_text("1", timeout=10000)
    expect(alert).to_be_hidden()
