"""Exports for the follow-up email, drawn on the server without a browser or network.

The map image is drawn with geopandas/matplotlib from the same reference geodata as the web
basemap, in Web Mercator like the web map; the one-page brief is laid out with fpdf2.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geopandas as gpd
import matplotlib
from fpdf import FPDF
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from pyproj import Transformer
from shapely.geometry import shape

from dashboard import basemap as streets_style
from dashboard import charts, tilesets
from dashboard.geo import GONE_COLOUR, GONE_STATUSES, MAP_ATTRIBUTION, View
from dashboard.i18n import Translator, headline_value, number
from dashboard.model import StepView, years_span
from dashboard.tilesets import TileSet
from dashboard.vocab import Vocabularies

MERCATOR = "EPSG:3857"
# Metres a pixel at zoom 0 on Web Mercator's 256-pixel tiles.
METRES_PER_PIXEL = 156_543.03392804097
# The web map a step is designed on is about this wide (CSS pixels): a centre and zoom show as much.
WEB_MAP_WIDTH = 1100
# A fitted box keeps this share of margin on each side, and is never smaller than a town.
MARGIN = 0.12
MIN_SPAN_M = 6_000
# The basemap's colours (assets/map.js), so the image looks like the page.
SEA, LAND, FOCUS_LAND, OTHER_LAND = "#cfe0ec", "#e4e2da", "#fdfcf7", "#eceae3"
MARKERS = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^", "hexagon": "h", "star": "*", "pentagon": "p"}
MATPLOTLIB_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
DPI = 200


@dataclass(frozen=True)
class Brief:
    """What a one-page brief tells: a title, a text, where to find the live view, and the view."""

    title: str
    text: str
    link: str
    lang: str
    step: StepView


@cache
def basemap(reference: Path) -> dict[str, gpd.GeoDataFrame]:
    """The reference layers in Web Mercator, read once a process."""
    return {
        name: gpd.read_file(reference / f"{name}.geojson").to_crs(MERCATOR)
        for name in ("countries", "regions", "departments", "labels")
    }


TO_MERCATOR = Transformer.from_crs("EPSG:4326", MERCATOR, always_xy=True)


def to_mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator metres of a point."""
    return TO_MERCATOR.transform(lon, lat)


def extent(view: View, aspect: float) -> tuple[float, float, float, float]:
    """The Mercator box (xmin, xmax, ymin, ymax) the image shows, width/height = aspect."""
    if view.center is not None and view.zoom is not None:
        x, y = to_mercator(*view.center)
        half_width = WEB_MAP_WIDTH / 2 * METRES_PER_PIXEL / 2**view.zoom
        return x - half_width, x + half_width, y - half_width / aspect, y + half_width / aspect
    south, west, north, east = view.box()
    x0, y0 = to_mercator(south, west)
    x1, y1 = to_mercator(north, east)
    width = max(x1 - x0, MIN_SPAN_M) * (1 + 2 * MARGIN)
    height = max(y1 - y0, MIN_SPAN_M) * (1 + 2 * MARGIN)
    width, height = max(width, height * aspect), max(height, width / aspect)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2


def literal(text: str) -> str:
    """Text for matplotlib to draw as written: it reads $…$ as maths, so a site named "A $5 $…" broke the export."""
    return text.replace("$", r"\$")


def _halo(width: float = 3) -> list:
    return [patheffects.withStroke(linewidth=width, foreground="white")]


