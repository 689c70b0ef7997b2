"""The app factory: one Dash app on one published database."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from html import escape

import dash
import flask
from dash import Dash, html
from flask_compress import Compress

from callbacks import explore as explore_callbacks
from callbacks import kiosk as kiosk_callbacks
from callbacks import maps as map_callbacks
from callbacks import present as present_callbacks
from dashboard import api, basemap, boundary, limits, model, pages, queries, security, share, tours, urlstate
from dashboard import settings as config
from dashboard.db import Database, Unavailable
from dashboard.i18n import ATLAS_NAME, LANGUAGES, N_, Translator, language, page_language, page_title
from dashboard.ids import Embed, Explore, Kiosk
from dashboard.model import Contents, centre_option, explore_texts, explore_view
from dashboard.queries import Selection
from dashboard.settings import ROOT, Settings
from layouts import embed, explore, kiosk, not_found, present

log = logging.getLogger(__name__)

TITLE = ATLAS_NAME
DESCRIPTION = N_(
    "An interactive map of the automotive and mobility ecosystem of Île-de-France, Normandy, "
    "Bourgogne-Franche-Comté and Grand Est: plants, R&D centres, test tracks, autonomous-vehicle "
    "experiments, research, operators and start-ups."
)


def visitor_language(requested: object = None) -> str:
    """The language asked for in the address, else the browser's preferred one, else English."""
    return page_language(requested, flask.request.accept_languages.best_match(LANGUAGES))


def titled(t: Translator, lang: str, *parts: str) -> str:
    """A page's title in a language (what it shows, then the atlas's name); Dash reads it back (flask.g)."""
    flask.g.page_title = page_title(t, lang, *parts)
    return flask.g.page_title


def explore_page(db: Database[Contents], t: Translator, tile_url: str, **params) -> html.Div:
    """The explore page for a URL's query parameters (Dash pages passes them as keywords).

    `lang` picks the language (else the browser's); `site` opens that site's details on arrival
    (the kiosk's QR codes link here).
    """
    published = db.current()
    vocab, cursor = published.content.vocab, published.cursor()
    lang = visitor_language(params.get("lang"))
    titled(t, lang)
    selection = urlstate.parse(params, vocab)
    site = params.get("site")
    place = queries.place(cursor, site) if isinstance(site, str) and site else None
    view = urlstate.parse_view(params.get("view"))
    # The view drops an unknown centre and finds the known one: the filters show what it answered.
    shown = explore_view(cursor, selection, vocab)
    centre = centre_option(shown.centre, vocab, t, lang) if shown.centre else None
    texts = explore_texts(shown, vocab, t, lang)
    figures = published.content.figures
    sites = model.opening_layer(cursor, shown.selection, vocab, view)
    return explore.layout(
        vocab,
        figures,
        tile_url,
        t,
        lang,
        shown.selection,
        place=place,
        view=view,
        centre=centre,
        shown=(shown, texts),
        sites=sites,
    )


def embed_page(db: Database[Contents], t: Translator, settings: Settings, **params) -> html.Div:
    """The map alone for another web page, with the explore page's parameters (selection, view, language)."""
    published = db.current()
    vocab = published.content.vocab
    lang = visitor_language(params.get("lang"))
    titled(t, lang)
    cursor = published.cursor()
    shown = explore_view(cursor, urlstate.parse(params, vocab), vocab)
    query = "&".join(part for part in (shown.query, f"lang={lang}") if part)
    link = share.shared_view(share.public_base(settings.public_url), query).link
    view = urlstate.parse_view(params.get("view"))
    places = (model.opening_layer(cursor, shown.selection, vocab, view), shown.zones_layer)
    return embed.layout(
        places, shown.viewport, view, link, t, lang, settings.tile_url, vocab, shown.near_layer, shown.query
    )


def kiosk_page(db: Database[Contents], t: Translator, settings: Settings, **params) -> html.Div:
    """The kiosk; `lang` sets its home language and `idle` its idle seconds, for the kiosk's start URL."""
    published = db.current()
    content = published.content
    lang = language(params.get("lang"))
    titled(t, lang)
    cursor = published.cursor()
    home = model.kiosk_view(cursor, Selection(), content.vocab, t, lang, settings.public_url)
    return kiosk.layout(
        content.vocab,
        content.figures,
        content.highlights,
        t,
        lang=lang,
        idle_seconds=config.seconds(params.get("idle"), settings.kiosk_idle_seconds),
        tile_url=settings.tile_url,
        shared=bool(settings.public_url),
        shown=home,
        sites=model.opening_layer(cursor, Selection(), content.vocab),
    )


