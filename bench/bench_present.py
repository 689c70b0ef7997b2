"""Time to draw each step of the bundled tours and to export it, on the bundled database.

Prints, per step, the step query (what the presentation callback computes), the map PNG and the
one-page PDF brief, then medians. Run: .venv/bin/python -m bench.bench_present [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from dashboard import exports, model, queries, tours
from dashboard.db import Database
from dashboard.i18n import Translator
from dashboard.settings import Settings
from dashboard.vocab import Vocabularies


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = Settings.from_env()
    cursor = Database(settings.database).cursor()
    vocab = Vocabularies(queries.vocabulary(cursor))
    headlines = queries.headline_figures(cursor)
    t = Translator.load()
    known = model.tour_known(cursor, vocab)
    reference = settings.data_dir / "reference"
    first, _ = timed(lambda: exports.basemap(reference))
    print(f"reading the basemap layers once a process: {first:.0f} ms")
    timings: dict[str, list[float]] = {"step": [], "png": [], "pdf": [], "pdf bytes": []}
    for found in tours.read_tours(settings.tours_dir, known):
        for number, step in enumerate(found.tour["steps"], start=1):
            for _ in range(args.runs):
                step_ms, view = timed(lambda step=step: model.step_view(cursor, step, vocab, headlines))
                png_ms, _ = timed(lambda view=view: exports.map_png(view, vocab, reference, t, "en"))
                brief = exports.Brief("Bench", "", "https://atlas.example.org/", "en", view)
                pdf_ms, pdf = timed(lambda brief=brief: exports.brief_pdf(brief, vocab, t, reference))
                for key, value in (("step", step_ms), ("png", png_ms), ("pdf", pdf_ms), ("pdf bytes", len(pdf))):
                    timings[key].append(value)
            print(f"{found.id} step {number:2}: query {step_ms:6.1f} ms  png {png_ms:6.0f} ms  pdf {pdf_ms:6.0f} ms")
    for key, values in timings.items():
        unit = "" if key == "pdf bytes" else " ms"
        print(f"median {key}: {statistics.median(values):.0f}{unit}  max {max(values):.0f}{unit}")


if __name__ == "__main__":
    main()