def draw_map(
    step: StepView,
    vocab: Vocabularies,
    reference: Path,
    t: Translator,
    lang: str,
    size: tuple[float, float],
    streets: TileSet | None = None,
) -> Figure:
    """The step's map: basemap, zones, category symbols, highlighted sites named, a legend.

    With a street basemap (`streets`), its water, rivers and main roads are drawn on the land.
    """
    layers = basemap(reference)
    width, height = size
    figure = Figure(figsize=size, dpi=DPI, facecolor=SEA)
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    xmin, xmax, ymin, ymax = extent(step.view, width / height)
    layers["countries"].plot(ax=ax, color=LAND, edgecolor="#b9c2cb", linewidth=0.5)
    regions = layers["regions"]
    # The atlas's own regions are the bright ones, as on the web map.
    focus = regions["code"].isin(vocab.codes("regions"))
    regions[~focus].plot(ax=ax, color=OTHER_LAND, edgecolor="#a3adb8", linewidth=0.5)
    regions[focus].plot(ax=ax, color=FOCUS_LAND, linewidth=0)
    if streets is not None:
        _draw_streets(ax, tilesets.streets(streets, (xmin, xmax, ymin, ymax), int(width * DPI)))
    layers["departments"].plot(ax=ax, facecolor="none", edgecolor="#8fa3b8", linewidth=0.35, linestyle=(0, (3, 3)))
    regions[focus].plot(ax=ax, facecolor="none", edgecolor="#2b4a6f", linewidth=1.1)
    if step.zones:
        zones = gpd.GeoDataFrame(
            {"colour": [_colour(z, vocab) for z in step.zones]},
            geometry=[shape(json.loads(z["geojson"])) for z in step.zones],
            crs="EPSG:4326",
        ).to_crs(MERCATOR)
        zones.plot(ax=ax, color=zones["colour"], alpha=0.3, edgecolor=zones["colour"], linewidth=1)
    _draw_labels(ax, layers["labels"], lang, (xmin, xmax, ymin, ymax))
    _draw_sites(ax, step, vocab, xmin, xmax)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    _draw_legend(ax, step, vocab, lang)
    credit = t.gettext(lang, MAP_ATTRIBUTION)
    ax.text(0.995, 0.005, literal(credit), transform=ax.transAxes, ha="right", va="bottom", fontsize=4.5, color="#556")
    return figure


def _draw_streets(ax, found: tilesets.Streets) -> None:
    """Water, rivers and main roads in the web map's colours (dashboard.basemap), under the boundaries."""
    if found.water:
        gpd.GeoSeries(found.water).plot(ax=ax, color=streets_style.WATER, linewidth=0)
    if found.rivers:
        gpd.GeoSeries(found.rivers).plot(ax=ax, color=streets_style.RIVER, linewidth=0.8)
    for kind in reversed(streets_style.ROADS):
        if found.roads.get(kind):
            colour, _, low, high = streets_style.ROADS[kind]
            gpd.GeoSeries(found.roads[kind]).plot(ax=ax, color=colour, linewidth=(low + high) / 6)


def _draw_labels(ax, labels: gpd.GeoDataFrame, lang: str, box: tuple[float, float, float, float]) -> None:
    xmin, xmax, ymin, ymax = box
    # The wider the view, the fewer (and larger) the towns named, as on the web map.
    span_km = (xmax - xmin) / 1000
    max_rank = 1 if span_km > 700 else 2 if span_km > 250 else 3
    for row in labels.itertuples():
        x, y = row.geometry.x, row.geometry.y
        if not (xmin <= x <= xmax and ymin <= y <= ymax):
            continue
        if row.kind == "country":
            name = getattr(row, f"name_{lang}", None) or row.name_en
            ax.text(x, y, literal(name.upper()), fontsize=6, color="#7a8794", ha="center", va="center", weight="bold")
        elif row.rank and row.rank <= max_rank:
            ax.plot(x, y, "o", markersize=1.5, color="#3d4b5a")
            ax.text(
                x,
                y,
                literal(f" {row.name}"),
                fontsize=5.5 if row.rank > 1 else 6.5,
                color="#3d4b5a",
                va="center",
                path_effects=_halo(1.5),
            )


def _colour(record: dict, vocab: Vocabularies) -> str:
    if record.get("status") in GONE_STATUSES:
        return GONE_COLOUR
    return vocab.attribute("categories", record["category"], "colour", "#555555")


def _draw_sites(ax, step: StepView, vocab: Vocabularies, xmin: float, xmax: float) -> None:
    for site in step.sites:
        x, y = to_mercator(site["lat"], site["lon"])
        marker = MARKERS.get(vocab.attribute("categories", site["category"], "shape", "circle"), "o")
        colour = _colour(site, vocab)
        big = bool(site.get("highlight"))
        ax.plot(
            x,
            y,
            marker,
            markersize=7 if big else 4.5,
            color=colour,
            markeredgecolor="white",
            markeredgewidth=0.8,
            zorder=4 if big else 3,
        )
        if big:
            # Names near the right edge go to the left of their symbol, so they stay on the image.
            leftwards = x > xmax - (xmax - xmin) * 0.3
            ax.annotate(
                literal(site["name"]),
                (x, y),
                xytext=(-5 if leftwards else 5, 4),
                ha="right" if leftwards else "left",
                textcoords="offset points",
                fontsize=6.5,
                weight="bold",
                color="#1d2a39",
                zorder=5,
                path_effects=_halo(2),
            )