def present_page(
    db: Database[Contents],
    t: Translator,
    settings: Settings,
    tour: str | None = None,
    step: str = "1",
    **params,
) -> html.Div:
    """The tour list (/present), or a tour at a step (/present/<tour>/<step>); `lang` picks the language.

    Tour files are read on every visit, so a promoter's edit shows on the next reload; an unknown
    tour falls back to the list, a step out of range to the nearest step.
    """
    content = db.current().content
    lang = language(params.get("lang"))
    known = content.known
    # Only the list reads (and checks) every tour file; a tour's page reads its own.
    found = tours.find(settings.tours_dir, tour, known) if tour else None
    if found is None or found.tour is None:
        titled(t, lang, t.gettext(lang, "Guided tours"))
        files = [found] if found else tours.read_tours(settings.tours_dir, known)
        return present.tour_list(files, t, lang, missing=None if found else tour)
    index = tours.step_number(step, len(found.tour["steps"])) - 1
    titles = (found.tour["steps"][index]["title"], found.tour["title"])
    titled(t, lang, *(tours.localized(title, lang) for title in titles))
    if params.get("presenter") == "1":
        return present.presenter_layout(found, index, t, lang)
    base = share.reachable_base(settings.public_url)
    link = share.deep_link(base, lang=lang) if base else None
    qr = share.qr_code(link) if link else None
    return present.layout(found, index, content.vocab, t, lang, settings.tile_url, link, qr)


def current_title(**_) -> str:
    """A page's title, as its layout set it in the page's language (see `titled`)."""
    return flask.g.get("page_title", TITLE)


def not_found_page(t: Translator, **_) -> html.Div:
    """What an unknown address shows (with a 404 status), in the browser's language."""
    lang = visitor_language()
    return not_found.layout(t, lang, titled(t, lang))


@dataclass(frozen=True)
class PageHead:
    """What the first HTML of a page says before Dash draws it, in the page's language."""

    lang: str
    title: str
    description: str
    loading: str
    # Link tags for the lazily loaded scripts the page draws at once (dashboard.pages.preloads).
    preloads: str = ""


# Dash puts every component library's script on every page. The table's grid (2 MB) is left out and
# loaded by assets/grid.js only where a table is drawn, once the first markers are painted; Dash's
# DataTable is not used at all. Nor is @babel/polyfill (100 KB of ES2015 shims, ~50 ms of the first
# page's main thread, that every browser the atlas supports has natively) but for the generator
# runtime Dash's bundles call (regeneratorRuntime): that alone is served in its place.
GRID_SCRIPT = re.compile(r'<script src="([^"]*/dash_ag_grid/dash_ag_grid\.[^"]*\.js)"></script>\s*')
UNUSED_SCRIPT = re.compile(r'<script src="[^"]*/dash_table/bundle\.[^"]*\.js"></script>\s*')
POLYFILL_SCRIPT = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*\.js"></script>')
GENERATOR_RUNTIME = "vendor/regenerator-runtime/runtime.js"


def deferred_scripts(scripts: str, generator_runtime: str) -> tuple[str, str]:
    """The index's script tags without those the pages load later or never, and the meta tags naming the former.

    `generator_runtime` is the address of the script served instead of Dash's polyfill.
    """
    scripts = POLYFILL_SCRIPT.sub(
        f'<script src="{escape(generator_runtime)}"></script>', UNUSED_SCRIPT.sub("", scripts)
    )
    grid = GRID_SCRIPT.search(scripts)
    if not grid:
        return scripts, ""
    return GRID_SCRIPT.sub("", scripts), f'<meta name="atlas-grid" content="{escape(grid.group(1))}">'


# The page's scripts are run by its renderer script (dashboard/start.js) once the first view is painted.
START = (ROOT / "dashboard" / "start.js").read_text(encoding="utf-8")
LATER = "text/x-atlas-later"
SCRIPT_FILE = re.compile(r'<script src="([^"]*)"></script>')
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def after_first_paint(scripts: str) -> str:
    """The index's script tags made inert, for dashboard/start.js to run.

    Dash lists its files, then its inline scripts; the latter keep their text, which the
    Content-Security-Policy allows by hash.
    """
    scripts = SCRIPT_FILE.sub(lambda tag: f'<script type="{LATER}" data-src="{tag.group(1)}"></script>', scripts)
    return INLINE_SCRIPT.sub(lambda tag: f'<script type="{LATER}">{tag.group(1)}</script>', scripts)


