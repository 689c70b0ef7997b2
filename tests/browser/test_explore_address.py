"""Addresses that restore everything, the browser's Back, sharing and the embeddable map (headless Chromium)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import decoded
from tests.browser.test_explore import open_explore


def test_back_undoes_the_last_deliberate_change(page, server):
    open_explore(page, server)
    page.get_by_role("checkbox", name="Normandy", exact=True).check()
    expect(page.locator("#kpi-sites")).to_have_text("3")
    page.get_by_role("checkbox", name="Plant", exact=True).check()
    expect(page.locator("#kpi-sites")).to_have_text("1")
    expect(page).to_have_url(re.compile(r"\?region=28&category=plant&"))
    page.go_back()
    expect(page.locator("#kpi-sites")).to_have_text("3")
    expect(page.get_by_role("checkbox", name="Plant", exact=True)).not_to_be_checked()
    expect(page).to_have_url(re.compile(r"\?region=28&(view|lang)="))
    page.go_back()
    expect(page.locator("#kpi-sites")).to_have_text("13")
    expect(page.get_by_role("checkbox", name="Normandy", exact=True)).not_to_be_checked()
    page.go_forward()
    expect(page.locator("#kpi-sites")).to_have_text("3")
    expect(page.get_by_role("checkbox", name="Normandy", exact=True)).to_be_checked()


def test_the_open_site_and_the_map_view_live_in_the_address(page, server):
    open_explore(page, server)
    page.locator("#explore-table .ag-row", has_text="Renault Sandouville").click()
    expect(page).to_have_url(re.compile(r"site=renault-sandouville&view=49\.\d+,0\.\d+,13&lang=en$"))
    address = page.url
    page.reload()
    expect(page.locator("#explore-detail")).to_contain_text("Renault Sandouville")
    expect(page).to_have_url(address)
    page.locator("#explore-detail .btn-close").click()
    expect(page.locator("#explore-detail")).to_have_count(0)
    expect(page).not_to_have_url(re.compile("site="))
    page.go_back()
    expect(page.locator("#explore-detail")).to_contain_text("Renault Sandouville")


def test_the_share_dialog_gives_the_link_its_qr_code_and_an_embed_snippet(browser, page, server, tmp_path):
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    open_explore(page, server, "?region=28&lang=fr")
    # The map has flown to the selection and the address holds its settled view.
    page.wait_for_function(
        """() => new Promise((settled) => {
            const before = window.location.search;
            setTimeout(() => settled(window.location.search === before && before.includes("view=")), 600);
        })"""
    )
    page.get_by_role("button", name="Partager").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Partager cette vue")
    link = page.locator("#explore-share-link")
    expect(link).to_have_value(re.compile(re.escape(server) + r"/\?region=28&view=.*&lang=fr$"))
    assert link.input_value() == server + "/" + page.url.removeprefix(server + "/")
    assert decoded(page, "#explore-share-qr", tmp_path) == link.input_value()
    embed = page.locator("#explore-share-embed").input_value()
    assert embed.startswith(f'<iframe src="{server}/embed?region=28&amp;view=') and "lang=fr" in embed
    page.get_by_role("button", name="Copier le lien").click()
    expect(page.locator("#explore-share-copied")).to_have_text("Lien copié.")
    assert page.evaluate("navigator.clipboard.readText()") == link.input_value()


def test_the_embeddable_map_shows_the_same_selection_and_links_back(page, server):
    page.goto(f"{server}/embed?region=28&category=plant&lang=de")
    expect(page.locator(".atlas-marker")).to_have_count(1)
    expect(page.locator("#explore-filters")).to_have_count(0)
    back = page.get_by_role("link", name="Im Atlas der Mobility Valley öffnen")
    expect(back).to_have_attribute("href", re.compile(r"/\?region=28&category=plant&lang=de$"))
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
