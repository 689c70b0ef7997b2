"""The kiosk on a 1920×1080 touch screen, in headless Chromium: visitors only tap."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PUBLIC_URL, boxes_overlap, decoded, names_opened, serious_violations

SITES_FIGURE = "#kiosk-figure-sites .kiosk-figure-value"


def open_kiosk(page, server, query=""):
    page.goto(f"{server}/kiosk{query}")
    expect(page.locator(SITES_FIGURE)).to_have_text("13")
    expect(page.locator(".atlas-marker, .atlas-cluster").first).to_be_visible()


def toggle(page, label):
    page.locator("label.kiosk-toggle", has_text=re.compile(f"^\\s*{re.escape(label)}$")).tap()


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
    toggle(kiosk_page, "Test track")
    expect(kiosk_page.locator(".atlas-marker")).to_have_count(1)
    kiosk_page.locator(".atlas-marker").tap()
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
    assert decoded(kiosk_page, "#kiosk-view-qr", tmp_path) == f"{PUBLIC_URL}/"
    toggle(kiosk_page, "Test track")
    expect(kiosk_page.locator(SITES_FIGURE)).to_have_text("1")
    expect(kiosk_page.locator("#kiosk-view-qr")).to_have_attribute("alt", re.compile("category=test_track"))
    assert decoded(kiosk_page, "#kiosk-view-qr", tmp_path) == f"{PUBLIC_URL}/?category=test_track"
    kiosk_page.locator(".atlas-marker").tap()
    expect(kiosk_page.locator("#kiosk-detail .kiosk-qr")).to_be_visible()
    assert decoded(kiosk_page, "#kiosk-detail .kiosk-qr", tmp_path) == f"{PUBLIC_URL}/?site=utac-linas-montlhery"


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
    toggle(kiosk_page, "Test track")
    expect(kiosk_page.locator(".atlas-marker")).to_have_count(1)
    detail = kiosk_page.locator("#kiosk-detail")
    for _ in range(2):
        kiosk_page.locator(".atlas-marker").tap()
        expect(detail).to_contain_text("UTAC")
        kiosk_page.get_by_role("button", name="Close").tap()
        expect(detail).to_be_hidden()
