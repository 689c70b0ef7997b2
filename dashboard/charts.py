"""Charts of a selection: sites and known jobs by region, category or driver."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
# The gap between panels, a share of the chart's width.
SPACING = 0.04


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


def figure(shares: list[Share], by: str, vocab: Vocabularies, t: Translator, lang: str) -> dict[str, Any]:
    """Bar panels side by side (sites, known jobs), sized for a projector.

    A plain plotly figure (data and layout): built by plotly's classes with subplots, it cost ~50 ms
    of validation a tour step and carried plotly's whole default template.
    """
    found = bars(shares, by, vocab, lang)
    labels = [bar.label for bar in found]
    shown = panels(found, t, lang)
    width = (1 - SPACING * (len(shown) - 1)) / len(shown)
    data, layout = [], {}
    annotations = []
    for index, (title, values) in enumerate(shown):
        suffix = str(index + 1) if index else ""
        left = index * (width + SPACING)
        data.append(
            {
                "type": "bar",
                "y": labels,
                "x": values,
                "orientation": "h",
                "marker": {"color": [bar.colour for bar in found]},
                "text": [number(value, lang) for value in values],
                "textposition": "auto",
                "cliponaxis": False,
                "hoverinfo": "skip",
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
            }
        )
        layout[f"xaxis{suffix}"] = {"anchor": f"y{suffix}", "domain": [left, left + width], "visible": False}
        # One label axis for all panels: the first shows the names, the others follow it.
        layout[f"yaxis{suffix}"] = {
            "anchor": f"x{suffix}",
            "autorange": "reversed",
            "automargin": True,
            "ticksuffix": "  ",
            "showgrid": False,
            **({"matches": "y", "showticklabels": False} if index else {}),
        }
        # Outer panels' titles keep to the chart's edges, so a long one is never cut off.
        anchor = "right" if index and index == len(shown) - 1 else "left" if len(shown) > 1 else "center"
        annotations.append(
            {
                "text": title,
                "x": {"left": left, "center": left + width / 2, "right": left + width}[anchor],
                "y": 1.0,
                "xref": "paper",
                "yref": "paper",
                "xanchor": anchor,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 18},
            }
        )
    layout.update(
        annotations=annotations,
        title={"text": t.gettext(lang, KINDS[by][1]), "x": 0, "font": {"size": 22}},
        showlegend=False,
        margin={"l": 10, "r": 20, "t": 80, "b": 10},
        font={"family": FONT, "size": 18, "color": INK},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        bargap=0.25,
        # Numbers inside bars are never shrunk below a projector's readable size.
        uniformtext={"minsize": 14, "mode": "show"},
    )
    return {"data": data, "layout": layout}
