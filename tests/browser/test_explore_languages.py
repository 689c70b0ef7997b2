"""The explore page in the members' languages, in headless Chromium: nothing left in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import read_catalog
from dashboard.settings import DATA
from dashboard.validate import read_vocabularies
from tests.browser.conftest import TABLE_ROWS, chromium, watched_tab

# Every text node and placeholder a visitor can see on the page.
VISIBLE_TEXTS = """
() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (text && node.parentElement && node.parentElement.checkVisibility()) {
      texts.push(text);
    }
  }
  document.querySelectorAll("[placeholder]").forEach((element) => texts.push(element.placeholder));
  return texts;
}
"""


def english_only(lang: str) -> set[str]:
    """Interface messages and vocabulary labels whose English differs from their translation."""
    messages = {message.id for message in read_catalog(lang) if message.id and message.string != message.id}
    vocab = read_vocabularies(DATA / "vocabularies.yaml")[0]
    labels = {
        vocab.label(kind, code, "en")
        for kind, terms in vocab.terms.items()
        for code in terms
        if vocab.label(kind, code, "en") != vocab.label(kind, code, lang)
    }
    shorts = {
        vocab.attribute("drivers", code, "short_en")
        for code in vocab.codes("drivers")
        if vocab.attribute("drivers", code, "short_en") != vocab.attribute("drivers", code, f"short_{lang}")
    }
    return messages | labels | shorts


@pytest.fixture(scope="module", params=["fr-FR", "de-DE"])
def visitor(request, playwright, tmp_path_factory):
    """A browser whose language is French or German."""
    instance = chromium(
        playwright,
        tmp_path_factory.mktemp("visitor-profile"),
        viewport={"width": 1280, "height": 800},
        locale=request.param,
    )
    yield instance, request.param[:2]
    instance.close()


@pytest.fixture
def visit(visitor):
    context, lang = visitor
    tab, errors = watched_tab(context)
    yield tab, lang
    tab.close()
    assert errors == [], errors


def test_the_page_speaks_the_browsers_language_and_leaves_nothing_in_english(visit, server):
    page, lang = visit
    page.goto(f"{server}/")
    expect(page.locator("#kpi-sites")).to_have_text("13")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page).to_have_title({"fr": "Atlas de la Mobility Valley", "de": "Atlas der Mobility Valley"}[lang])
    expect(page).to_have_url(re.compile(f"\\\\?lang={lang}$"))
    expect(page.locator(TABLE_ROWS).first).to_be_visible()
    page.locator(TABLE_ROWS).first.click()
    expect(page.locator("#explore-detail")).to_be_visible()
    left = set(page.evaluate(VISIBLE_TEXTS)) & english_only(lang)
    assert left == set(), left


def test_a_language_link_keeps_the_selection_and_the_downloads_follow(visit, server):
    page, lang = visit
    page.goto(f"{server}/?region=28&lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#kpi-sites")).to_have_text("3")
    page.get_by_role("link", name=lang.upper(), exact=True).click()
    expect(page).to_have_url(re.compile(f"\\\\?region=28&(view=[^&]+&)?lang={lang}$"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#kpi-sites")).to_have_text("3")
    for link in ("#explore-download-csv", "#explore-download-pdf", "#explore-download-xlsx"):
        expect(page.locator(link)).to_have_attribute("href", re.compile(f"region=28&lang={lang}"))


def test_searching_a_category_in_the_visitors_words(visit, server):
    page, lang = visit
    page.goto(f"{server}/")
    page.locator("#explore-search").fill({"fr": "piste", "de": "teststrecke"}[lang])
    expect(page.locator("#kpi-sites")).to_have_text("1")
    expect(page.locator("#explore-table")).to_contain_text("UTAC Linas-Montlhéry")


def test_the_server_sorts_the_tables_rows_and_the_downloads_follow(visit, server):
    page, lang = visit
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/api/table.json" in request.url else None)
    page.goto(f"{server}/?lang={lang}")
    expect(page.locator(TABLE_ROWS).first).to_be_visible()
    # The page carries no rows: they come from the server, in the page's language.
    assert asked and all(f"lang={lang}" in url and "start=0&end=100" in url for url in asked)
    header = page.locator("#explore-table .ag-header-cell", has_text={"fr": "Emplois", "de": "Arbeitsplätze"}[lang])
    header.click()
    expect(page.locator("#explore-download-xlsx")).to_have_attribute("href", re.compile("&sort=jobs$"))
    header.click()
    expect(page.locator("#explore-download-csv")).to_have_attribute("href", re.compile("&sort=-jobs$"))
    expect(page.locator("#explore-table .ag-row[row-index='0']")).to_contain_text("Renault Technocentre")
    assert "sort=-jobs" in asked[-1]
