"""Component IDs, one enum a page, so layouts, callbacks and tests agree."""

from enum import StrEnum


class Explore(StrEnum):
    """The explore page (/)."""

    SEARCH = "explore-search"
    DRIVERS = "explore-drivers"
    REGIONS = "explore-regions"
    CATEGORIES = "explore-categories"
    CLUSTERS = "explore-clusters"
    RESET = "explore-reset"
    RESULT_COUNT = "explore-result-count"
    MAP = "explore-map"
    SITES = "explore-sites"
    ZONES = "explore-zones"
    LABELS = "explore-labels"
    TABLE = "explore-table"
    DETAIL = "explore-detail"
    DETAIL_BODY = "explore-detail-body"
    DOWNLOAD_CSV = "explore-download-csv"
    DOWNLOAD_GEOJSON = "explore-download-geojson"
    QUERY = "explore-query"
    FILTERS_TOGGLE = "explore-filters-toggle"
    FILTERS = "explore-filters"


# Key figures: the element whose text is the number (tests and users read these).
KPI_IDS = {
    "sites": "kpi-sites",
    "jobs": "kpi-jobs",
    "plant": "kpi-plants",
    "technical_centre": "kpi-technical-centres",
    "test_track": "kpi-test-tracks",
    "av_zone": "kpi-av-zones",
}
