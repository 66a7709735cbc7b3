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
from collections.abc import Iterable
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
TOP_BAND = 0.12  # share of the page height where running headers live
SPLIT_SLACK = 4  # characters: how far from the estimated column start a merged line may split
HEADING_SIZE_STEP = 0.5  # points: a line this much larger than the header is a heading
RULE_SLACK = 6.0  # points: a table's drawn rules may lie this far outside its text


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


# words of a header cell wrapped over lines ("Osaamisen ja palvelutarpeen arviointi (14 §)")
MAX_HEADER_CELL_WORDS = 10


def _edges(rules: Iterable[float]) -> list[int]:
    """The heights of a page's drawn rules, top down, once each."""
    return sorted({round(y) for y in rules}, reverse=True)


def _band(edges: list[int], y: float) -> tuple[int, int] | None:
    """(top, bottom): the two rules `y` lies between."""
    return next(((top, bottom) for top, bottom in itertools.pairwise(edges) if bottom <= y <= top), None)


def _banded_header(lines: list[PlacedLine], i: int, edges: list[int]) -> tuple[
        list[PlacedLine], list[PlacedLine]] | None:
    """The header row of a ruled table whose cells are centred vertically, so that their
    first lines stand on different baselines: the lines between the two rules (`edges`)
    around `lines[i]`, one cell per column start (its lines joined top to bottom), the row's
    full height. Returned with the lines it is made of. None unless `lines[i]` starts the row."""
    first = lines[i]
    band = _band(edges, (first.y0 + first.y1) / 2)
    if band is None or band[0] - band[1] > MAX_ROW_HEIGHT:
        return None
    top, bottom = band
    columns = _band_columns(lines, top, bottom)
    if len(columns) < MIN_COLUMNS or first not in columns[0] or _row_above(lines, columns, edges, top):
        return None
    header = []
    for cell in columns:
        cell.sort(key=lambda p: -p.y1)
        text = " ".join(p.line.text.strip() for p in cell)
        if len(text.split()) > MAX_HEADER_CELL_WORDS:
            return None
        header.append(replace(cell[0], line=replace(cell[0].line, text=text), x0=min(p.x0 for p in cell),
                              x1=max(p.x1 for p in cell), y0=bottom, y1=top))
    if any(b.x0 - a.x1 < 2 for a, b in itertools.pairwise(header)):
        return None
    return header, [p for cell in columns for p in cell]


def _row_above(lines: list[PlacedLine], columns: list[list[PlacedLine]], edges: list[int],
               top: float) -> bool:
    """Whether a row of the same grid stands right above the band whose `columns` these are
    (then that band is a data row, not the header)."""
    above = next((y for y in reversed(edges) if y > top), None)
    if above is None or above - top > MAX_ROW_HEIGHT:
        return False
    starts = [cell[0].x0 for cell in columns]
    return sum(_column(cell[0].x0, starts) is not None
               for cell in _band_columns(lines, above, top)) >= MIN_COLUMNS


def _band_columns(lines: list[PlacedLine], top: float, bottom: float) -> list[list[PlacedLine]]:
    """The lines between two rules, grouped by the column start they stand at, left to right."""
    columns: list[list[PlacedLine]] = []
    for p in sorted((p for p in lines if bottom <= (p.y0 + p.y1) / 2 <= top), key=lambda p: p.x0):
        if columns and p.x0 - columns[-1][0].x0 < MIN_COLUMN_GAP:
            columns[-1].append(p)
        else:
            columns.append([p])
    return columns


def _column(x0: float, columns: list[float]) -> int | None:
    for index, start in enumerate(columns):
        if abs(x0 - start) <= COLUMN_TOLERANCE:
            return index
    return None


MAX_ROW_HEIGHT = 250.0  # points: a gap between rules wider than this is outside the table


def _ruled_bottom(header: list[PlacedLine], rules: list[float]) -> float | None:
    """The lowest rule of the grid drawn under a header: consecutive rules from the header
    down, none further apart than a row can be tall."""
    below = sorted((y for y in rules if y <= header[0].y1 + RULE_SLACK), reverse=True)
    if len(below) < 2:
        return None
    bottom = below[0]
    for y in below[1:]:
        if bottom - y > MAX_ROW_HEIGHT:
            break
        bottom = y
    return bottom if bottom < header[0].y0 else None


def _ruled_rows(cells: list[PlacedLine], columns: list[float], rules: list[float]) -> list[list[str]] | None:
    """Rows between the table's drawn horizontal rules (cell borders), when it has them:
    each line goes to the band its middle is in. None for a table drawn without rules."""
    if not cells:
        return None
    top, bottom = max(p.y1 for p in cells) + RULE_SLACK, min(p.y0 for p in cells) - RULE_SLACK
    edges = _edges(y for y in rules if bottom <= y <= top)
    if len(edges) < 3:
        return None
    rows: dict[tuple[int, int], list[list[str]]] = {band: [[] for _ in columns]
                                                    for band in itertools.pairwise(edges)}
    for p in sorted(cells, key=lambda p: (-p.y1, p.x0)):
        band, col = _band(edges, (p.y0 + p.y1) / 2), _column(p.x0, columns)
        if band is not None and col is not None:
            rows[band][col].append(p.line.text.strip())
    return _joined(list(rows.values()))


