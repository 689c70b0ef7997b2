"""Presentation mode in headless Chromium: a promoter drives a tour with the keyboard (or a clicker)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from dashboard.ids import Present
from tests.browser.conftest import PUBLIC_URL, boxes_overlap, chromium, decoded, map_settled, watched_tab

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


def test_plotly_loads_only_when_a_step_draws_a_chart_and_only_its_basic_bundle(screen, server):
    plotly = "performance.getEntriesByType('resource').filter((e) => /plotly/.test(e.name)).map((e) => e.name)"
    screen.goto(f"{server}/present/pitch/2")
    at_step(screen, server, 2)
    expect(screen.locator(".atlas-highlight-label", has_text="Stellantis Poissy")).to_be_visible()
    screen.wait_for_timeout(1000)
    assert screen.evaluate(plotly) == []
    screen.keyboard.press("PageUp")
    at_step(screen, server, 1)
    expect(screen.locator("#present-chart .main-svg").first).to_be_visible()
    expect(screen.locator("#present-chart .bars path").first).to_be_visible()
    assert [name.removeprefix(server) for name in screen.evaluate(plotly)] == [
        "/assets/vendor/plotly/plotly-basic.min.js"
    ]


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
    screen.keyboard.press("ArrowRight")  # past the end: the closing screen, the address still on the last step
    expect(screen.locator("#present-closing")).to_be_visible()
    at_step(screen, server, 3)
    screen.keyboard.press("ArrowLeft")
    expect(screen.locator("#present-closing")).to_be_hidden()
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
    # Each marker names its own site on hover (the zone around them names itself too): the second
    # names the site the first did not (the first one's name may still be fading out).
    names = set()
    for index in range(2):
        stacked.nth(index).hover()
        unnamed = "|".join({"ESIGELEC", "IRSEEM"} - names)
        label = screen.locator(".leaflet-tooltip", has_text=re.compile(f"^({unnamed})$"))
        expect(label).to_have_count(1)
        names.add(label.inner_text())
    assert names == {"ESIGELEC", "IRSEEM"}


def test_each_step_titles_the_page_and_german_is_spoken_where_the_tour_has_it(screen, server):
    screen.goto(f"{server}/present/pitch/1?lang=de")
    at_step(screen, server, 1)
    expect(screen).to_have_title("The whole valley · Fixture pitch · Atlas der Mobility Valley")
    screen.keyboard.press("PageDown")
    at_step(screen, server, 2)
    expect(screen.locator(TITLE)).to_have_text("Werke an der Seine")
    expect(screen).to_have_title("Werke an der Seine · Fixture pitch · Atlas der Mobility Valley")
    screen.goto(f"{server}/present?lang=fr")
    expect(screen).to_have_title("Visites guidées · Atlas de la Mobility Valley")


def test_the_step_list_jumps_to_any_step(screen, server):
    screen.goto(f"{server}/present/pitch/1")
    at_step(screen, server, 1)
    steps = screen.get_by_role("navigation", name="Steps of the tour")
    expect(steps).to_be_hidden()
    screen.get_by_role("button", name="All steps").click()
    expect(steps).to_be_visible()
    expect(steps.get_by_role("button")).to_have_text(["The whole valley", "Plants on the Seine", "Autonomous in Rouen"])
    steps.get_by_role("button", name="Autonomous in Rouen").click()
    at_step(screen, server, 3)
    expect(steps).to_be_hidden()
    # From the keyboard: G opens it on the current step, Enter on another goes there.
    screen.keyboard.press("g")
    expect(steps.locator('[aria-current="step"]')).to_have_text("Autonomous in Rouen")
    expect(steps.locator('[aria-current="step"]')).to_be_focused()
    screen.keyboard.press("Shift+Tab")
    screen.keyboard.press("Enter")
    at_step(screen, server, 2)
    screen.keyboard.press("g")
    screen.keyboard.press("Escape")
    expect(steps).to_be_hidden()


def black_pixels_share(page) -> float:
    shot = page.screenshot()
    histogram = Image.open(io.BytesIO(shot)).convert("L").histogram()
    return sum(histogram[:8]) / sum(histogram)


@pytest.mark.parametrize("key", ["b", "."])
def test_the_clickers_black_screen_key_blacks_the_screen_and_any_key_brings_it_back(screen, server, key):
    screen.goto(f"{server}/present/pitch/2")
    at_step(screen, server, 2)
    screen.keyboard.press(key)
    expect(screen.locator("#present-root")).to_have_class(re.compile("present-blacked"))
    assert black_pixels_share(screen) > 0.99
    screen.keyboard.press("PageDown")  # brings the step back, without moving on
    expect(screen.locator("#present-root")).not_to_have_class(re.compile("present-blacked"))
    at_step(screen, server, 2)
    assert black_pixels_share(screen) < 0.5


def test_the_tour_list_shows_no_note_meant_for_editors(page, server):
    page.goto(f"{server}/present")
    expect(page.locator("#present-tour-pitch")).to_be_visible()
    expect(page.get_by_text("data/tours")).to_have_count(0)


def test_a_click_on_a_site_shows_its_card_until_closed_or_the_next_step(screen, server):
    screen.goto(f"{server}/present/pitch/2")
    at_step(screen, server, 2)
    card = screen.locator("#present-detail")
    expect(card).to_be_hidden()
    map_settled(screen, Present.MAP)
    screen.locator('.atlas-marker[aria-label="Stellantis Poissy, Plant"]').click()
    expect(card).to_be_visible()
    expect(card).to_contain_text("Stellantis Poissy")
    assert card.locator("a").count() == 0, "the audience's screen links nowhere"
    assert not boxes_overlap(card.bounding_box(), screen.locator(".leaflet-control-zoom").bounding_box())
    screen.keyboard.press("Escape")
    expect(card).to_be_hidden()
    screen.locator('.atlas-marker[aria-label="Stellantis Poissy, Plant"]').click()
    expect(card).to_be_visible()
    screen.keyboard.press("PageDown")
    at_step(screen, server, 3)
    expect(card).to_be_hidden()


# The highlighted names (permanent tooltips) whose boxes overlap another's.
OVERLAPPING_HIGHLIGHTS = """
() => {
  const boxes = [...document.querySelectorAll(".atlas-highlight-label")].map((e) => e.getBoundingClientRect());
  return boxes.some((a, i) => boxes.some((b, j) =>
    i < j && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
}
"""


def test_highlighted_names_never_hide_each_other(screen, server):
    screen.goto(f"{server}/present/close-names/1")
    labels = screen.locator(".atlas-highlight-label")
    expect(labels).to_have_count(2)
    expect(labels.first).to_be_visible()
    screen.wait_for_function(f"() => !({OVERLAPPING_HIGHLIGHTS})()", timeout=5000)
    screen.wait_for_timeout(500)
    assert not screen.evaluate(OVERLAPPING_HIGHLIGHTS)


# Text the audience reads that is smaller than 14 px (the map's credits and scale are not for them).
SMALL_TEXT = """
() => [...document.querySelectorAll(".present *")]
  .filter((e) => !e.closest(".leaflet-control-attribution, .leaflet-control-scale, .visually-hidden"))
  .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
  .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden")
  .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 14)
  .map((e) => e.textContent.trim() + " " + getComputedStyle(e).fontSize)
"""


def test_nothing_is_cut_off_or_too_small_and_a_step_without_chart_lists_its_sites(screen, server):
    screen.goto(f"{server}/present/pitch/1")
    at_step(screen, server, 1)
    expect(screen.locator("#present-chart .annotation-text").last).to_have_text("Jobs (where known)")
    chart = screen.locator("#present-chart").bounding_box()
    for title in screen.locator("#present-chart .annotation-text").all():
        box = title.bounding_box()
        assert chart["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"], title.text_content()
    assert screen.evaluate(SMALL_TEXT) == []
    expect(screen.locator("#present-site-list")).to_be_hidden()
    screen.keyboard.press("PageDown")
    at_step(screen, server, 2)
    listed = screen.locator("#present-site-list")
    expect(listed.get_by_role("heading")).to_have_text("Sites in this view (2)")
    sites = ["Renault Sandouville · Sandouville", "Stellantis Poissy · Poissy"]
    expect(listed.get_by_role("listitem")).to_have_text(sites)
    fits(screen, "#present-site-list")
    assert screen.evaluate(SMALL_TEXT) == []


def test_after_the_last_step_a_closing_screen_gives_the_atlas_address_and_the_contacts(screen, kiosk_server, tmp_path):
    server = kiosk_server  # the venue's set-up: the atlas's public address is known
    screen.goto(f"{server}/present/pitch/3?lang=fr")
    at_step(screen, server, 3)
    closing = screen.locator("#present-closing")
    expect(closing).to_be_hidden()
    screen.locator("#present-next").click()
    expect(closing).to_be_visible()
    expect(closing.get_by_role("heading", level=1)).to_have_text("Merci")
    expect(closing).to_contain_text(f"{PUBLIC_URL}/?lang=fr")
    expect(closing.get_by_role("listitem")).to_have_text(
        ["NextMove (Mobility Valley)https://nextmove.fr", "Véhicule du Futurhttps://www.vehiculedufutur.com"]
    )
    assert decoded(screen, "#present-closing img", tmp_path) == f"{PUBLIC_URL}/?lang=fr"
    screen.keyboard.press("PageDown")  # stays on it
    expect(closing).to_be_visible()
    screen.keyboard.press("Home")
    expect(closing).to_be_hidden()
    at_step(screen, server, 1)


def test_the_closing_screen_gives_no_address_only_this_machine_could_open(screen, server):
    screen.goto(f"{server}/present/pitch/3")
    at_step(screen, server, 3)
    screen.keyboard.press("PageDown")
    closing = screen.locator("#present-closing")
    expect(closing).to_contain_text("https://nextmove.fr")
    expect(closing.locator("img")).to_have_count(0)
    expect(closing).not_to_contain_text("127.0.0.1")


def test_the_presenter_view_follows_and_drives_the_audience_window(screen, server):
    screen.goto(f"{server}/present/pitch/1")
    at_step(screen, server, 1)
    with screen.context.expect_page() as opened:
        screen.get_by_role("button", name="Presenter view (notes, next step, time)").click()
    presenter = opened.value
    now, upcoming = (presenter.locator(f'.presenter-step[data-role="{role}"]') for role in ("current", "next"))
    expect(now.get_by_role("heading")).to_have_text("The whole valley")
    expect(now.locator(".presenter-notes")).to_have_text("Open with the jobs figure.")
    expect(upcoming.get_by_role("heading")).to_have_text("Plants on the Seine")
    expect(presenter.locator(".presenter-clock")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    expect(presenter.locator(".presenter-elapsed")).to_have_text(re.compile(r"^00:\d\d$"))
    expect(presenter).to_have_title(re.compile("^The whole valley · Presenter view · Fixture pitch"))
    # The clicker in the presenter's window moves the audience's, and the other way round.
    presenter.keyboard.press("PageDown")
    at_step(screen, server, 2)
    expect(screen.locator(TITLE)).to_have_text("Plants on the Seine")
    screen.keyboard.press("PageDown")
    expect(now.get_by_role("heading")).to_have_text("Autonomous in Rouen")
    expect(upcoming.get_by_role("heading")).to_have_text("Closing screen")
    expect(presenter.locator(".presenter-counter")).to_have_text("3 / 3")
    # Black screen from the presenter's window: the audience's goes black, the presenter is told.
    presenter.keyboard.press("b")
    expect(screen.locator("#present-root")).to_have_class(re.compile("present-blacked"))
    expect(presenter.locator(".presenter-black")).to_be_visible()
    presenter.keyboard.press("ArrowRight")  # brings the screen back, without moving on
    expect(screen.locator("#present-root")).not_to_have_class(re.compile("present-blacked"))
    at_step(screen, server, 3)
    presenter.keyboard.press("ArrowRight")
    expect(screen.locator("#present-closing")).to_be_visible()
    presenter.close()


def test_notes_are_never_shown_to_the_audience(screen, server):
    screen.goto(f"{server}/present/pitch/1")
    at_step(screen, server, 1)
    expect(screen.get_by_text("Open with the jobs figure.")).to_have_count(0)
