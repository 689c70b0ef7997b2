"""Presentation mode in headless Chromium: a promoter drives a tour with the keyboard (or a clicker)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import boxes_overlap, chromium, watched_tab

COUNTER = "#present-counter"
TITLE = "#present-title"


@pytest.fixture(scope="module", params=[(1920, 1080), (1280, 720)], ids=["1080p", "720p"])
def projector(request, playwright, tmp_path_factory):
    width, height = request.param
    instance = chromium(
        playwright, tmp_path_factory.mktemp("projector-profile"), viewport={"width": width, "height": height}
    )
    yield instance
    instance.close()


@pytest.fixture
def screen(projector):
    tab, errors = watched_tab(projector)
    yield tab
    tab.close()
    assert errors == [], errors


def at_step(page, server, number, total=3):
    expect(page.locator(COUNTER)).to_have_text(f"{number} / {total}")
    expect(page).to_have_url(re.compile(rf"/present/pitch/{number}(\?|$)"))
    expect(page.locator("#present-progress")).to_have_attribute("aria-valuenow", str(number))


def fits(page, selector):
    """The element is entirely inside the window (nothing cut off on the projector)."""
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"] + 1, (box, viewport)
    assert box["y"] + box["height"] <= viewport["height"] + 1, (box, viewport)


def test_keys_and_clicker_move_through_the_tour_and_the_address_follows(screen, server):
    screen.goto(f"{server}/present/pitch/1")
    at_step(screen, server, 1)
    expect(screen.locator(TITLE)).to_have_text("The whole valley")
    expect(screen.locator("#present-headline-automotive_jobs .present-headline-value")).to_have_text("440,000")
    expect(screen.locator("#present-previous")).to_be_disabled()
    expect(screen.locator("#present-chart .main-svg").first).to_be_visible()
    fits(screen, "#present-chart")

    screen.keyboard.press("PageDown")
    at_step(screen, server, 2)
    expect(screen.locator(TITLE)).to_have_text("Plants on the Seine")
    expect(screen.locator("#present-headline-vehicles_produced .present-headline-value")).to_have_text("575,000")
    expect(screen.locator("#present-headline-daily_trips .present-headline-value")).to_have_text(">8,000,000")
    expect(screen.locator("#present-map-caption")).to_have_text("On the map: 2 sites, 0 zones")
    # Highlighted sites are named on the map without hovering.
    expect(screen.locator(".atlas-highlight-label", has_text="Stellantis Poissy")).to_be_visible()
    expect(screen.locator("#present-chart")).to_be_hidden()
    fits(screen, "#present-headlines")

    screen.keyboard.press(" ")
    at_step(screen, server, 3)
    expect(screen.locator("#present-next")).to_be_disabled()
    screen.keyboard.press("ArrowRight")  # past the end: stays
    at_step(screen, server, 3)
    screen.keyboard.press("Home")
    at_step(screen, server, 1)
    screen.keyboard.press("End")
    at_step(screen, server, 3)
    screen.keyboard.press("PageUp")
    at_step(screen, server, 2)
    screen.keyboard.press("ArrowLeft")
    at_step(screen, server, 1)
    screen.locator("#present-next").click()
    at_step(screen, server, 2)
    fits(screen, TITLE)


def test_each_step_has_its_own_address_to_resume_or_share(screen, server):
    screen.goto(f"{server}/present/pitch/2?lang=fr")
    at_step(screen, server, 2)
    expect(screen.locator(TITLE)).to_have_text("Des usines sur la Seine")
    expect(screen.locator("#present-headline-vehicles_produced .present-headline-value")).to_have_text("575\u202f000")
    screen.keyboard.press("ArrowRight")
    at_step(screen, server, 3)
    expect(screen).to_have_url(re.compile(r"/present/pitch/3\?lang=fr$"))
    screen.reload()
    at_step(screen, server, 3)
    expect(screen.locator(TITLE)).to_have_text("Autonome à Rouen")
    # A step out of range resumes at the nearest one.
    screen.goto(f"{server}/present/pitch/42")
    at_step(screen, server, 3)


def test_the_pdf_brief_of_the_current_step_lists_its_sites(screen, server):
    screen.goto(f"{server}/present/pitch/1")
    at_step(screen, server, 1)
    screen.keyboard.press("PageDown")
    at_step(screen, server, 2)
    link = screen.locator("#present-export-pdf")
    expect(link).to_have_attribute("href", "/api/tours/pitch/2/brief.pdf?lang=en")
    response = screen.request.get(server + link.get_attribute("href"))
    reader = PdfReader(io.BytesIO(response.body()))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert "Stellantis Poissy" in text and "Renault Sandouville" in text
    # The link itself delivers the file, named for the visitor's downloads folder.
    with screen.expect_download() as arrived:
        link.click()
    assert arrived.value.suggested_filename == "mobility-valley-brief.pdf"
    expect(screen.locator("#present-export-csv")).to_have_attribute(
        "href", "/api/sites.csv?region=11&region=28&category=plant"
    )


def test_full_screen_toggle(screen, server):
    screen.goto(f"{server}/present/pitch/1")
    at_step(screen, server, 1)
    button = screen.locator("#present-fullscreen")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert screen.evaluate("document.fullscreenElement !== null")
    screen.keyboard.press("f")
    expect(button).to_have_attribute("aria-pressed", "false")


def test_the_tour_list_starts_tours_and_shows_why_a_file_cannot_be_played(page, server):
    page.goto(f"{server}/present")
    broken = page.locator(".present-broken")
    expect(broken).to_contain_text("broken.yaml cannot be played")
    expect(broken).to_contain_text("broken.yaml: step 1: view: 25 is not a whole zoom level between 5 and 16")
    expect(broken).to_contain_text("broken.yaml: step 2: highlight: 'atlantis-plant' is not the id of a site")
    page.locator("#present-tour-pitch").get_by_role("link", name="Start the tour").click()
    expect(page.locator(COUNTER)).to_have_text("1 / 3")
    expect(page).to_have_url(re.compile(r"/present/pitch/1\?lang=en$"))
    page.goto(f"{server}/present/broken/1")
    expect(page.locator(".present-broken")).to_contain_text("broken.yaml cannot be played")
    page.goto(f"{server}/present/nowhere?lang=fr")
    expect(page.get_by_text("Il n'y a pas de visite nommée « nowhere ».")).to_be_visible()


def test_sites_at_one_address_are_both_on_the_map_and_named_on_hover(screen, server):
    screen.goto(f"{server}/present/pitch/3")
    at_step(screen, server, 3)
    stacked = screen.locator(".atlas-marker-stacked")
    expect(stacked).to_have_count(2)
    first, second = stacked.nth(0).bounding_box(), stacked.nth(1).bounding_box()
    assert not boxes_overlap(first, second), (first, second)
    # Each marker names its own site on hover (the zone around them names itself too).
    names = set()
    for index in range(2):
        stacked.nth(index).hover()
        label = screen.locator(".leaflet-tooltip", has_text=re.compile("^(ESIGELEC|IRSEEM)$"))
        expect(label).to_have_count(1)
        names.add(label.inner_text())
    assert names == {"ESIGELEC", "IRSEEM"}