def _joined(rows: list[list[list[str]]]) -> list[list[str]]:
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


def _rows(cells: list[PlacedLine], columns: list[float], rules: list[float] = ()) -> list[list[str]]:
    ruled = _ruled_rows(cells, columns, list(rules))
    if ruled is not None:
        return ruled
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
    return _joined(rows)


def _split_merged(p: PlacedLine, columns: list[float]) -> list[PlacedLine] | None:
    """A first-column line that pdfminer merged with the next cell across a narrow gap
    ("Kotoutumiskoulutus (26–27 §) Mikkelin seudun"), split at the space nearest each column
    start it crosses (characters taken as equally wide). None for a line that crosses every
    column start (body text after the table) or has no space near a crossed start."""
    crossed = [c for c in columns[1:] if p.x1 > c - 2]
    text = p.line.text
    if len(crossed) == len(columns) - 1 or not text.strip():
        return None
    width = (p.x1 - p.x0) / len(text)
    parts, start, x = [], 0, p.x0
    for column in crossed:
        guess = round((column - p.x0) / width)
        window = range(max(start + 1, guess - SPLIT_SLACK), min(len(text), guess + SPLIT_SLACK + 1))
        spaces = [i for i in window if text[i] == " "]
        if not spaces:
            return None
        cut = min(spaces, key=lambda i: abs(i - guess))
        parts.append((text[start:cut], x))
        start, x = cut + 1, column
    parts.append((text[start:], x))
    return [replace(p, line=replace(p.line, text=part, x0=x0), x0=x0) for part, x0 in parts if part.strip()]


def _heading(p: PlacedLine, header: list[PlacedLine]) -> bool:
    """A line in a larger font than the table's header: the next heading."""
    sizes = [h.line.size for h in header if h.line.size]
    return bool(sizes and p.line.size and p.line.size > max(sizes) + HEADING_SIZE_STEP)


def _cells(p: PlacedLine, header: list[PlacedLine], columns: list[float]) -> list[PlacedLine] | None:
    """The table cells a line holds, or None when it ends the table: at no column start,
    body text across the columns, or a larger font than the header's (the next heading)."""
    col = _column(p.x0, columns)
    if col is None or _heading(p, header):
        return None
    if col == 0 and p.x1 > columns[1] - 2:
        return _split_merged(p, columns)
    return [p]


def _header_names(header: list[PlacedLine], body: list[PlacedLine], columns: list[float],
                  floor: float | None = None) -> tuple[tuple[str, ...], list[PlacedLine]]:
    """Header cell texts, with header lines wrapped above the first row ("Muut" /
    "maahanmuuttajat"), and the body without them. In a drawn grid (`floor`: the rule
    under the header) only lines above that rule are the header's: a first row's cell
    centred in its row may start above the row's first cell."""
    first = [p.y1 for p in body if _column(p.x0, columns) == 0]
    top = max(first) if first else None
    names = [p.line.text.strip() for p in header]
    rest = []
    for p in sorted(body, key=lambda p: -p.y1):
        col = _column(p.x0, columns)
        if floor is not None and (p.y0 + p.y1) / 2 < floor:
            rest.append(p)
        elif top is not None and col is not None and p.y1 > top + SAME_BASELINE:
            names[col] = f"{names[col]} {p.line.text.strip()}".strip()
        else:
            rest.append(p)
    return tuple(names), rest


def _header_above(lines: list[PlacedLine], first_row: list[PlacedLine]) -> list[PlacedLine] | None:
    """The header of a table whose header leaves its first cell empty ("| Työnhakijat |
    Muut"), found by its first row: the short lines right above that row, on one baseline,
    each at the start of one of the other columns. Returned with an empty first cell."""
    columns = [p.x0 for p in first_row]
    height = first_row[0].y1 - first_row[0].y0
    above = [p for p in lines if 0 < p.y0 - first_row[0].y1 <= 2.5 * height]
    if len(above) < 2 or any(abs(p.y0 - above[0].y0) > SAME_BASELINE for p in above):
        return None
    at = [_column(p.x0, columns) for p in above]
    if None in at or 0 in at or len(set(at)) < len(at) or any(
            len(p.line.text.split()) > MAX_HEADER_WORDS for p in above):
        return None
    corner = min(above, key=lambda p: p.x0)
    empty = replace(corner, line=replace(corner.line, text=""), x0=columns[0], x1=columns[0])
    return [empty, *sorted(above, key=lambda p: p.x0)]