class AtlasDash(Dash):
    """Dash whose first HTML speaks the page's language, as `head` gives it.

    `<html lang>`, the title, a description, and a designed first paint instead of Dash's bare "Loading...".
    """

    head: Callable[[], PageHead]
    # Tells the page's scripts about the street basemap when one is served (dashboard.basemap).
    basemap_meta: str = ""

    def interpolate_index(self, **kwargs) -> str:
        """The index page in the page's language."""
        head = self.head()
        kwargs["title"] = escape(head.title)
        description = f'<meta name="description" content="{escape(head.description)}">'
        kwargs["scripts"], deferred = deferred_scripts(kwargs["scripts"], self.get_asset_url(GENERATOR_RUNTIME))
        kwargs["scripts"] = after_first_paint(kwargs["scripts"])
        kwargs["metas"] = description + self.basemap_meta + deferred + kwargs.get("metas", "") + head.preloads
        kwargs["app_entry"] = (
            '<div id="react-entry-point"><div class="_dash-loading atlas-splash" role="status">'
            '<img src="/assets/favicon.ico" alt="" width="56" height="56">'
            f'<p class="atlas-splash-title">{escape(head.title)}</p>'
            f'<p class="atlas-splash-description">{escape(head.description)}</p>'
            f"<p>{escape(head.loading)}</p></div></div>"
        )
        return super().interpolate_index(**kwargs).replace("<html>", f'<html lang="{head.lang}">', 1)


# Lazily loaded scripts of component libraries (under /_dash-component-suites/) that pages draw at
# once: the map's sites layer and the filters' dropdowns (dashboard.pages.preloads).
MAP_CHUNK = "dash_leaflet/async-GeoJSON.js"
DROPDOWN_CHUNK = "dash/dcc/async-dropdown.js"


def page_paths() -> list[re.Pattern]:
    """The addresses of the registered pages (path templates' variables match one segment)."""
    patterns = []
    for page in dash.page_registry.values():
        if page["module"] == not_found.MODULE:
            continue
        template = page.get("path_template") or page["path"]
        patterns.append(re.compile(re.sub(r"<\w+>", "[^/]+", re.escape(template))))
    return patterns


def create_app(settings: Settings | None = None) -> Dash:
    """Build the Dash app on the database named by the settings.

    The app starts without a valid database too: it answers 503 until one is published.
    """
    settings = settings or Settings.from_env()
    if not settings.public_url:
        log.warning(
            "ATLAS_PUBLIC_URL is not set: the kiosk shows no QR codes (its own address is not one visitors' "
            "phones can open) and shared links use the address each request came to"
        )
    db = Database(settings.database, model.read_contents)
    translator = Translator.load()

    server = flask.Flask(__name__)
    # Compression is registered last, below: the callback answers kept must be the compressed ones.
    server.config["COMPRESS_REGISTER"] = False
    app = AtlasDash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder="",
        include_pages_meta=False,
        assets_folder=str(ROOT / "assets"),
        # Bootstrap is linked once, first, below; the rest of vendor/ (fonts, flags) is only referenced.
        assets_path_ignore=["vendor"],
        external_stylesheets=["/assets/vendor/bootstrap.min.css"],
        compress=True,
        title=TITLE,
        update_title=None,
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.renderer = START
    dash.register_page(
        "explore",
        path="/",
        name="Explore",
        title=current_title,
        layout=partial(explore_page, db, translator, settings.tile_url),
        chunks=(MAP_CHUNK, DROPDOWN_CHUNK),
    )
    dash.register_page(
        "embed",
        path="/embed",
        name="Embed",
        title=current_title,
        layout=partial(embed_page, db, translator, settings),
        chunks=(MAP_CHUNK,),
    )
    dash.register_page(
        "kiosk",
        path="/kiosk",
        name="Kiosk",
        title=current_title,
        layout=partial(kiosk_page, db, translator, settings),
        chunks=(MAP_CHUNK,),
    )
    show_tours = partial(present_page, db, translator, settings)
    dash.register_page("present", path="/present", name="Tours", title=current_title, layout=show_tours)
    dash.register_page(
        "present-tour",
        path_template="/present/<tour>",
        name="Tour",
        title=current_title,
        layout=show_tours,
        chunks=(MAP_CHUNK,),
    )
    dash.register_page(
        "present-step",
        path_template="/present/<tour>/<step>",
        name="Tour step",
        title=current_title,
        layout=show_tours,
        chunks=(MAP_CHUNK,),
    )
    dash.register_page(
        not_found.MODULE,
        path="/404",
        name="Not found",
        title=current_title,
        layout=partial(not_found_page, translator),
    )
    paths = page_paths()

    def is_page(address: str) -> bool:
        return any(path.fullmatch(address) for path in paths)

    def head() -> PageHead:
        # The explore page and unknown addresses follow the browser; kiosk and tours their own `lang`.
        requested = flask.request.args.get("lang")
        own = flask.request.path in ("/kiosk", "/present") or flask.request.path.startswith("/present/")
        lang = language(requested) if own else visitor_language(requested)
        return PageHead(
            lang,
            translator.gettext(lang, TITLE),
            translator.gettext(lang, DESCRIPTION),
            translator.gettext(lang, "Loading the map of the ecosystem…"),
            pages.preloads(app.strip_relative_path(flask.request.path), app.config.requests_pathname_prefix),
        )

    app.head = head

    @app.server.after_request
    def unknown_address_is_not_found(response: flask.Response) -> flask.Response:
        # Dash answers every address with its page; one that is no page's answers 404 (its content
        # says so and links home).
        page = response.status_code == 200 and response.mimetype == "text/html"
        if page and not is_page(flask.request.path):
            response.status_code = 404
        return response

    @app.server.before_request
    def pages_need_the_database() -> None:
        # A page's first HTML does not read the database (its content comes with Dash's layout): without
        # this, a visitor would get a page that fails later instead of a clear 503 now.
        if is_page(flask.request.path):
            db.current()

    @app.server.errorhandler(Unavailable)
    def unavailable(error: Unavailable) -> flask.Response:
        return service_unavailable(translator, visitor_language(flask.request.args.get("lang")))

    pages.register(app)
    explore_callbacks.register(app, db, translator, settings.public_url)
    kiosk_callbacks.register(app, db, translator, settings.public_url)
    present_callbacks.register(app, db, translator, settings.tours_dir)
    for ids in (Explore, Kiosk, Embed):
        map_callbacks.register(app, ids)
    api.register(app.server, db, settings.data_dir)
    streets = basemap.load(settings.basemap)
    if streets is not None:
        basemap.register(app.server, streets)
        app.basemap_meta = basemap.meta_tag(streets)
    api.register_exports(app.server, db, translator, settings, streets)
    finish_setup(app)
    security.protect(app, settings)
    boundary.guard(app)
    limits.remember_callbacks(
        server, lambda: (db.current().identity, tours.version(settings.tours_dir)), CALLBACK_CACHE_BYTES
    )
    # After-request hooks run last registered first: answers are compressed, then kept. Brotli
    # first (Dash picks gzip alone, as it compresses every answer again; kept ones are compressed once).
    # GeoJSON (the sites, the reference outlines every map loads) compresses about tenfold; the other
    # types are flask-compress's defaults, which Dash (compress=True) has set.
    mimetypes = [*server.config["COMPRESS_MIMETYPES"], "application/geo+json"]
    # Each component library's script compressed once, not for every fresh visitor (~1.3 MB of them
    # for `/`: ~16 ms of the server's CPU per page, on a machine often drawing the page too). The
    # assets are streamed from their files and compressed as they go: flask-compress keeps none of those.
    static = (f"{app.config.routes_pathname_prefix}_dash-component-suites/",)
    server.config.update(
        COMPRESS_REGISTER=True,
        COMPRESS_ALGORITHM=list(api.COMPRESSIONS),
        COMPRESS_MIMETYPES=mimetypes,
        COMPRESS_CACHE_BACKEND=lambda: limits.CompressedFiles(COMPRESSED_FILES_BYTES),
        COMPRESS_CACHE_KEY=limits.static_file_key(static),
    )
    Compress(server)
    return app


