from collections import Counter

import dash
import pytest

from dashboard.i18n import Translator
from dashboard.ids import KPI_IDS, Explore
from dashboard.queries import Selection
from layouts import explore


@pytest.fixture(scope="module")
def t():
    return Translator.load()


def all_ids(component) -> list[str]:
    found = []
    stack = [component]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
            continue
        if not hasattr(node, "to_plotly_json"):
            continue
        if getattr(node, "id", None) is not None:
            found.append(str(node.id))
        for name in ("children", "label"):
            value = getattr(node, name, None)
            if value is not None:
                stack.append(value)
        for option in getattr(node, "options", None) or []:
            if isinstance(option, dict):
                stack.append(option.get("label"))
    return found


def test_every_id_appears_exactly_once(vocab, t):
    ids = Counter(all_ids(explore.layout(vocab, [], "", t, "fr")))
    assert {i: n for i, n in ids.items() if n > 1} == {}
    patterns = (Explore.LANGUAGE_LINK, Explore.LEGEND_TOGGLE)
    # The open place's name is drawn with its details only.
    expected = {e.value for e in Explore if e not in (*patterns, Explore.DETAIL_TITLE)} | set(KPI_IDS.values())
    assert expected <= set(ids)
    assert len({i for i in ids if Explore.LANGUAGE_LINK in i}) == 3
    assert len({i for i in ids if Explore.LEGEND_TOGGLE in i}) == len(vocab.codes("categories"))


def test_layout_presets_filters_from_selection(vocab, t):
    page = explore.layout(vocab, [], "", t, "en", Selection(drivers=("new_services",), q="Flins"))
    found = {}
    stack = [page]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "to_plotly_json"):
            if getattr(node, "id", None) in (Explore.DRIVERS, Explore.SEARCH):
                found[node.id] = node.value
            stack.append(getattr(node, "children", None))
    assert found == {Explore.DRIVERS: ["new_services"], Explore.SEARCH: "Flins"}


def test_factory_registers_explore_kiosk_and_presentation_pages(app):
    assert {page.get("path_template") or page["path"] for page in dash.page_registry.values()} == {
        "/",
        "/kiosk",
        "/embed",
        "/present",
        "/present/<tour>",
        "/present/<tour>/<step>",
        "/404",
    }


def test_kiosk_ids_appear_once_and_its_text_is_in_the_chosen_language(vocab, t):
    from dashboard.ids import Kiosk
    from layouts import kiosk

    page = kiosk.layout(vocab, [], [], t, lang="de", idle_seconds=30, tile_url="", shared=False)
    ids = Counter(all_ids(page))
    assert {i: n for i, n in ids.items() if n > 1} == {}
    assert {e.value for e in Kiosk} - set(ids) == set()
    assert page.lang == "de"
    assert page.to_plotly_json()["props"]["data-idle-seconds"] == "30"
    assert page.to_plotly_json()["props"]["data-shared"] == "false"
    assert "{'type': 'kiosk-text', 'message': 'Start over'}" in ids
