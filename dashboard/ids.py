"""Component IDs, one enum a page, so layouts, callbacks and tests agree."""

from enum import StrEnum


class Explore(StrEnum):
    """The explore page (/)."""

    SEARCH = "explore-search"
    DRIVERS = "explore-drivers"
    REGIONS = "explore-regions"
    CATEGORIES = "explore-categories"
    CLUSTERS = "explore-clusters"
    STATUSES = "explore-statuses"
    RESET = "explore-reset"
    # "Near a place": the centre (a site, a commune or a picked point), the radius, picking on the map,
    # and the circle drawn.
    NEAR = "explore-near"
    RADIUS = "explore-radius"
    NEAR_PICK = "explore-near-pick"
    NEAR_AREA = "explore-near-area"
    RESULT_COUNT = "explore-result-count"
    MAP = "explore-map"
    SITES = "explore-sites"
    ZONES = "explore-zones"
    LABELS = "explore-labels"
    TABLE = "explore-table"
    DETAIL = "explore-detail"
    DETAIL_BODY = "explore-detail-body"
    # The open place's name, which names the detail dialog.
    DETAIL_TITLE = "explore-detail-title"
    DETAIL_CLOSE = "explore-detail-close"
    # Where the skip links lead: past the table, to the headline figures.
    HEADLINE = "explore-headline"
    TABLE_SECTION = "explore-table-section"
    DOWNLOAD_CSV = "explore-download-csv"
    DOWNLOAD_XLSX = "explore-download-xlsx"
    DOWNLOAD_GEOJSON = "explore-download-geojson"
    DOWNLOAD_PDF = "explore-download-pdf"
    DOWNLOAD_PNG = "explore-download-png"
    # The selection's query string as the server answered it (the address, the table, the downloads)
    # and as the filters stand (assets/history.js): the map asks with the latter, without waiting.
    QUERY = "explore-query"
    MAP_QUERY = "explore-map-query"
    # The filters' query string again once the map has drawn its sites: what the server is then asked.
    DRAWN_QUERY = "explore-drawn-query"
    FILTERS_TOGGLE = "explore-filters-toggle"
    FILTERS = "explore-filters"
    FILTERS_CLOSE = "explore-filters-close"
    FILTERS_BACKDROP = "explore-filters-backdrop"
    LANG = "explore-lang"
    # Feedback: the alert for failures, the map's empty-result note, a store that retries the last view.
    ALERT = "explore-alert"
    MAP_EMPTY = "explore-map-empty"
    RETRY = "explore-retry"
    PLACE = "explore-place"
    # The address: the query it shows now, the site Back returns to.
    ADDRESS = "explore-address"
    RESTORE_SITE = "explore-restore-site"
    # The share dialog.
    SHARE = "explore-share"
    SHARE_OPEN = "explore-share-open"
    SHARE_CLOSE = "explore-share-close"
    SHARE_TITLE = "explore-share-title"
    SHARE_LINK = "explore-share-link"
    SHARE_COPY = "explore-share-copy"
    SHARE_COPIED = "explore-share-copied"
    SHARE_QR = "explore-share-qr"
    SHARE_EMBED = "explore-share-embed"
    SELECTED = "explore-selected"
    ZOOM_TO = "explore-zoom-to"
    # Pattern-matching type of the legend's category toggles ({"type": LEGEND_TOGGLE, "category": code}).
    LEGEND_TOGGLE = "explore-legend-toggle"
    # Pattern-matching type of the language links ({"type": LANGUAGE_LINK, "lang": code}).
    LANGUAGE_LINK = "explore-language-link"


class Embed(StrEnum):
    """The map alone, for other web pages (/embed)."""

    MAP = "embed-map"
    SITES = "embed-sites"
    # The selection's query string: the map asks for its sites with it (callbacks/maps.py).
    QUERY = MAP_QUERY = "embed-query"
    ZONES = "embed-zones"
    LABELS = "embed-labels"