def _table_lines(lines: list[PlacedLine], header: list[PlacedLine], used: set[int],
                 previous_header: tuple[str, ...] | None,
                 rules: list[float] = ()) -> tuple[list[PlacedLine], tuple[str, ...]]:
    """The row lines of the table under `header` (marking its lines used) and its header."""
    header = _header_above(lines, header) or header
    columns = [p.x0 for p in header]
    bottom = _ruled_bottom(header, rules)
    body: list[PlacedLine] = []
    # the same header again ends this table, however well its columns line up with these:
    # the rows under it are the next table's
    again = {id(q) for q in lines if q.y0 < header[0].y0 - SAME_BASELINE and any(
        abs(q.y0 - h.y0) <= SAME_BASELINE for h in lines
        if h.line.text.strip() == header[0].line.text.strip() and h.y0 < header[0].y0 - SAME_BASELINE)}
    for p in sorted(lines, key=lambda p: -p.y1):
        if p.y1 >= header[0].y0 - SAME_BASELINE or id(p) in used:
            continue
        if id(p) in again:
            break
        cells = _cells(p, header, columns)
        if cells is None and _heading(p, header):
            break  # the next heading, even where the next table's rules follow closely
        if cells is None and bottom is not None and (p.y0 + p.y1) / 2 > bottom and p.x0 >= columns[0] - 2:
            # inside the drawn grid a line off the column starts (spaced or centred text)
            # is in the column it stands in
            start = max(c for c in columns if c <= p.x0 + COLUMN_TOLERANCE)
            cells = [replace(p, line=replace(p.line, x0=start), x0=start)]
        if cells is None:
            if p.rel_y > 0.1:  # page furniture at the bottom does not end it
                break
            continue
        used.add(id(p))
        body.extend(cells)
    used.update(id(p) for p in header)
    middle = (header[0].y0 + header[0].y1) / 2
    floor = max((y for y in rules if y < middle), default=None) if bottom is not None else None
    names, body = _header_names(header, body, columns, floor)
    rows = _rows(body, columns, rules)
    template = header[0]
    # the same header at the top of a page continues the table; under a heading
    # ("Juva") it starts a new one
    text_above = any(p.y0 > template.y1 and p.rel_y < 1 - TOP_BAND for p in lines) or _caption_above(
        lines, template)
    if names != previous_header or text_above:
        rows.insert(0, list(names))
    out = [replace(template, line=replace(template.line, text=" | ".join(c if c else "–" for c in cells),
                                          table_row=True))
           for cells in rows if any(cells)]
    return out, names


def _caption_above(lines: list[PlacedLine], header: PlacedLine) -> bool:
    """A line right above a header at the top of a page ("Lieto", then the table): a caption
    that starts a new table, where a running header stands apart from the text under it."""
    return any(_just_above(p, header) for p in lines if p is not header)


def _just_above(p: PlacedLine, header: PlacedLine) -> bool:
    """Whether `p` stands right above `header`, within two of its line heights."""
    return 0 <= p.y0 - header.y1 <= 2 * (header.y1 - header.y0)


def rebuild_tables(pages: list[list[PlacedLine]],
                   rules: list[list[float]] | None = None) -> list[list[PlacedLine]]:
    """Pages with every recognised table's lines replaced by one line per row; `rules`
    (per page, the heights of drawn horizontal strokes) give ruled tables their rows.

    Tables are found first, then the page is written out: pdfminer may emit a header's
    right-hand cells before its first one, and those must not stay behind as text.
    """
    previous_header: tuple[str, ...] | None = None
    out_pages = []
    for number, lines in enumerate(pages):
        page_rules = rules[number] if rules else []
        edges = _edges(page_rules)
        used: set[int] = set()
        tables: dict[int, list[PlacedLine]] = {}
        for i, placed in enumerate(lines):
            if id(placed) in used:
                continue
            header = _header_at(lines, i)
            banded = _banded_header(lines, i, edges) if edges else None
            if banded is not None and len(banded[0]) > len(header or ()):
                # a drawn header row holds cells of any height: where some wrap and others are
                # centred, the first lines on one baseline miss the wrapped cells
                header, parts = banded
                used.update(id(p) for p in parts if p is not placed)
            if header is not None:
                tables[id(placed)], previous_header = _table_lines(lines, header, used, previous_header,
                                                                   page_rules)
        table_bottom = min((p.y0 for p in lines if id(p) in used), default=None)
        if table_bottom is not None and any(p.y1 < table_bottom and p.rel_y > 0.1 for p in lines
                                            if id(p) not in used):
            previous_header = None  # text after the last table ("Naantali"): the next page's is new
        out: list[PlacedLine] = []
        emitted: set[int] = set()
        for placed in lines:
            if id(placed) in tables:
                # a caption right above the table ("Kauniainen") that pdfminer reads after
                # the table's first line still goes before the table
                captions = [p for p in lines if id(p) not in used and id(p) not in emitted
                            and p is not placed and _just_above(p, tables[id(placed)][0])]
                out.extend(captions)
                emitted.update(id(p) for p in captions)
                out.extend(tables[id(placed)])
            elif id(placed) not in used and id(placed) not in emitted:
                out.append(placed)
                emitted.add(id(placed))
        out_pages.append(out)
    return out_pages
