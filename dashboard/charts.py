"""Charts of a selection: sites and known jobs by region, category or driver."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.i18n import N_, Translator, number
from dashboard.queries import Share
from dashboard.vocab import Vocabularies

# Chart kind → (vocabulary, title); drivers use their short labels, which fit a bar's axis.
KINDS = {
    "region": ("regions", N_("By region")),
    "category": ("categories", N_("By category")),
    "driver": ("drivers", N_("By innovation driver")),
}
ACCENT = "#1f5fa8"
INK = "#1d2733"
FONT = "Inter, 'Segoe UI', Arial, sans-serif"


@dataclass(frozen=True)
class Bar:
    """One bar pair of a chart, labelled and coloured."""

    label: str
    colour: str
    sites: int
    jobs: int


def bars(shares: list[Share], by: str, vocab: Vocabularies, lang: str) -> list[Bar]:
    """The chart's bars in the vocabulary's order, labelled in a language."""
    kind, _ = KINDS[by]
    found = {share.code: share for share in shares}
    result = []
    for code in vocab.codes(kind):
        if code not in found:
            continue
        label = (vocab.attribute(kind, code, f"short_{lang}") if kind == "drivers" else None) or vocab.label(
            kind, code, lang
        )
        colour = vocab.attribute(kind, code, "colour", ACCENT) if kind == "categories" else ACCENT
        result.append(Bar(label, colour, found[code].sites, found[code].jobs))
    return result


def panels(found: list[Bar], t: Translator, lang: str) -> list[tuple[str, list[int]]]:
    """The chart's panels, titled: sites, and jobs beside them when any job figure is known."""
    result = [(t.gettext(lang, "Sites"), [bar.sites for bar in found])]
    if any(bar.jobs for bar in found):
        result.append((t.gettext(lang, "Jobs (where known)"), [bar.jobs for bar in found]))
    return result


def figure(shares: list[Share], by: str, vocab: Vocabularies, t: Translator, lang: str) -> go.Figure:
    """Bar panels side by side (sites, known jobs), sized for a projector."""
    found = bars(shares, by, vocab, lang)
    labels = [bar.label for bar in found]
    shown = panels(found, t, lang)
    chart = make_subplots(
        rows=1,
        cols=len(shown),
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=[title for title, _ in shown],
    )
    for column, (_, values) in enumerate(shown, start=1):
        chart.add_trace(
            go.Bar(
                y=labels,
                x=values,
                orientation="h",
                marker_color=[bar.colour for bar in found],
                text=[number(value, lang) for value in values],
                textposition="auto",
                cliponaxis=False,
                hoverinfo="skip",
            ),
            row=1,
            col=column,
        )
    chart.update_layout(
        title={"text": t.gettext(lang, KINDS[by][1]), "x": 0, "font": {"size": 22}},
        showlegend=False,
        margin={"l": 10, "r": 20, "t": 80, "b": 10},
        font={"family": FONT, "size": 18, "color": INK},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        bargap=0.25,
    )
    chart.update_xaxes(visible=False)
    chart.update_yaxes(autorange="reversed", automargin=True, ticksuffix="  ")
    chart.update_annotations(font={"size": 18})
    return chart