# Key figures: the element whose text is the number (tests and users read these).
KPI_IDS = {
    "sites": "kpi-sites",
    "jobs": "kpi-jobs",
    "plant": "kpi-plants",
    "technical_centre": "kpi-technical-centres",
    "test_track": "kpi-test-tracks",
    "av_zone": "kpi-av-zones",
}


class Kiosk(StrEnum):
    """The kiosk (/kiosk)."""

    ROOT = "kiosk-root"
    LANG = "kiosk-lang"
    HOME_LANG = "kiosk-home-lang"
    DRIVERS = "kiosk-drivers"
    REGIONS = "kiosk-regions"
    CATEGORIES = "kiosk-categories"
    RESET = "kiosk-reset"
    MAP = "kiosk-map"
    SITES = "kiosk-sites"
    ZONES = "kiosk-zones"
    LABELS = "kiosk-labels"
    LEGEND = "kiosk-legend"
    FIGURES = "kiosk-figures"
    VIEW_QR = "kiosk-view-qr"
    DETAIL = "kiosk-detail"
    DETAIL_BODY = "kiosk-detail-body"
    DETAIL_CLOSE = "kiosk-detail-close"
    PLACE = "kiosk-place"
    IDLE = "kiosk-idle"
    HIGHLIGHTS = "kiosk-highlights"
    ATTRACT = "kiosk-attract"
    CAPTION = "kiosk-caption"
    CAPTION_COUNTER = "kiosk-caption-counter"
    CAPTION_TITLE = "kiosk-caption-title"
    CAPTION_TEXT = "kiosk-caption-text"
    HEADLINES = "kiosk-headlines"
    ALERT = "kiosk-alert"
    RETRY = "kiosk-retry"
    # The selection's query string, built in the browser from the toggles: the map asks for its
    # sites with it (callbacks/maps.py); then, once the map has drawn them, the figures are asked.
    QUERY = MAP_QUERY = "kiosk-query"
    DRAWN_QUERY = "kiosk-drawn-query"


class Present(StrEnum):
    """The presentation mode (/present/<tour>/<step>)."""

    ROOT = "present-root"
    STEP = "present-step"
    TOUR = "present-tour"
    LANG = "present-lang"
    COUNTER = "present-counter"
    PROGRESS = "present-progress"
    PREVIOUS = "present-previous"
    NEXT = "present-next"
    FULLSCREEN = "present-fullscreen"
    TITLE = "present-title"
    TEXT = "present-text"
    HEADLINES = "present-headlines"
    CHART = "present-chart"
    CHART_SLOT = "present-chart-slot"
    MAP_CAPTION = "present-map-caption"
    MAP = "present-map"
    SITES = "present-sites"
    ZONES = "present-zones"
    LABELS = "present-labels"
    PROBLEMS = "present-problems"
    EXPORT_PDF = "present-export-pdf"
    EXPORT_PNG = "present-export-png"
    EXPORT_CSV = "present-export-csv"
    EXPORT_GEOJSON = "present-export-geojson"
    STEPS_BUTTON = "present-steps-button"
    DETAIL = "present-detail"
    SITE_LIST = "present-site-list"
    CLOSING = "present-closing"
    PRESENTER_BUTTON = "present-presenter-button"
    PRESENTER_PREVIOUS = "presenter-previous"
    PRESENTER_NEXT = "presenter-next"
    DETAIL_BODY = "present-detail-body"
    DETAIL_CLOSE = "present-detail-close"
    STEP_LIST = "present-step-list"


# Pattern-matching ids of the kiosk: one a static text (its English text is its key), one a language button.
TEXT = "kiosk-text"
LANG_BUTTON = "kiosk-lang-button"


def text_id(message: str) -> dict[str, str]:
    """The id of an element whose text is a translated interface message."""
    return {"type": TEXT, "message": message}


def lang_button_id(lang: str) -> dict[str, str]:
    """The id of the button that switches the kiosk to a language."""
    return {"type": LANG_BUTTON, "lang": lang}
