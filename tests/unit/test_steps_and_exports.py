"""What a tour step shows and exports: queries, map views, charts, the PDF brief and the map image."""

from __future__ import annotations

import dataclasses
import io

import duckdb
import plotly.graph_objects as go
import pytest
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import RendererAgg
from PIL import Image
from pypdf import PdfReader

from dashboard import charts, exports, geo, model, queries
from dashboard.i18n import Translator
from dashboard.queries import Selection
from dashboard.settings import DATA
from dashboard.vocab import Vocabularies

REFERENCE = DATA / "reference"


@pytest.fixture
def con(fixture_db):
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def t():
    return Translator.load()


def shares(con, selection, by):
    return {
        share.code: (share.sites, share.jobs, share.sites_with_jobs) for share in queries.breakdown(con, selection, by)
    }


def test_breakdown_by_region_category_and_driver(con):
    assert shares(con, Selection(), "region") == {
        "11": (5, 12_250, 2),
        "27": (2, 0, 0),
        "28": (3, 0, 0),
        "44": (3, 0, 0),
    }
    assert shares(con, Selection(regions=("28",)), "category") == {"plant": (1, 0, 0), "research_training": (2, 0, 0)}
    # A site counts once for each of its drivers.
    assert shares(con, Selection(regions=("11",)), "driver") == {
        "industrial_excellence": (2, 12_000, 1),
        "low_footprint": (4, 12_000, 1),
        "new_services": (1, 250, 1),
        "safe_connected_autonomous": (3, 12_000, 1),
    }


def test_a_selection_of_ids_restricts_sites_and_zones(con):
    only = Selection(ids=("stellantis-poissy", "rouen-normandie-autonomous-lab"))
    assert [site["id"] for site in queries.map_sites(con, only)] == ["stellantis-poissy"]
    assert [zone["id"] for zone in queries.zones(con, only)] == ["rouen-normandie-autonomous-lab"]
    assert not only.is_empty()


def view_of(con, step):
    return model.step_view(con, step, vocab_of(con), queries.headline_figures(con))


def vocab_of(con):
    from dashboard.vocab import Vocabularies

    return Vocabularies(queries.vocabulary(con))


def test_a_step_shows_its_selection_plus_its_highlighted_sites(con):
    view = view_of(con, {"filters": {"region": ["28"]}, "highlight": ["stellantis-poissy", "esigelec"]})
    flags = {site["id"]: site["highlight"] for site in view.sites}
    assert flags == {"esigelec": True, "irseem": False, "renault-sandouville": False, "stellantis-poissy": True}
    assert view.figures.sites == 3  # the figures are the selection's, the extra highlight is not counted


def test_a_highlighted_closed_site_is_still_shown(con):
    view = view_of(con, {"filters": {"region": ["11"], "category": ["plant"]}, "highlight": ["psa-aulnay"]})
    assert {site["id"]: site["highlight"] for site in view.sites} == {"psa-aulnay": True, "stellantis-poissy": False}


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ({"view": {"center": [49.0, 2.0], "zoom": 9}}, geo.View(center=(49.0, 2.0), zoom=9)),
        ({"view": {"place": "stellantis-poissy"}}, "site centre at the place zoom"),
        ({"view": {"place": "rouen-normandie-autonomous-lab"}}, "zone bounds"),
        ({"view": {"place": "rouen-normandie-autonomous-lab", "zoom": 11}}, "zone centre at 11"),
        ({"highlight": ["stellantis-poissy", "renault-sandouville"]}, "highlight bounds"),
        ({"filters": {"region": ["44"]}}, "selection bounds"),
        ({"filters": {"region": ["44"]}, "highlight": ["stellantis-poissy"]}, "selection and highlight bounds"),
        ({}, geo.View()),
    ],
)
def test_where_a_step_flies(con, step, expected):
    view = view_of(con, step).view
    poissy = queries.place(con, "stellantis-poissy")
    zone = queries.zones(con, Selection(ids=("rouen-normandie-autonomous-lab",)))[0]
    zone_box = (zone["south"], zone["west"], zone["north"], zone["east"])
    zone_centre = ((zone["south"] + zone["north"]) / 2, (zone["west"] + zone["east"]) / 2)
    sandouville = queries.place(con, "renault-sandouville")
    grand_est = queries.map_sites(con, Selection(regions=("44",)))
    wanted = {
        "site centre at the place zoom": geo.View(center=(poissy["lat"], poissy["lon"]), zoom=model.PLACE_ZOOM),
        "zone bounds": geo.View(bounds=zone_box),
        "zone centre at 11": geo.View(center=zone_centre, zoom=11),
        "highlight bounds": geo.View(
            bounds=(
                min(poissy["lat"], sandouville["lat"]),
                min(poissy["lon"], sandouville["lon"]),
                max(poissy["lat"], sandouville["lat"]),
                max(poissy["lon"], sandouville["lon"]),
            )
        ),
        "selection bounds": geo.View(bounds=geo.bounds(grand_est, [])),
        "selection and highlight bounds": geo.View(bounds=geo.bounds([*grand_est, poissy], [])),
    }.get(expected, expected)
    assert view == wanted


def test_views_become_leaflet_flights():
    assert geo.View(center=(49.0, 2.0), zoom=9).leaflet(1.5) == {
        "center": [49.0, 2.0],
        "zoom": 9,
        "transition": "flyTo",
        "options": {"duration": 1.5},
    }
    assert geo.View().leaflet()["bounds"] == [list(corner) for corner in geo.HOME_BOUNDS]


