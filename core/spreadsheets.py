"""CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads
Indonesian text right), and every text cell a spreadsheet would take for a
formula (= + - @, tab, carriage return) prefixed with an apostrophe."""

from __future__ import annotations

import csv
from collections.abc import Iterable

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def guard(value):
    """A cell a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(out, header: Iterable, rows: Iterable[Iterable]) -> None:
    """``header`` and ``rows`` to ``out`` (a file or response) as guarded CSV."""
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([guard(cell) for cell in header])
    for row in rows:
        writer.writerow([guard(cell) for cell in row])
