from urllib.parse import unquote

import flask
import pytest

from dashboard.share import deep_link, qr_code, reachable_base, shared_view


def test_deep_link_of_a_selection_and_a_site():
    base = "https://atlas.example.org"
    assert deep_link(base) == "https://atlas.example.org/"
    assert deep_link(base, "region=28&category=plant") == "https://atlas.example.org/?region=28&category=plant"
    assert (
        deep_link(base, "region=28", site="renault-cleon") == "https://atlas.example.org/?region=28&site=renault-cleon"
    )
    assert deep_link(base, site="a b&c") == "https://atlas.example.org/?site=a+b%26c"
    assert deep_link(base, "region=28", lang="de") == "https://atlas.example.org/?region=28&lang=de"
    assert deep_link(base, site="renault-cleon", lang="fr") == "https://atlas.example.org/?site=renault-cleon&lang=fr"


def test_qr_code_is_an_svg_data_uri():
    # What it encodes is checked by decoding the rendered code in the kiosk's browser test.
    uri = qr_code("https://atlas.example.org/?site=renault-cleon")
    assert uri.startswith("data:image/svg+xml")
    assert "<svg" in unquote(uri)


def test_a_shared_view_links_to_the_page_and_embeds_its_map():
    shared = shared_view("https://atlas.example.org", "?region=28&view=49.4,1.1,9&lang=fr")
    assert shared.link == "https://atlas.example.org/?region=28&view=49.4,1.1,9&lang=fr"
    assert shared.embed_code('Atlas "MV"') == (
        '<iframe src="https://atlas.example.org/embed?region=28&amp;view=49.4,1.1,9&amp;lang=fr" '
        'title="Atlas &quot;MV&quot;" width="100%" height="480" style="border:0" loading="lazy"></iframe>'
    )
    assert shared_view("https://atlas.example.org", "").link == "https://atlas.example.org/"


@pytest.mark.parametrize(
    ("configured", "host", "expected"),
    [
        ("https://atlas.example.org", "127.0.0.1:8050", "https://atlas.example.org"),
        ("", "atlas.example.org", "http://atlas.example.org"),
        ("", "127.0.0.1:8050", None),
        ("", "localhost:8050", None),
        ("", "[::1]:8050", None),
    ],
)
def test_an_audience_gets_an_address_only_when_its_phones_can_open_it(configured, host, expected):
    with flask.Flask(__name__).test_request_context("/", headers={"Host": host}):
        assert reachable_base(configured) == expected