def _draw_legend(ax, step: StepView, vocab: Vocabularies, lang: str) -> None:
    shown = {site["category"] for site in step.sites}
    handles = [
        ax.plot(
            [],
            [],
            MARKERS.get(vocab.attribute("categories", code, "shape", "circle"), "o"),
            color=vocab.attribute("categories", code, "colour", "#555555"),
            markeredgecolor="white",
            label=literal(vocab.label("categories", code, lang)),
        )[0]
        for code in vocab.codes("categories")
        if code in shown
    ]
    if handles:
        ax.legend(handles=handles, loc="upper left", fontsize=5.5, frameon=True, framealpha=0.9, borderpad=0.6)


def map_png(
    step: StepView, vocab: Vocabularies, reference: Path, t: Translator, lang: str, streets: TileSet | None = None
) -> bytes:
    """The step's map as a PNG, 1600 × 1000 pixels."""
    buffer = io.BytesIO()
    draw_map(step, vocab, reference, t, lang, (8, 5), streets).savefig(buffer, format="png")
    return buffer.getvalue()


CHART_WIDTH = 4.6


def chart_aspect(bars: int) -> float:
    """Height over width of the brief's chart: room for a title and each bar."""
    return (0.6 + 0.28 * bars) / CHART_WIDTH


def chart_png(step: StepView, vocab: Vocabularies, t: Translator, lang: str) -> bytes | None:
    """The step's chart (sites and known jobs side by side) as a PNG, for the brief."""
    bars = charts.bars(step.shares, step.chart, vocab, lang) if step.chart else []
    if not bars:
        return None
    figure = Figure(figsize=(CHART_WIDTH, CHART_WIDTH * chart_aspect(len(bars))), dpi=200)
    FigureCanvasAgg(figure)
    shown = charts.panels(bars, t, lang)
    axes = figure.subplots(1, len(shown), sharey=True, squeeze=False)[0]
    labels = [literal(bar.label) for bar in bars]
    for ax, (title, values) in zip(axes, shown, strict=True):
        ax.barh(labels, values, color=[bar.colour for bar in bars])
        ax.set_title(literal(title), fontsize=7, loc="left")
        for y, value in enumerate(values):
            ax.text(value, y, f" {number(value, lang)}", va="center", fontsize=5.5)
        ax.tick_params(labelsize=6, length=0)
        ax.set_xticks([])
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlim(0, max([*values, 1]) * 1.35)
    axes[0].invert_yaxis()  # shared: the first bar on top, as on the page
    figure.suptitle(literal(t.gettext(lang, charts.KINDS[step.chart][1])), fontsize=8, x=0.01, ha="left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


# The brief: A4 landscape, in millimetres.
PAGE_WIDTH, PAGE_HEIGHT, EDGE = 297, 210, 10
MAP_WIDTH = 172
COLUMN_GAP = 6
LIST_COLUMNS = 5
LIST_FONT_SIZES = (7, 6, 5)
MAX_TEXT_LINES = 4


class BriefPDF(FPDF):
    """A page with the DejaVu fonts that ship with matplotlib (every Latin letter, no download)."""

    def __init__(self) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.add_font("DejaVu", "", MATPLOTLIB_FONTS / "DejaVuSans.ttf")
        self.add_font("DejaVu", "B", MATPLOTLIB_FONTS / "DejaVuSans-Bold.ttf")
        self.set_auto_page_break(False)
        self.set_margins(EDGE, EDGE, EDGE)
        self.add_page()

    def write_text(
        self,
        x: float,
        y: float,
        width: float,
        size: float,
        text: str,
        style: str = "",
        colour: tuple[int, int, int] = (29, 42, 57),
        max_lines: int = 99,
    ) -> float:
        """Wrap text into a box at most `max_lines` high; returns the y under it."""
        self.set_font("DejaVu", style, size)
        self.set_text_color(*colour)
        line = size * 0.45
        lines = self.multi_cell(width, line, text, dry_run=True, output="LINES")
        if len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip() + "…"]
        for row, words in enumerate(lines):
            self.set_xy(x, y + row * line)
            self.cell(width, line, words)
        return y + len(lines) * line


