import csv
import io
import re

import pytest


def test_page_declares_its_language(client):
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("address", "headers", "lang", "title"),
    [
        ("/?lang=fr", {}, "fr", "Atlas de la Mobility Valley"),
        ("/", {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}, "de", "Atlas der Mobility Valley"),
        ("/?lang=en", {"Accept-Language": "fr"}, "en", "Mobility Valley Atlas"),
        ("/?lang=xx", {"Accept-Language": "it"}, "en", "Mobility Valley Atlas"),
        # The kiosk and the tours keep their own language (a venue's screen, a promoter's deck).
        ("/kiosk", {"Accept-Language": "de"}, "en", "Mobility Valley Atlas"),
    ],
)
def test_the_first_html_names_the_language_title_and_description(client, address, headers, lang, title):
    page = client.get(address, headers=headers).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert f"<title>{title}</title>" in page
    assert page.count('<meta name="description"') == 1


def test_the_page_has_its_own_favicon_and_loads_bootstrap_once(client):
    page = client.get("/").get_data(as_text=True)
    assert "/assets/favicon.ico" in page and "_favicon.ico" not in page
    assert page.count("bootstrap.min.css") == 1


def test_robots_txt_is_a_real_one(client):
    response = client.get("/robots.txt")
    assert (response.status_code, response.mimetype) == (200, "text/plain")
    assert response.get_data(as_text=True).splitlines() == [
        "User-agent: *",
        "Disallow: /api/",
        "Disallow: /kiosk",
        "Allow: /",
    ]


@pytest.mark.parametrize("address", ["/nowhere", "/present/pitch/2/extra", "/kiosk/x", "/404"])
def test_unknown_addresses_answer_404(client, address):
    assert client.get(address).status_code == 404


@pytest.mark.parametrize(
    "address", ["/", "/kiosk", "/embed", "/embed?region=28", "/present", "/present/pitch", "/present/pitch/2"]
)
def test_page_addresses_answer_200(client, address):
    assert client.get(address).status_code == 200


def test_health_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_csv_download_follows_the_selection(client):
    response = client.get("/api/sites.csv?region=28&driver=safe_connected_autonomous")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert [r["id"] for r in rows] == ["esigelec", "irseem"]
    assert rows[0]["drivers"] == "safe_connected_autonomous|low_footprint"
    assert rows[1]["same_address_as"] == "esigelec"


def test_csv_download_follows_the_status_filter(client):
    assert [r["id"] for r in read_csv(client.get("/api/sites.csv?category=plant&region=11"))] == ["stellantis-poissy"]
    rows = read_csv(client.get("/api/sites.csv?category=plant&region=11&status=closed"))
    assert [(r["id"], r["status"], r["status_since"]) for r in rows] == [("psa-aulnay", "closed", "2014")]


def test_csv_download_defuses_formulas(client):
    rows = read_csv(client.get("/api/sites.csv?q=bench"))
    assert rows[0]["organisation"] == '\'=HYPERLINK("http://x")'


def test_csv_download_is_utf8_with_a_bom_and_labels_in_the_page_language(client):
    response = client.get("/api/sites.csv?region=28&category=plant&lang=fr")
    assert response.get_data().startswith("\ufeffid,name,".encode())
    (row,) = read_csv(response)
    assert (row["category"], row["category_label"]) == ("plant", "Usine")
    assert (row["region_label"], row["status_label"], row["cluster_label"]) == (
        "Normandie",
        "En activité",
        "NextMove (Mobility Valley)",
    )
    assert (
        row["drivers_label"] == "Excellence industrielle et opérationnelle|Mobilité à faible empreinte environnementale"
    )


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("", "<img src", "Valeo Cergy"),
        ("-name", "Valeo Cergy", "<img src"),
        # Unknown figures come last, whichever the direction.
        ("-jobs", "Renault Technocentre", "Valeo Cergy"),
        ("jobs", "<img src", "Valeo Cergy"),
        ("colour", "<img src", "Valeo Cergy"),
    ],
)
def test_downloads_follow_the_table_order(client, sort, first, last):
    rows = read_csv(client.get(f"/api/sites.csv?sort={sort}"))
    assert rows[0]["name"].startswith(first) and rows[-1]["name"].startswith(last)


def test_xlsx_download_holds_the_same_rows_with_text_kept_as_text(client):
    from openpyxl import load_workbook

    csv_rows = read_csv(client.get("/api/sites.csv?lang=de&sort=-jobs"))
    response = client.get("/api/sites.xlsx?lang=de&sort=-jobs")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == list(csv_rows[0])
    assert [row[0] for row in rows] == [row["id"] for row in csv_rows]
    bench = next(row for row in sheet.iter_rows() if row[0].value == "bench-lab")
    organisation = bench[header.index("organisation")]
    assert (organisation.value, organisation.data_type) == ('=HYPERLINK("http://x")', "s")
    assert bench[header.index("jobs")].value == 250
    assert rows[0][header.index("category_label")] == "Technik- / F&E-Zentrum"