def finish_setup(app: Dash) -> None:
    """Run Dash's once-a-process set-up now, before the server's threads serve.

    Dash does it in hooks before the first request; concurrent first requests of a fresh worker
    raced in them (one answered 500 for the stylesheet).
    """
    with app.server.test_request_context("/_dash-dependencies"):
        app.server.preprocess_request()


# Per worker: the callback answers kept (the filter's, the largest, weigh ~50–250 KB).
CALLBACK_CACHE_BYTES = 64 * 1024 * 1024
# The compressed component scripts kept per worker: those of every page, in each encoding, are ~2.5 MB.
COMPRESSED_FILES_BYTES = 16 * 1024 * 1024
UNAVAILABLE_TITLE = N_("The atlas is being updated")
UNAVAILABLE_TEXT = N_("Its data cannot be read right now. This page tries again by itself in a moment.")
RETRY_SECONDS = 10


def service_unavailable(t: Translator, lang: str) -> flask.Response:
    """The 503 answer while the published database is missing or invalid: a page for browsers, JSON else.

    The reason stays in the log: visitors need to know it is temporary, not which file failed.
    """
    headers = {"Retry-After": str(RETRY_SECONDS), "Cache-Control": "no-store"}
    title, text = t.gettext(lang, UNAVAILABLE_TITLE), t.gettext(lang, UNAVAILABLE_TEXT)
    # A browser asks for HTML first; fetch() and tools (*/*) get JSON.
    if flask.request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html":
        page = (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="{RETRY_SECONDS}"><title>{escape(title)}</title>'
            '<link rel="stylesheet" href="/assets/atlas.css"></head>'
            f'<body class="atlas-unavailable"><main><h1>{escape(title)}</h1><p>{escape(text)}</p></main></body></html>'
        )
        return flask.Response(page, 503, headers, mimetype="text/html")
    body = json.dumps({"status": "unavailable", "error": title}, ensure_ascii=False)
    return flask.Response(body, 503, headers, mimetype="application/json")
