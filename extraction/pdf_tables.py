"""Rebuild table rows from pdfminer coordinates.

pdfminer's reading order scrambles tables: it emits a column's cells as one text box, or
the cells of a row in any order. A table is recognised from its header: three or more
short lines on one baseline starting at clearly separate x positions. The header's x
positions are the column starts. Lines below it that start at a column start belong to the
table until a line at the first column runs across the second column's start (body text
again). Cells are top-aligned, so a row starts where the first column starts a new cell
(a vertical gap clearly wider than the line spacing); every line between two row starts is
in that row, in the column whose start it is at. A header repeated on a new page is
dropped. Each row becomes one `Line` with `table_row=True` and the cells joined by " | ".
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from statistics import median

from extraction.dehyphenate import join_lines
from extraction.textlines import Line

MIN_COLUMNS = 3
SAME_BASELINE = 2.5  # points
COLUMN_TOLERANCE = 4.0
MIN_COLUMN_GAP = 25.0
MAX_HEADER_WORDS = 5
ROW_GAP_FACTOR = 1.3


@dataclass(slots=True)
class PlacedLine:
    line: Line
    x0: float
    x1: float
    y0: float
    y1: float
    rel_y: float


def _header_at(lines: list[PlacedLine], i: int) -> list[PlacedLine] | None:
    first = lines[i]
    same = [p for p in lines if abs(p.y0 - first.y0) <= SAME_BASELINE]
    same.sort(key=lambda p: p.x0)
    if len(same) < MIN_COLUMNS or same[0] is not first:
        return None
    if any(len(p.line.text.split()) > MAX_HEADER_WORDS for p in same):
        return None
    if any(b.x0 - a.x1 < 2 or b.x0 - a.x0 < MIN_COLUMN_GAP for a, b in itertools.pairwise(same)):
        return None
    return same


def _column(x0: float, columns: list[float]) -> int | None:
    for index, start in enumerate(columns):
        if abs(x0 - start) <= COLUMN_TOLERANCE:
            return index
    return None


def _rows(cells: list[PlacedLine], columns: list[float]) -> list[list[str]]:
    first = sorted((p for p in cells if _column(p.x0, columns) == 0), key=lambda p: -p.y1)
    if not first:
        return []
    gaps = [a.y1 - b.y1 for a, b in itertools.pairwise(first)]
    spacing = median(gaps) if gaps else 0.0
    small = min(gaps) if gaps else 0.0
    starts = [first[0].y1]
    for a, b in itertools.pairwise(first):
        if a.y1 - b.y1 > max(small, spacing if len(gaps) < 3 else small) * ROW_GAP_FACTOR:
            starts.append(b.y1)
    top = max(p.y1 for p in cells)
    starts[0] = max(starts[0], top)
    rows: list[list[list[str]]] = [[[] for _ in columns] for _ in starts]
    for p in sorted(cells, key=lambda p: (-p.y1, p.x0)):
        row = max((k for k, s in enumerate(starts) if p.y1 <= s + SAME_BASELINE), default=0)
        col = _column(p.x0, columns)
        if col is not None:
            rows[row][col].append(p.line.text.strip())
    out = []
    for row in rows:
        texts = []
        for parts in row:
            text = ""
            for part in parts:
                text = join_lines(text, part, None) if text else part
            texts.append(text.strip())
        out.append(texts)
    return out


def rebuild_tables(pages: list[list[PlacedLine]]) -> list[list[PlacedLine]]:
    """Pages with every recognised table's lines replaced by one line per row."""
    previous_header: tuple[str, ...] | None = None
    out_pages = []
    for lines in pages:
        out: list[PlacedLine] = []
        used: set[int] = set()
        for i, placed in enumerate(lines):
            if id(placed) in used:
                continue
            header = _header_at(lines, i)
            if header is None:
                out.append(placed)
                continue
            columns = [p.x0 for p in header]
            body: list[PlacedLine] = []
            for p in sorted(lines, key=lambda p: -p.y1):
                if p.y1 >= header[0].y0 - SAME_BASELINE or id(p) in used:
                    continue
                col = _column(p.x0, columns)
                if col is None or (col == 0 and p.x1 > columns[1] - 2):
                    if p.rel_y > 0.1:  # page furniture at the bottom does not end it
                        break
                    continue
                body.append(p)
            used.update(id(p) for p in header)
            used.update(id(p) for p in body)
            names = tuple(p.line.text.strip() for p in header)
            rows = _rows(body, columns)
            template = header[0]
            if names != previous_header:
                rows.insert(0, list(names))
            previous_header = names
            for cells in rows:
                if not any(cells):
                    continue
                text = " | ".join(c if c else "–" for c in cells)
                out.append(replace(template, line=replace(template.line, text=text,
                                                          table_row=True)))
        out_pages.append(out)
    return out_pages