def test_geojson_download_has_sites_and_zones(client):
    document = client.get("/api/sites.geojson?region=28").get_json()
    kinds = sorted(f["properties"]["kind"] for f in document["features"])
    assert kinds == ["site", "site", "site", "zone"]
    zone = next(f for f in document["features"] if f["properties"]["kind"] == "zone")
    assert zone["geometry"]["type"] == "Polygon"
    assert zone["properties"]["drivers"] == ["safe_connected_autonomous", "new_services"]


MAP = "/api/map.geojson?zoom=6&bbox=-6,41,10,52"


def test_the_maps_sites_follow_the_selection_and_the_area(client):
    response = client.get(MAP + "&region=28")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    features = response.get_json()["features"]
    assert sum(f["properties"].get("point_count", 1) for f in features) == 3
    # Beyond the cluster zoom, around Rouen only: the two sites at one address, fanned out.
    rouen = client.get("/api/map.geojson?zoom=14&bbox=1.06,49.37,1.09,49.39").get_json()["features"]
    assert sorted(f["properties"]["stack"] for f in rouen) == [[0, 2], [1, 2]]


def test_the_maps_sites_are_asked_again_cheaply(client):
    first = client.get(MAP)
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get(MAP, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get(MAP + "&region=28", headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_the_maps_and_the_tables_answers_are_computed_once_an_address(client, monkeypatch):
    from dashboard import model, queries
    from tests.unit.test_limits import counting

    layers, pages = counting(monkeypatch, model, "map_layer"), counting(monkeypatch, queries, "table_rows")
    for _ in range(3):
        assert client.get(MAP + "&region=53").status_code == 200
        assert client.get(TABLE + "&region=53").status_code == 200
    assert (len(layers), len(pages)) == (1, 1)
    client.get(MAP + "&region=44")
    client.get(TABLE + "&region=53&sort=-jobs")
    assert (len(layers), len(pages)) == (2, 2)


@pytest.mark.parametrize("address", [MAP, "/api/table.json?start=0&end=100", "/api/reference/regions.geojson"])
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_compressed_answer_is_revalidated_too(client, address, encoding):
    # The ETag a browser gets back is the compressed answer's ("<tag>:br"): it still gets a 304.
    first = client.get(address, headers={"Accept-Encoding": encoding})
    assert first.headers["Content-Encoding"] == encoding
    assert first.headers["ETag"].endswith(f':{encoding}"')
    again = client.get(address, headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    stale = client.get(address, headers={"Accept-Encoding": encoding, "If-None-Match": f'"stale:{encoding}"'})
    assert stale.status_code == 200


@pytest.mark.parametrize("query", ["", "zoom=6", "bbox=-6,41,10,52", "zoom=6&bbox=10,41,-6,52", "zoom=x&bbox=1,2,3,4"])
def test_a_map_request_without_a_proper_area_is_a_400(client, query):
    response = client.get(f"/api/map.geojson?{query}")
    assert response.status_code == 400
    assert b"bbox" in response.data and b"Traceback" not in response.data


TABLE = "/api/table.json?start=0&end=100"


def test_the_tables_rows_come_by_page_in_the_selection_language_and_sort(client):
    whole = client.get(TABLE + "&region=28&lang=fr&sort=-name")
    assert whole.status_code == 200 and whole.headers["Cache-Control"] == "no-cache"
    answer = whole.get_json()
    # Its three sites and its experimentation zone, in reverse order of name.
    assert answer["count"] == 4
    names = [row["name"] for row in answer["rows"]]
    assert names[1:] == ["Renault Sandouville", "IRSEEM", "ESIGELEC"] and names[0].startswith("Rouen")
    assert answer["rows"][1]["category_label"] == "Usine"
    second = client.get("/api/table.json?start=1&end=2&region=28&lang=fr&sort=-name").get_json()
    assert second == {"rows": answer["rows"][1:2], "count": 4}
    assert (
        client.get(
            TABLE + "&region=28&lang=fr&sort=-name", headers={"If-None-Match": whole.headers["ETag"]}
        ).status_code
        == 304
    )


def test_the_table_tells_where_a_place_stands_in_its_order(client):
    for sort, index in (("name", 0), ("-name", 3)):
        found = client.get(f"/api/table-index.json?region=28&sort={sort}&id=esigelec")
        assert found.get_json() == {"index": index}
    assert client.get("/api/table-index.json?region=28&id=stellantis-poissy").get_json() == {"index": None}


@pytest.mark.parametrize(
    "address",
    [
        "/api/table.json",
        "/api/table.json?start=0",
        "/api/table.json?start=5&end=5",
        "/api/table.json?start=-1&end=10",
        "/api/table.json?start=0&end=5000",
        "/api/table.json?start=a&end=b",
        "/api/table-index.json",
        "/api/table-index.json?id=../../etc",
    ],
)
def test_a_table_request_that_names_no_proper_rows_or_place_is_a_400(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert b"Traceback" not in response.data


@pytest.mark.parametrize(
    "query", ["driver=nonsense", "region=%ZZ", "category=", "q=" + "x" * 5000, "cluster=a&cluster=b", "driver[]=1"]
)
def test_bad_parameters_are_ignored_never_an_error(client, query):
    response = client.get(f"/api/sites.csv?{query}")
    assert response.status_code == 200
    assert client.get(f"{MAP}&{query}").status_code == 200
    assert client.get(f"{TABLE}&{query}&sort={query}").status_code == 200
    page = client.get(f"/?{query}")
    assert page.status_code == 200


def test_reference_layers_and_sources(client):
    with client.get("/api/reference/regions.geojson") as regions:
        assert regions.status_code == 200
        assert regions.get_json()["features"][0]["properties"].keys() == {"code", "name"}
    assert client.get("/api/reference/communes.geojson").status_code == 404
    with client.get("/api/sources/mobility-valley-nextmove.txt") as document:
        assert document.status_code == 200
        assert "Mobility Valley" in document.get_data(as_text=True)
    with client.get("/api/sources/..%2F..%2Fpyproject.toml") as escaped:
        assert "[tool.ruff]" not in escaped.get_data(as_text=True)
    assert client.post("/api/sites.csv").status_code == 405


def pdf_text(response) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(response.get_data()))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_a_tour_step_brief_is_a_one_page_pdf_of_that_step(client):
    response = client.get("/api/tours/pitch/2/brief.pdf?lang=fr")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="pitch-2-brief.pdf"' in response.headers["Content-Disposition"]
    pages, text = pdf_text(response)
    assert pages == 1
    assert "Des usines sur la Seine" in text
    assert "Stellantis Poissy" in text and "Renault Sandouville" in text
    assert "Stellantis Sochaux" not in text
    assert "http://localhost/present/pitch/2?lang=fr" in text


def test_a_tour_step_map_is_a_png(client):
    response = client.get("/api/tours/pitch/3/map.png")
    assert (response.status_code, response.mimetype) == (200, "image/png")
    assert response.get_data().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "path",
    [
        "/api/tours/pitch/0/brief.pdf",
        "/api/tours/pitch/4/brief.pdf",
        "/api/tours/pitch/two/brief.pdf",
        "/api/tours/nope/1/map.png",
        "/api/tours/broken/1/brief.pdf",
        "/api/tours/pitch/1/brief.docx",
    ],
)
def test_exports_of_steps_that_cannot_be_played_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_explore_selection_has_a_brief_and_a_map_too(client):
    response = client.get("/api/brief.pdf?region=44&region=bogus&lang=xx")
    assert response.status_code == 200
    pages, text = pdf_text(response)
    assert pages == 1
    assert "Grand Est" in text and "Stellantis Mulhouse" in text and "Renault Sandouville" not in text
    assert "http://localhost/?region=44" in text
    assert client.get("/api/map.png?category=plant").mimetype == "image/png"


@pytest.mark.parametrize(
    "path", ["/present", "/present/pitch", "/present/pitch/abc", "/present/nope/2", "/present/broken/1"]
)
def test_presentation_addresses_never_fail(client, path):
    assert client.get(path).status_code == 200


def test_the_first_paint_is_the_atlas_not_a_bare_loading(client):
    page = client.get("/?lang=de").get_data(as_text=True)
    assert 'class="_dash-loading atlas-splash"' in page
    assert "Die Karte des Ökosystems wird geladen…" in page
    assert "Loading..." not in page
    # What the atlas is, in the page's language, from the first paint (its largest text: Lighthouse's
    # largest contentful paint is then the first one, not the navbar drawn ~0.7 s later).
    description = re.search(r'<meta name="description" content="([^"]+)">', page).group(1)
    assert "Karte" in description
    assert f'<p class="atlas-splash-description">{description}</p>' in page


@pytest.mark.parametrize("address", ["/api/sites.geojson", "/api/reference/regions.geojson"])
def test_geojson_is_sent_compressed(client, address):
    with client.get(address) as plain, client.get(address, headers={"Accept-Encoding": "br, gzip"}) as packed:
        assert plain.mimetype == packed.mimetype == "application/geo+json"
        assert packed.headers["Content-Encoding"] == "br"
        assert len(packed.data) * 3 < len(plain.data)


def test_reference_outlines_are_revalidated_by_etag(client):
    first = client.get("/api/reference/countries.geojson")
    assert first.headers["Cache-Control"] == "public, max-age=86400"
    again = client.get("/api/reference/countries.geojson", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