def test_chart_panels_show_jobs_only_where_some_are_known(con, t):
    vocab = vocab_of(con)
    # Read back through plotly's classes, which refuse any property plotly.js would not know.
    everywhere = go.Figure(charts.figure(queries.breakdown(con, Selection(), "region"), "region", vocab, t, "fr"))
    assert [trace.x for trace in everywhere.data] == [(5, 3, 2, 3), (12_250, 0, 0, 0)]
    assert list(everywhere.data[0].y) == ["Île-de-France", "Normandie", "Bourgogne-Franche-Comté", "Grand Est"]
    assert everywhere.layout.title.text == "Par région"
    assert [a.text for a in everywhere.layout.annotations] == ["Sites", "Emplois (quand ils sont connus)"]
    assert everywhere.layout.yaxis2.matches == "y" and everywhere.layout.xaxis2.domain == (0.52, 1.0)
    east = go.Figure(
        charts.figure(queries.breakdown(con, Selection(regions=("44",)), "category"), "category", vocab, t, "en")
    )
    assert len(east.data) == 1
    assert list(east.data[0].y) == ["Plant", "Mobility & energy operator"]


def test_the_map_image_is_a_png_of_the_step(con, t):
    png = exports.map_png(view_of(con, {"highlight": ["stellantis-poissy"]}), vocab_of(con), REFERENCE, t, "en")
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (1600, 1000))


def test_data_text_is_drawn_as_written_never_as_maths(con, t, monkeypatch):
    """Matplotlib reads $…$ as maths: a name with dollars was drawn otherwise, or failed (a 500 for the export)."""
    drawn = []
    for renderer in (RendererBase, RendererAgg):
        draw_text = renderer.draw_text

        def recording(self, gc, x, y, s, prop, angle, ismath=False, mtext=None, draw_text=draw_text):
            drawn.append((s, ismath))
            return draw_text(self, gc, x, y, s, prop, angle, ismath, mtext)

        monkeypatch.setattr(renderer, "draw_text", recording)
    name, label = r"Site $x$ \$y $\frac", "Plant $^$"
    vocab = vocab_of(con)
    plant = {**vocab.terms["categories"]["plant"], "en": label}
    vocab = Vocabularies({**vocab.terms, "categories": {**vocab.terms["categories"], "plant": plant}})
    view = view_of(con, {"filters": {"category": ["plant"]}, "highlight": ["stellantis-poissy"], "chart": "category"})
    view = dataclasses.replace(
        view, sites=[{**site, "name": name} if site["highlight"] else site for site in view.sites]
    )
    exports.map_png(view, vocab, REFERENCE, t, "en")
    exports.chart_png(view, vocab, t, "en")
    assert (name, False) in drawn  # the highlighted site's name on the map
    assert drawn.count((label, False)) == 2  # the map's legend and the chart's bar
    brief = exports.Brief("Plants", "", "https://atlas.example.org/", "en", view)
    assert name in brief_text(exports.brief_pdf(brief, vocab, t, REFERENCE))[1]


def test_a_centre_and_zoom_show_as_much_as_the_web_map():
    xmin, xmax, ymin, ymax = exports.extent(geo.View(center=(49.0, 2.0), zoom=8), 1.6)
    assert xmax - xmin == pytest.approx(exports.WEB_MAP_WIDTH * exports.METRES_PER_PIXEL / 2**8)
    assert (xmax - xmin) / (ymax - ymin) == pytest.approx(1.6)


def brief_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_the_brief_is_one_page_with_title_figures_and_every_site_of_the_view(con, t):
    step = {"filters": {"category": ["plant"]}, "figures": ["vehicles_produced"], "chart": "region"}
    view = view_of(con, step)
    brief = exports.Brief("Plants on the Seine", "Poissy and Sandouville.", "https://atlas.example.org/x", "en", view)
    pages, text = brief_text(exports.brief_pdf(brief, vocab_of(con), t, REFERENCE))
    assert pages == 1
    assert "Plants on the Seine" in text and "575,000" in text and "https://atlas.example.org/x" in text
    names = [site["name"] for site in queries.map_sites(con, Selection(categories=("plant",)))]
    assert len(names) == 5
    assert all(name in text for name in names), names


def test_a_long_list_is_cut_on_one_page_and_says_how_many_more(con, t, monkeypatch):
    monkeypatch.setattr(exports, "LIST_COLUMNS", 1)
    monkeypatch.setattr(exports, "LIST_FONT_SIZES", (40,))
    view = view_of(con, {})
    brief = exports.Brief("Everything", "", "https://atlas.example.org/", "fr", view)
    pages, text = brief_text(exports.brief_pdf(brief, vocab_of(con), t, REFERENCE))
    assert pages == 1
    assert "de plus (téléchargement CSV)" in text


CATEGORIES = [
    "plant",
    "technical_centre",
    "test_track",
    "av_zone",
    "research_training",
    "operator",
    "headquarters",
    "cluster_hub",
    "startup",
]


def but(*codes: str) -> list[str]:
    return [code for code in CATEGORIES if code not in codes]


@pytest.mark.parametrize(
    ("chosen", "clicked", "expected"),
    [
        ([], "plant", but("plant")),
        (but("plant"), "plant", []),
        (["plant"], "test_track", ["plant", "test_track"]),
        (["plant", "test_track"], "plant", ["test_track"]),
        (["plant"], "plant", None),
        ([], "lake", None),
        ("plant", "test_track", but("test_track")),
    ],
)
def test_a_legend_click_shows_or_hides_one_category(vocab, chosen, clicked, expected):
    assert model.legend_toggle(chosen, clicked, vocab) == expected
