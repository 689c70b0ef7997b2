"""The sites of a selection as files members open in a spreadsheet: CSV (UTF-8 with a BOM) and Excel.

The columns of `data/sites.csv` come first, codes and all, so a download reads back as a sources
file; the labels of the codes, in the page's language, follow (the build ignores them).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from dashboard.queries import DISTANCE_COLUMN, EXPORT_COLUMNS, LABEL_COLUMNS
from dashboard.vocab import Vocabularies

COLUMNS = (*EXPORT_COLUMNS, *LABEL_COLUMNS)
# Spreadsheets run text cells starting with these as formulas: such text is prefixed to stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def labelled(sites: list[dict[str, Any]], vocab: Vocabularies, lang: str) -> list[dict[str, Any]]:
    """The sites with the labels of their codes in a language (several drivers joined by '|')."""
    rows = []
    for site in sites:
        labels = {}
        for column, (code_column, kind) in LABEL_COLUMNS.items():
            codes = site[code_column] if isinstance(site[code_column], list) else [site[code_column]]
            labels[column] = "|".join(vocab.label(kind, code, lang) for code in codes)
        rows.append({**site, **labels})
    return rows


def _cell(value: Any) -> Any:
    """A value for a cell: lists joined by '|', None empty; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(value)
    return value


def _defused(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, prefixed so it stays text."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def columns(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """The columns of a download: the sources file's, the labels, and the distance around a centre."""
    return (*COLUMNS, DISTANCE_COLUMN) if rows and DISTANCE_COLUMN in rows[0] else COLUMNS


def to_csv(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV, with a byte-order mark so spreadsheets read it as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\n")
    header = columns(rows)
    writer.writerow(header)
    writer.writerows([_defused(_cell(row[column])) for column in header] for row in rows)
    return buffer.getvalue()


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """The rows as an Excel workbook of one sheet; text is always stored as text, never as a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sites")
    header = columns(rows)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in header:
            cell = WriteOnlyCell(sheet, value=_cell(row[column]))
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