def brief_pdf(
    brief: Brief, vocab: Vocabularies, t: Translator, reference: Path, streets: TileSet | None = None
) -> bytes:
    """One A4 page: title and text, the map, key and headline figures, the chart, the sites listed."""
    step, lang = brief.step, brief.lang
    pdf = BriefPDF()
    pdf.set_title(brief.title)
    pdf.set_lang(lang)
    pdf.set_creator("Mobility Valley Atlas")
    right = PAGE_WIDTH - EDGE
    width = right - EDGE
    stamp = f"{t.gettext(lang, 'Mobility Valley Atlas')} · {dt.date.today().isoformat()}"
    pdf.write_text(EDGE, EDGE, width / 2, 8, stamp.upper(), "B", (90, 104, 120))
    pdf.set_font("DejaVu", "", 8)
    pdf.set_xy(EDGE + width / 2, EDGE)
    pdf.cell(width / 2, 3.6, brief.link, align="R", link=brief.link)
    y = pdf.write_text(EDGE, EDGE + 6, width, 18, brief.title, "B", max_lines=2) + 1
    if brief.text:
        y = pdf.write_text(EDGE, y, width, 9.5, brief.text, max_lines=MAX_TEXT_LINES) + 1
    map_top = y + 2
    map_height = MAP_WIDTH * 5 / 8
    image = io.BytesIO(map_png(step, vocab, reference, t, lang, streets))
    pdf.image(image, x=EDGE, y=map_top, w=MAP_WIDTH, h=map_height)
    column = EDGE + MAP_WIDTH + COLUMN_GAP
    column_width = right - column
    y = _figures(pdf, brief, t, column, map_top, column_width)
    chart = chart_png(step, vocab, t, lang)
    room = map_top + map_height - y - 2
    if chart and room > 20:
        natural = column_width * chart_aspect(len(step.shares))
        size = {"w": column_width} if natural <= room else {"h": room}
        pdf.image(io.BytesIO(chart), x=column, y=y + 2, **size)
    _site_list(pdf, step, t, lang, map_top + map_height + 4)
    pdf.write_text(
        EDGE,
        PAGE_HEIGHT - EDGE + 2,
        width,
        6,
        t.gettext(lang, "Sources of every site are in the CSV download.") + " " + t.gettext(lang, MAP_ATTRIBUTION),
        colour=(110, 120, 130),
    )
    return bytes(pdf.output())


def _figures(pdf: BriefPDF, brief: Brief, t: Translator, x: float, y: float, width: float) -> float:
    lang, figures = brief.lang, brief.step.figures
    counts = [
        (number(figures.sites, lang), t.gettext(lang, "Sites")),
        (number(figures.av_zones, lang), t.gettext(lang, "AV experimentation zones")),
        (
            number(figures.jobs, lang) if figures.sites_with_jobs else "–",
            t.gettext(
                lang, "jobs, known at {known} of {total} sites", known=figures.sites_with_jobs, total=figures.sites
            )
            + years_span(figures.jobs_years),
        ),
    ]
    for value, label in counts:
        pdf.write_text(x, y, 26, 14, value, "B", (31, 95, 168))
        y = max(pdf.write_text(x + 27, y + 1.2, width - 27, 8, label, max_lines=2), y + 7) + 1
    for figure in brief.step.headlines:
        pdf.write_text(x, y, width, 14, headline_value(figure, lang), "B", (31, 95, 168))
        label = f"{figure.get(lang) or figure['en']} ({figure['year']})"
        y = pdf.write_text(x, y + 6.5, width, 8, label, max_lines=3) + 1.5
    return y


def _site_list(pdf: BriefPDF, step: StepView, t: Translator, lang: str, top: float) -> None:
    sites = step.listed
    bottom = PAGE_HEIGHT - EDGE - 1
    heading = t.gettext(lang, "Sites in this view ({count})", count=number(len(sites), lang))
    y = pdf.write_text(EDGE, top, PAGE_WIDTH - 2 * EDGE, 9, heading, "B") + 0.5
    for size in LIST_FONT_SIZES:
        line = size * 0.42
        rows = int((bottom - y) // line)
        if rows * LIST_COLUMNS >= len(sites) or size == LIST_FONT_SIZES[-1]:
            break
    # As few columns as the list needs, so names have room.
    columns = min(LIST_COLUMNS, max(1, math.ceil(len(sites) / rows)))
    column_width = (PAGE_WIDTH - 2 * EDGE) / max(columns, 2)
    shown = sites if len(sites) <= rows * columns else sites[: rows * columns - 1]
    pdf.set_font("DejaVu", "", size)
    pdf.set_text_color(29, 42, 57)
    for index, site in enumerate(shown):
        column, row = divmod(index, rows)
        pdf.set_xy(EDGE + column * column_width, y + row * line)
        pdf.cell(column_width - 1.5, line, _fit(pdf, f"{site['name']} · {site['commune_name']}", column_width - 2))
    if len(shown) < len(sites):
        column, row = divmod(len(shown), rows)
        pdf.set_xy(EDGE + column * column_width, y + row * line)
        more = t.gettext(lang, "… and {count} more (CSV download)", count=len(sites) - len(shown))
        pdf.cell(column_width - 1.5, line, more)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """Text cut with an ellipsis to fit a width at the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"
